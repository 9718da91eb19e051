using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

/// <summary>Reading and making small tensors in the training, search and proxy tests.</summary>
internal static class TensorTestExtensions
{
    /// <summary>Copies a tensor's elements, row-major, to a managed array (from any device, views included).</summary>
    public static T[] ToArray<T>(this Tensor tensor)
        where T : unmanaged => TrainingTestData.Values<T>(tensor);

    /// <summary>Makes a CPU tensor of <paramref name="data"/> with the given shape (the data's length when none).</summary>
    public static Tensor FromArray<T>(T[] data, params long[] shape)
        where T : unmanaged
    {
        var tensor = data switch
        {
            float[] floats => torch.tensor(floats),
            long[] longs => torch.tensor(longs),
            double[] doubles => torch.tensor(doubles),
            _ => throw new NotSupportedException(typeof(T).Name),
        };
        return shape.Length == 0 ? tensor : tensor.reshape(shape);
    }
}
