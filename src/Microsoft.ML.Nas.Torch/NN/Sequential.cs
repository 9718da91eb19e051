using System.Globalization;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// Applies its children in order, each to the previous one's output, as <c>torch.nn.Sequential</c>. Children are named
/// "0", "1", ... unless added with a name, so state-dict names match PyTorch's ("0.weight", "1.running_mean").
/// </summary>
/// <remarks>Forward disposes every intermediate output as soon as the next child has consumed it.</remarks>
public sealed class Sequential : Module
{
    private readonly List<Module> _children = [];

    /// <summary>Initializes the container with children named "0", "1", ... in order.</summary>
    /// <param name="modules">The children; the container owns them.</param>
    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var module in modules)
        {
            Add(module);
        }
    }

    /// <summary>Gets the number of children.</summary>
    public int Count => _children.Count;

    /// <summary>Gets the child at <paramref name="index"/>.</summary>
    /// <param name="index">The position, from 0.</param>
    /// <returns>The child.</returns>
    public Module this[int index] => _children[index];

    /// <summary>Appends a child named after its position ("0", "1", ...).</summary>
    /// <param name="module">The child; the container owns it.</param>
    /// <returns>This container, to chain calls.</returns>
    public Sequential Add(Module module) => Add(_children.Count.ToString(CultureInfo.InvariantCulture), module);

    /// <summary>Appends a child under a name of your choice (as PyTorch's <c>Sequential(OrderedDict(...))</c>).</summary>
    /// <param name="name">The name: non-empty, without dots, unique in this container.</param>
    /// <param name="module">The child; the container owns it.</param>
    /// <returns>This container, to chain calls.</returns>
    /// <exception cref="ArgumentException">The name is invalid or taken.</exception>
    public Sequential Add(string name, Module module)
    {
        _children.Add(RegisterModule(name, module));
        return this;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ThrowIfDisposed();
        var current = input;
        try
        {
            foreach (var child in _children)
            {
                var next = child.Forward(current);
                if (!ReferenceEquals(current, input) && !ReferenceEquals(current, next))
                {
                    current.Dispose();
                }

                current = next;
            }
        }
        catch
        {
            if (!ReferenceEquals(current, input))
            {
                current.Dispose();
            }

            throw;
        }

        // The caller owns the output: never hand back the input object itself.
        return ReferenceEquals(current, input) ? Functional.Alias(input) : current;
    }
}
