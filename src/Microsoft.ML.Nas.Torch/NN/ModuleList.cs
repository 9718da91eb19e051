using System.Collections;
using System.Globalization;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// Holds child modules in a list, named "0", "1", ..., as <c>torch.nn.ModuleList</c>: it registers them (so their
/// parameters, state and mode follow the parent) but defines no computation; the owning module decides how to call them.
/// </summary>
/// <remarks><see cref="Forward"/> throws <see cref="NotSupportedException"/>, as PyTorch's ModuleList has no forward.</remarks>
public sealed class ModuleList : Module, IReadOnlyList<Module>
{
    private readonly List<Module> _children = [];

    /// <summary>Initializes the list with children named "0", "1", ... in order.</summary>
    /// <param name="modules">The children; the list owns them.</param>
    public ModuleList(params Module[] modules)
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

    /// <summary>Appends a child named after its position.</summary>
    /// <param name="module">The child; the list owns it.</param>
    public void Add(Module module)
    {
        _children.Add(RegisterModule(_children.Count.ToString(CultureInfo.InvariantCulture), module));
    }

    /// <summary>Always throws: a module list only holds modules.</summary>
    /// <param name="input">Ignored.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Tensor Forward(Tensor input) =>
        throw new NotSupportedException(
            "A ModuleList has no Forward: call its children from the owning module's Forward (use Sequential to chain them).");

    /// <inheritdoc/>
    public IEnumerator<Module> GetEnumerator() => _children.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
