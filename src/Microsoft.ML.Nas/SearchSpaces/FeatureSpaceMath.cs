namespace Microsoft.ML.Nas.SearchSpaces;

/// <summary>Shared arithmetic of the unit-cube mappings.</summary>
internal static class FeatureSpaceMath
{
    /// <summary>
    /// Finds x in [0,1] with <paramref name="sample"/>(x) == <paramref name="target"/>, starting from the analytic
    /// inverse <paramref name="guess"/>. Floating-point rounding can make the analytic inverse land one or two ulps
    /// off a preimage; searching next to it (then bisecting, as <paramref name="sample"/> is non-decreasing) makes
    /// sample(map(p)) == p exact for every value the option produced. Returns the closest point when no exact
    /// preimage exists (a value the option cannot produce exactly).
    /// </summary>
    public static double Invert(Func<double, double> sample, double target, double guess)
    {
        double x = double.IsNaN(guess) ? 0.5 : Math.Clamp(guess, 0.0, 1.0);
        double y = sample(x);
        if (y == target)
        {
            return x;
        }

        bool below = y < target;
        double probe = x;
        for (int i = 0; i < 8; i++)
        {
            probe = below ? Math.Min(1.0, Math.BitIncrement(probe)) : Math.Max(0.0, Math.BitDecrement(probe));
            double value = sample(probe);
            if (value == target)
            {
                return probe;
            }

            if ((value > target) == below)
            {
                break; // stepped over: no exact preimage next to the guess
            }
        }

        double low = below ? x : 0.0;
        double high = below ? 1.0 : x;
        if (sample(low) > target)
        {
            return low;
        }

        if (sample(high) < target)
        {
            return high;
        }

        for (int i = 0; i < 200; i++)
        {
            double middle = low + ((high - low) / 2);
            if (middle <= low || middle >= high)
            {
                break;
            }

            double value = sample(middle);
            if (value == target)
            {
                return middle;
            }

            if (value < target)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return Math.Abs(sample(low) - target) <= Math.Abs(sample(high) - target) ? low : high;
    }

    /// <summary>Formats a double for messages and JSON.</summary>
    public static string Format(double value) =>
        double.IsFinite(value) ? Parameter.FormatNumber(value) : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
