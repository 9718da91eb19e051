using System.Runtime.InteropServices;

namespace Microsoft.ML.Nas.Torch.Interop;

/// <summary>
/// Entry points of <c>nasml_nn.cpp</c>: functional layers, activations, pooling, in-place initialisers and the in-place
/// conversion behind <c>Module.To</c>. Optional tensor arguments are <see cref="IntPtr.Zero"/> when absent.
/// </summary>
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_conv2d")]
    internal static partial IntPtr NNConv2d(
        IntPtr input, IntPtr weight, IntPtr bias, long strideHeight, long strideWidth, long paddingHeight,
        long paddingWidth, long dilationHeight, long dilationWidth, long groups);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_linear")]
    internal static partial IntPtr NNLinear(IntPtr input, IntPtr weight, IntPtr bias);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_batch_norm")]
    internal static partial IntPtr NNBatchNorm(
        IntPtr input, IntPtr runningMean, IntPtr runningVar, IntPtr weight, IntPtr bias, IntPtr numBatchesTracked,
        int training, double momentum, double eps);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_dropout")]
    internal static partial IntPtr NNDropout(IntPtr input, double p, int training);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_relu")]
    internal static partial IntPtr NNRelu(IntPtr input);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_relu6")]
    internal static partial IntPtr NNRelu6(IntPtr input);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_leaky_relu")]
    internal static partial IntPtr NNLeakyRelu(IntPtr input, double negativeSlope);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_hardswish")]
    internal static partial IntPtr NNHardswish(IntPtr input);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_hardsigmoid")]
    internal static partial IntPtr NNHardsigmoid(IntPtr input);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_silu")]
    internal static partial IntPtr NNSilu(IntPtr input);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_gelu")]
    internal static partial IntPtr NNGelu(IntPtr input, int approximate);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_sigmoid")]
    internal static partial IntPtr NNSigmoid(IntPtr input);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_tanh")]
    internal static partial IntPtr NNTanh(IntPtr input);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_softmax")]
    internal static partial IntPtr NNSoftmax(IntPtr input, long dim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_log_softmax")]
    internal static partial IntPtr NNLogSoftmax(IntPtr input, long dim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_max_pool2d")]
    internal static partial IntPtr NNMaxPool2d(
        IntPtr input, long kernelHeight, long kernelWidth, long strideHeight, long strideWidth, long paddingHeight,
        long paddingWidth, long dilationHeight, long dilationWidth, int ceilMode);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_avg_pool2d")]
    internal static partial IntPtr NNAvgPool2d(
        IntPtr input, long kernelHeight, long kernelWidth, long strideHeight, long strideWidth, long paddingHeight,
        long paddingWidth, int ceilMode, int countIncludePad);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_adaptive_avg_pool2d")]
    internal static partial IntPtr NNAdaptiveAvgPool2d(IntPtr input, long outputHeight, long outputWidth);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_flatten")]
    internal static partial IntPtr NNFlatten(IntPtr input, long startDim, long endDim);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_alias")]
    internal static partial IntPtr NNAlias(IntPtr input);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_init_uniform_")]
    internal static partial int NNInitUniform(IntPtr tensor, double low, double high);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_init_normal_")]
    internal static partial int NNInitNormal(IntPtr tensor, double mean, double std);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_init_constant_")]
    internal static partial int NNInitConstant(IntPtr tensor, double value);

    [LibraryImport(LibraryName, EntryPoint = "nasml_nn_convert_in_place")]
    internal static partial int NNConvertInPlace(IntPtr tensor, int dtype, int deviceType, int deviceIndex);
}
