using System.Globalization;
using System.Text;
using Microsoft.ML.Nas.Trainers.Architectures;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Search;

/// <summary>Tables and a small, quick search setup for the tabular search tests.</summary>
internal static class TabularSearchData
{
    private static readonly Lazy<TabularFrame> s_churn200 = new(() => LoadChurn("churn-200.csv"));

    /// <summary>The checked-in 200-row churn table, <c>CustomerId</c> ignored.</summary>
    public static TabularFrame Churn200 => s_churn200.Value;

    public static string ChurnPath(string fileName) => Path.Combine(AppContext.BaseDirectory, "TestData", fileName);

    public static TabularLoadOptions ChurnOptions { get; } = new() { LabelColumn = "Churn", IgnoreColumns = ["CustomerId"] };

    /// <summary>One or two hidden layers of 32 or 64 units; activation, dropout, normalisation and residuals searched.</summary>
    public static MlpSpace SmallMlp() => ArchitectureSpaces.Mlp(new MlpSpaceOptions { LayerCounts = [1, 2], WidthChoices = [32, 64] });

    /// <summary>The tables' recipe space with Adam only and a fixed number of epochs, so trials are short and reliable.</summary>
    public static TrainingRecipeSpace QuickTableRecipes(int epochs) => TrainingRecipeSpace.ForTables() with
    {
        Optimizers = [OptimizerChoice.Adam],
        Epochs = new IntegerSearchRange(epochs, epochs),
    };

    /// <summary>
    /// A seeded regression table in target units around 100: <c>y = 100 + 20·x1 − 15·x2² + shift(color) + noise</c>, with
    /// missing <c>x2</c> values (written <c>NA</c>) that count as 0 in the target.
    /// </summary>
    public static TabularFrame Regression(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("x1,x2,color,y\n");
        string[] colors = ["red", "green", "blue"];
        double[] shifts = [0, 10, -10];
        for (var row = 0; row < rows; row++)
        {
            var x1 = (random.NextDouble() * 2) - 1;
            var x2 = (random.NextDouble() * 2) - 1;
            var color = random.Next(colors.Length);
            var missing = random.NextDouble() < 0.05;
            var noise = ((random.NextDouble() + random.NextDouble() + random.NextDouble()) - 1.5) * 2;
            var y = 100 + (20 * x1) - (15 * (missing ? 0 : x2 * x2)) + shifts[color] + noise;
            text.Append(CultureInfo.InvariantCulture, $"{x1:F4},{(missing ? "NA" : x2.ToString("F4", CultureInfo.InvariantCulture))},{colors[color]},{y:F3}\n");
        }

        using var reader = new StringReader(text.ToString());
        return TabularDataLoader.LoadCsv(reader, new TabularLoadOptions { LabelColumn = "y" }, "synthetic-regression.csv");
    }

    /// <summary>Every row of a frame as text keyed by column name, the way a CSV gives it.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string?>> RawRows(TabularFrame frame) =>
        [.. Enumerable.Range(0, frame.RowCount).Select(row =>
            (IReadOnlyDictionary<string, string?>)frame.Columns.ToDictionary(column => column.Name, column => column.Values[row], StringComparer.Ordinal))];

    private static TabularFrame LoadChurn(string fileName) => TabularDataLoader.LoadCsv(ChurnPath(fileName), ChurnOptions);
}
