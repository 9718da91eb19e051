namespace Microsoft.ML.Nas.Torch;

/// <summary>Kinds of device a tensor can live on. The values are libtorch's <c>c10::DeviceType</c> codes.</summary>
public enum DeviceType
{
    /// <summary>The host CPU.</summary>
    Cpu = 0,

    /// <summary>An NVIDIA GPU through CUDA (only with a CUDA build of libtorch).</summary>
    Cuda = 1,
}
