using System.Globalization;
using System.Text;

namespace Microsoft.ML.Nas.Trainers.Tests.Data;

/// <summary>
/// Generates the checked-in TestData/churn-*.csv files: a synthetic "customer churn" table with numeric and
/// categorical columns, quoted values holding commas, and missing values written three ways (empty, NA, ?).
/// </summary>
/// <remarks>
/// The label follows a logistic model with non-linear terms (new-customer spike, support calls × contract), so a
/// small network can beat a linear model on it. Regenerate the files with
/// <c>NASML_REGENERATE_TESTDATA=1 dotnet test --filter SyntheticChurnTableTests</c>.
/// </remarks>
internal static class SyntheticChurnTable
{
    public const string Header =
        "CustomerId,Gender,SeniorCitizen,Tenure,Contract,InternetService,PaymentMethod,MonthlyCharges,SupportCalls,TotalCharges,Churn";

    private static readonly string[] Contracts = ["Month-to-month", "One year", "Two year"];
    private static readonly string[] InternetServices = ["DSL", "Fiber optic", "No"];
    private static readonly string[] PaymentMethods =
        ["Electronic check", "Mailed check", "Bank transfer, automatic", "Credit card, automatic"];

    /// <summary>The table as CSV text (LF line ends, invariant culture).</summary>
    public static string Generate(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 1; i <= rows; i++)
        {
            var senior = random.NextDouble() < 0.16 ? 1 : 0;
            var contract = Pick(Contracts, [0.55, 0.25, 0.20], random);
            var tenure = contract == "Month-to-month" ? 1 + random.Next(36) : 1 + random.Next(72);
            var internet = Pick(InternetServices, [0.35, 0.45, 0.20], random);
            var payment = Pick(PaymentMethods, [0.34, 0.23, 0.22, 0.21], random);
            var monthly = internet switch
            {
                "No" => 20 + (5 * Gaussian(random)),
                "DSL" => 55 + (10 * Gaussian(random)),
                _ => 85 + (12 * Gaussian(random)),
            };
            monthly = Math.Round(Math.Max(15, monthly), 2);
            var calls = Math.Min(9, Poisson(contract == "Month-to-month" ? 2.2 : 1.2, random));
            var total = Math.Round(tenure * monthly * (0.95 + (0.1 * random.NextDouble())), 2);

            var logit = -2.8
                + (contract == "Month-to-month" ? 1.3 : contract == "Two year" ? -1.2 : 0)
                + (-0.04 * (tenure - 24))
                + (tenure < 6 ? 0.9 : 0)
                + (internet == "Fiber optic" ? 0.8 : 0)
                + (calls >= 4 && contract == "Month-to-month" ? 1.4 : 0.1 * calls)
                + (payment == "Electronic check" ? 0.5 : 0)
                + (0.3 * senior)
                + (0.015 * (monthly - 65));
            var churn = random.NextDouble() < 1 / (1 + Math.Exp(-logit));

            // Values go missing at random, after the label is drawn, the way real exports lose fields.
            var internetText = random.NextDouble() < 0.04 ? "NA" : internet;
            var callsText = random.NextDouble() < 0.05 ? "?" : calls.ToString(CultureInfo.InvariantCulture);
            var totalText = random.NextDouble() < 0.03 ? string.Empty : total.ToString("F2", CultureInfo.InvariantCulture);
            string[] fields =
            [
                string.Create(CultureInfo.InvariantCulture, $"C{i:0000}"),
                random.NextDouble() < 0.5 ? "Female" : "Male",
                senior.ToString(CultureInfo.InvariantCulture),
                tenure.ToString(CultureInfo.InvariantCulture),
                contract,
                internetText,
                payment,
                monthly.ToString("F2", CultureInfo.InvariantCulture),
                callsText,
                totalText,
                churn ? "Yes" : "No",
            ];
            text.AppendJoin(',', fields.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string field) =>
        field.Contains(',', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal)
            ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : field;

    private static string Pick(string[] values, double[] weights, Random random)
    {
        var u = random.NextDouble();
        for (var i = 0; i < values.Length - 1; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return values[i];
            }
        }

        return values[^1];
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Poisson(double rate, Random random)
    {
        // Knuth's method: fine for small rates.
        var limit = Math.Exp(-rate);
        var count = 0;
        for (var product = random.NextDouble(); product > limit; product *= random.NextDouble())
        {
            count++;
        }

        return count;
    }
}
