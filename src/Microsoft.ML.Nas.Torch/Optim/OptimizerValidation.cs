using System.Globalization;

namespace Microsoft.ML.Nas.Torch.Optim;

/// <summary>Argument checks shared by the optimizers and schedules.</summary>
internal static class OptimizerValidation
{
    /// <summary>Throws unless <paramref name="value"/> is a number &gt;= 0 (infinity allowed).</summary>
    public static void NotNegative(double value, string name)
    {
        if (double.IsNaN(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a number >= 0.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is a finite number &gt;= 0.</summary>
    public static void FiniteNotNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number >= 0.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> lies in [0, 1).</summary>
    public static void InUnitInterval(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [0, 1).");
        }
    }

    /// <summary>Formats a number for a message.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
