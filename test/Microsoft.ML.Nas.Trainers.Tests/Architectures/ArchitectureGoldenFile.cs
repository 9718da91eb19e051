using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Microsoft.ML.Nas.Trainers.Tests.Architectures;

/// <summary>
/// The checked-in golden files of the architecture tests: TestData/arch_descriptions.json (written by the tests from
/// seeded parameters; regenerate with NASML_WRITE_ARCH_GOLDEN=1) and TestData/arch_costs.json (written from it by
/// TestData/make_arch_costs.py with Debian's PyTorch: /usr/bin/python3 make_arch_costs.py).
/// </summary>
internal static class ArchitectureGoldenFile
{
    public const string DescriptionsName = "arch_descriptions.json";
    public const string CostsName = "arch_costs.json";

    private static readonly Lazy<JsonDocument> s_costs = new(() => JsonDocument.Parse(File.ReadAllText(PathOf(CostsName))));

    /// <summary>Finds a test data file next to the test assembly, else in the source tree.</summary>
    public static string PathOf(string name)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "TestData", name);
        return File.Exists(copied) ? copied : Path.Combine(SourceDirectory(), name);
    }

    public static string SourceDirectory([CallerFilePath] string callerFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(callerFile)!, "..", "TestData"));

    /// <summary>Writes the descriptions file's text: one architecture per line, so a change reads as a small diff.</summary>
    public static string GenerateDescriptions()
    {
        var builder = new StringBuilder("{\"spaces\":[\n");
        var spaces = ArchitectureTestSpaces.All;
        for (int s = 0; s < spaces.Count; s++)
        {
            var space = spaces[s];
            builder.Append("{\"name\":").Append(JsonSerializer.Serialize(space.Name))
                .Append(",\"input\":[").AppendJoin(',', space.Input.Dimensions).Append("],\"outputs\":").Append(space.Outputs)
                .Append(",\"architectures\":[\n");
            var samples = ArchitectureTestSpaces.SeededParameters(space).ToList();
            for (int a = 0; a < samples.Count; a++)
            {
                var (seed, parameter) = samples[a];
                var description = space.Space.Describe(parameter, space.Input, space.Outputs);
                builder.Append("{\"seed\":").Append(seed)
                    .Append(",\"summary\":").Append(JsonSerializer.Serialize(space.Space.Summarize(parameter)))
                    .Append(",\"parameter\":").Append(parameter.ToJson())
                    .Append(",\"description\":").Append(description.ToJson())
                    .Append('}').Append(a + 1 < samples.Count ? ",\n" : "\n");
            }

            builder.Append("]},\n");
        }

        builder.Append("{\"name\":\"handmade\",\"architectures\":[\n");
        var handmade = ArchitectureTestSpaces.Handmade();
        for (int a = 0; a < handmade.Count; a++)
        {
            builder.Append("{\"description\":").Append(handmade[a].ToJson()).Append('}').Append(a + 1 < handmade.Count ? ",\n" : "\n");
        }

        builder.Append("]}\n");

        return builder.Append("]}\n").ToString();
    }

    /// <summary>Reads PyTorch's record of one architecture: parameters, macs, stateSignature, stateEntries, output.</summary>
    public static JsonElement Costs(string space, int index) =>
        s_costs.Value.RootElement.GetProperty("spaces").GetProperty(space)[index];
}
