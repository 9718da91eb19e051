using System.Globalization;
using Microsoft.ML.Nas.Trainers.Engine;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.Blocks;

/// <summary>
/// The module built from a <see cref="NetworkDescription"/>: one child per node, named <c>0</c>, <c>1</c>, … as in
/// PyTorch's <c>nn.Sequential</c> (so parameter names read <c>3.expand.conv.weight</c>), run in order.
/// </summary>
public sealed partial class NetworkModule : ExplicitModule
{
    private readonly nn.Module<Tensor, Tensor>[] _layers;
    private readonly long[] _sampleShape;

    internal NetworkModule(NetworkDescription description)
        : base(nameof(NetworkModule))
    {
        Description = description;
        _sampleShape = [.. description.Input.Dimensions.Select(dimension => (long)dimension)];
        var layers = new List<nn.Module<Tensor, Tensor>>(description.Nodes.Count);
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
            register_module(index.ToString(CultureInfo.InvariantCulture), layers[index]);
        }

        _layers = [.. layers];
    }

    /// <summary>Gets the description the module was built from.</summary>
    public NetworkDescription Description { get; }

    /// <summary>Gets the layers, one per node of <see cref="Description"/> (registered as <c>0</c>, <c>1</c>, …).</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Layers => _layers;

    /// <summary>Runs the network.</summary>
    /// <param name="input">A batch [N, ...Description.Input].</param>
    /// <returns>The output [N, ...Description.Output], which the caller owns.</returns>
    /// <exception cref="ArgumentException">The input's per-sample shape is not the description's input; the message names both.</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.shape;
        if (shape.Length != _sampleShape.Length + 1 || !shape.AsSpan(1).SequenceEqual(_sampleShape))
        {
            throw new ArgumentException(
                $"The network expects a batch [N, {string.Join(", ", _sampleShape)}]; found [{string.Join(", ", shape)}].", nameof(input));
        }

        var current = input;
        foreach (var layer in _layers)
        {
            current = ForwardChain.Next(current, !ReferenceEquals(current, input), layer.call);
        }

        return ReferenceEquals(current, input) ? input.clone() : current;
    }
}
