using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// The projection shortcut of the ResNet blocks, torchvision's <c>downsample</c>: a sequential of a 1×1 convolution
/// with the stride and no bias (<c>0</c>) and batch normalisation (<c>1</c>), with typed access to both layers.
/// </summary>
/// <param name="Sequential">The module the block registers as <c>downsample</c>.</param>
/// <param name="Conv">Its 1×1 convolution.</param>
/// <param name="BatchNorm">Its batch normalisation.</param>
internal sealed record ConvBnShortcut(Sequential Sequential, Conv2d Conv, BatchNorm2d BatchNorm)
{
    /// <summary>Creates the shortcut from <paramref name="inChannels"/> to <paramref name="outChannels"/> with the stride.</summary>
    public static ConvBnShortcut Create(int inChannels, int outChannels, int stride)
    {
        var conv = nn.Conv2d(inChannels, outChannels, 1, stride, bias: false);
        var batchNorm = nn.BatchNorm2d(outChannels);
        return new ConvBnShortcut(nn.Sequential(conv, batchNorm), conv, batchNorm);
    }
}
