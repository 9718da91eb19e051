namespace Microsoft.ML.Nas.Tuners;

/// <summary>Checks the tuners' options objects.</summary>
internal static class OptionsValidation
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the options parameter unless <paramref name="condition"/> holds.</summary>
    /// <param name="condition">Whether the option is valid.</param>
    /// <param name="parameterName">The name of the constructor's options parameter.</param>
    /// <param name="value">The offending value.</param>
    /// <param name="message">What the option must be, starting with its name.</param>
    public static void Require(bool condition, string parameterName, object value, string message)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, message);
        }
    }
}
