namespace Microsoft.ML.Nas.Trainers.Onnx;

/// <summary>
/// An ONNX export failed at a module: the message starts with the module's dotted path, e.g.
/// <c>features.3.block: no ONNX converter for 'MyOp'</c>.
/// </summary>
public sealed class OnnxExportException : Exception
{
    /// <summary>Initializes the exception with a default message.</summary>
    public OnnxExportException()
        : this("The ONNX export failed.")
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public OnnxExportException(string message)
        : base(message)
    {
        ModulePath = string.Empty;
        ModuleType = string.Empty;
    }

    /// <summary>Initializes the exception with the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OnnxExportException(string message, Exception innerException)
        : base(message, innerException)
    {
        ModulePath = string.Empty;
        ModuleType = string.Empty;
    }

    internal OnnxExportException(string modulePath, string moduleType, string problem, Exception? innerException = null)
        : base($"{DisplayPath(modulePath)}: {problem}", innerException)
    {
        ModulePath = modulePath;
        ModuleType = moduleType;
    }

    /// <summary>
    /// Gets the dotted path of the module that failed (<c>features.3.block</c>), as in the model's state dict; empty
    /// for the root module or when no module was involved.
    /// </summary>
    public string ModulePath { get; }

    /// <summary>Gets the name of the failing module's type, or empty when no module was involved.</summary>
    public string ModuleType { get; }

    /// <summary>The root module has the empty path; messages show it as <c>&lt;root&gt;</c>.</summary>
    internal static string DisplayPath(string modulePath) => modulePath.Length == 0 ? "<root>" : modulePath;
}
