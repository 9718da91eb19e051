namespace Microsoft.ML.Nas.Torch;

/// <summary>
/// An error raised by libtorch (shape mismatch, wrong dtype, out-of-range index, ...), carried across the native
/// boundary as a managed exception. The process keeps working after it.
/// </summary>
public sealed class TorchException : Exception
{
    /// <summary>Initializes a new instance with no message.</summary>
    public TorchException()
    {
    }

    /// <summary>Initializes a new instance with libtorch's message.</summary>
    /// <param name="message">The error message, without libtorch's backtrace.</param>
    public TorchException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TorchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
