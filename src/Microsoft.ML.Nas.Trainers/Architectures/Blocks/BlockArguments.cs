using System.Globalization;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// Checks the blocks' constructor arguments before any layer is created, so a bad size fails with a managed exception
/// that names it (libtorch would fail later, or with a native message) and no half-built block is left to dispose.
/// </summary>
internal static class BlockArguments
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> is at least 1.</summary>
    public static int RequirePositive(int value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
        return value;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="groups"/> is at least 1 and divides both channel counts.</summary>
    public static int RequireGroups(int inChannels, int outChannels, int groups)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(groups), groups,
                string.Create(CultureInfo.InvariantCulture, $"The groups must divide both inChannels ({inChannels}) and outChannels ({outChannels})."));
        }

        return groups;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="dropout"/> lies in [0, 1).</summary>
    public static double RequireDropout(double dropout, string name)
    {
        if (!(dropout >= 0 && dropout < 1))
        {
            throw new ArgumentOutOfRangeException(name, dropout, "The dropout probability must lie in [0, 1).");
        }

        return dropout;
    }
}
