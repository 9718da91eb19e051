using System.Runtime.CompilerServices;
using Microsoft.ML.Nas.Trainers.Data;

namespace Microsoft.ML.Nas.Trainers.Tests.Data;

/// <summary>Writes small CSV files into a private temporary folder, deleted on dispose.</summary>
internal sealed class TabularTestFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-tabular-").FullName;

    /// <summary>The checked-in test data folder as copied next to the test assembly.</summary>
    public static string TestDataDirectory => Path.Combine(AppContext.BaseDirectory, "TestData");

    /// <summary>The checked-in test data folder in the source tree (for regenerating it).</summary>
    public static string SourceTestDataDirectory([CallerFilePath] string callerFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(callerFile)!, "..", "TestData"));

    public string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes <paramref name="text"/> to a file and loads it with the label column <c>y</c> unless told otherwise.</summary>
    public TabularFrame Load(string name, string text, TabularLoadOptions? options = null) =>
        TabularDataLoader.LoadCsv(Write(name, text), options ?? new TabularLoadOptions { LabelColumn = "y" });

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
