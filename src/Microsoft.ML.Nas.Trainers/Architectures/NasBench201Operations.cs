namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>The NAS-Bench-201 names of <see cref="NasBench201Operation"/> values.</summary>
internal static class NasBench201Operations
{
    private static readonly (NasBench201Operation Operation, string Name)[] s_names =
    [
        (NasBench201Operation.None, "none"),
        (NasBench201Operation.SkipConnect, "skip_connect"),
        (NasBench201Operation.Conv1x1, "nor_conv_1x1"),
        (NasBench201Operation.Conv3x3, "nor_conv_3x3"),
        (NasBench201Operation.AvgPool3x3, "avg_pool_3x3"),
    ];

    public static IEnumerable<NasBench201Operation> All => s_names.Select(n => n.Operation);

    public static string Name(NasBench201Operation operation) =>
        s_names.First(n => n.Operation == operation).Name;

    public static NasBench201Operation Parse(string name, string context)
    {
        foreach (var (operation, candidate) in s_names)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return operation;
            }
        }

        throw new ArgumentException(
            $"{context}: '{name}' is not a NAS-Bench-201 operation; expected one of {string.Join(", ", s_names.Select(n => n.Name))}.");
    }
}
