using System.Globalization;
using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// The module built from a <see cref="NetworkDescription"/>: one child per node, named <c>0</c>, <c>1</c>, … as in
/// PyTorch's <c>nn.Sequential</c> (so parameter names read <c>3.expand.conv.weight</c>), run in order.
/// </summary>
public sealed class NetworkModule : Module
{
    private readonly Module[] _layers;

    internal NetworkModule(NetworkDescription description)
    {
        Description = description;
        var layers = new List<Module>(description.Nodes.Count);
        try
        {
            foreach (var node in description.Nodes)
            {
                layers.Add(node.Build());
            }
        }
        catch
        {
            foreach (var layer in layers)
            {
                layer.Dispose();
            }

            throw;
        }

        for (int index = 0; index < layers.Count; index++)
        {
            RegisterModule(index.ToString(CultureInfo.InvariantCulture), layers[index]);
        }

        _layers = [.. layers];
    }

    /// <summary>Gets the description the module was built from.</summary>
    public NetworkDescription Description { get; }

    /// <summary>Gets the layers, one per node of <see cref="Description"/>.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <summary>Runs the network.</summary>
    /// <param name="input">A batch [N, ...Description.Input].</param>
    /// <returns>The output [N, ...Description.Output], which the caller owns.</returns>
    /// <exception cref="ArgumentException">The input's per-sample shape is not the description's input; the message names both.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ThrowIfDisposed();
        var shape = input.Shape;
        var expected = Description.Input.Dimensions;
        if (shape.Length != expected.Count + 1 || !shape.AsSpan(1).SequenceEqual(expected.Select(d => (long)d).ToArray()))
        {
            throw new ArgumentException(
                $"The network expects a batch [N, {string.Join(", ", expected)}]; found [{string.Join(", ", shape)}].", nameof(input));
        }

        var current = input;
        foreach (var layer in _layers)
        {
            current = ForwardChain.Next(current, !ReferenceEquals(current, input), layer.Forward);
        }

        return ReferenceEquals(current, input) ? input.Clone() : current;
    }
}
