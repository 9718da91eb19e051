namespace Microsoft.ML.Nas.Tuners;

/// <summary>Random draws the tuners share; every draw comes from the caller's seeded <see cref="Random"/>.</summary>
internal static class Sampling
{
    /// <summary>Draws from the standard normal distribution (Box–Muller).</summary>
    public static double NextGaussian(Random random)
    {
        // 1 - NextDouble() lies in (0, 1], so the logarithm is finite.
        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
        return radius * Math.Cos(2.0 * Math.PI * random.NextDouble());
    }

    /// <summary>Draws a direction uniformly from the unit sphere in <paramref name="dimension"/> dimensions.</summary>
    public static double[] UnitSphere(Random random, int dimension)
    {
        var direction = new double[dimension];
        if (dimension == 0)
        {
            return direction;
        }

        double norm;
        do
        {
            norm = 0;
            for (var i = 0; i < dimension; i++)
            {
                direction[i] = NextGaussian(random);
                norm += direction[i] * direction[i];
            }
        }
        while (norm < 1e-300);

        norm = Math.Sqrt(norm);
        for (var i = 0; i < dimension; i++)
        {
            direction[i] /= norm;
        }

        return direction;
    }

    /// <summary>Draws <paramref name="count"/> distinct indices from [0, <paramref name="length"/>) (partial Fisher–Yates).</summary>
    public static int[] DistinctIndices(Random random, int length, int count)
    {
        var indices = new int[length];
        for (var i = 0; i < length; i++)
        {
            indices[i] = i;
        }

        count = Math.Min(count, length);
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, length);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        return indices[..count];
    }

    /// <summary>The standard normal cumulative distribution function.</summary>
    public static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2.0));

    /// <summary>The standard normal density.</summary>
    public static double NormalPdf(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2.0 * Math.PI);

    // Complementary error function, Chebyshev fit with relative error below 1.2e-7 everywhere
    // (Press et al., Numerical Recipes, 3rd ed., section 6.2).
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));
        var polynomial = -z * z - 1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418
            + (t * (-0.18628806 + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587
            + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        var result = t * Math.Exp(polynomial);
        return x >= 0 ? result : 2.0 - result;
    }
}
