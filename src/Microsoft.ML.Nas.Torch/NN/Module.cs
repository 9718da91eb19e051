using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Microsoft.ML.Nas.Torch.Interop;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// The base of every network building block, as PyTorch's <c>torch.nn.Module</c>: a module owns named parameters
/// (tensors that require grad and that an optimizer updates), named buffers (state such as running statistics) and
/// named child modules, and computes its output in <see cref="Forward(Tensor)"/>.
/// </summary>
/// <remarks>
/// <para>
/// Ownership: a module owns its parameters, buffers and children; <see cref="Dispose()"/> releases all of them.
/// Registered tensors are removed from any <see cref="DisposeScope"/>, so a module built inside a training step's scope
/// survives it. <see cref="Forward(Tensor)"/> returns a new tensor that the caller owns and releases every intermediate
/// it created, so it leaks nothing even outside a scope.
/// </para>
/// <para>
/// Names follow PyTorch, so state dicts line up with PyTorch's for the same structure: a child's entries are prefixed
/// with its name and a dot ("features.0.weight"), and <see cref="StateDict"/> lists a module's parameters, then its
/// buffers, then each child's entries, in registration order.
/// </para>
/// </remarks>
[SuppressMessage(
    "Naming",
    "CA1716:Identifiers should not match keywords",
    Justification = "Module is the name every PyTorch and TorchSharp user looks for; Visual Basic callers can write [Module].")]
public abstract class Module : IDisposable
{
    private readonly OrderedDictionary<string, Tensor?> _parameters = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, Tensor?> _buffers = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, Module> _modules = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Initializes a module in training mode.</summary>
    /// <param name="name">A display name; the type's name by default.</param>
    protected Module(string? name = null)
    {
        Name = string.IsNullOrEmpty(name) ? GetType().Name : name;
    }

    /// <summary>Gets the module's display name (used by <see cref="ToString"/>).</summary>
    public string Name { get; }

    /// <summary>Gets a value indicating whether the module is in training mode (the default) or evaluation mode.</summary>
    /// <remarks>Dropout and batch normalisation behave differently in the two modes; see <see cref="Train"/>.</remarks>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Computes the module's output.</summary>
    /// <param name="input">The input; the module neither disposes nor modifies it.</param>
    /// <returns>A new tensor that the caller owns.</returns>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Lists the parameters with their dotted names, this module's first, then each child's (depth first).</summary>
    /// <returns>The parameters; a tensor shared under two names is listed once, under the first.</returns>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        ThrowIfDisposed();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, parameter) in module._parameters)
            {
                if (parameter is not null && seen.Add(parameter))
                {
                    yield return (Join(prefix, name), parameter);
                }
            }
        }
    }

    /// <summary>Lists the parameters (the live tensors, in <see cref="NamedParameters"/> order), for an optimizer.</summary>
    /// <returns>The parameters.</returns>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(entry => entry.Parameter);

    /// <summary>Lists the buffers with their dotted names, this module's first, then each child's (depth first).</summary>
    /// <returns>The buffers.</returns>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        ThrowIfDisposed();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, buffer) in module._buffers)
            {
                if (buffer is not null && seen.Add(buffer))
                {
                    yield return (Join(prefix, name), buffer);
                }
            }
        }
    }

    /// <summary>Lists the direct children with their names, in registration order.</summary>
    /// <returns>The children.</returns>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        ThrowIfDisposed();
        foreach (var (name, module) in _modules)
        {
            yield return (name, module);
        }
    }

    /// <summary>
    /// Lists this module (with the empty name) and all its descendants with dotted names, depth first, as PyTorch's
    /// <c>named_modules</c>; a module reachable twice is listed once.
    /// </summary>
    /// <returns>The modules.</returns>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        ThrowIfDisposed();
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        var result = new List<(string, Module)>();
        CollectModules(string.Empty, this, seen, result);
        return result;
    }

    /// <summary>
    /// Gets the parameters and buffers by dotted name (parameters before buffers within a module, then each child's):
    /// the live tensors, not copies. Do not dispose them; copy them (<see cref="Tensor.Clone"/>) to keep a snapshot.
    /// </summary>
    /// <returns>An insertion-ordered, read-only view built on each call.</returns>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        ThrowIfDisposed();
        var state = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        AddState(string.Empty, state);
        return new ReadOnlyDictionary<string, Tensor>(state);
    }

    /// <summary>Copies values into the module's parameters and buffers (outside autograd), as PyTorch's <c>load_state_dict</c>.</summary>
    /// <param name="state">Tensors by dotted name; their values are copied (also across devices), the tensors are not kept.</param>
    /// <param name="strict">
    /// Whether every entry of <see cref="StateDict"/> must be present and no other name may appear; <see langword="true"/>
    /// by default. Shapes and dtypes must match in either case.
    /// </param>
    /// <exception cref="InvalidDataException">
    /// An entry has the wrong shape or dtype, or (strict) is missing or unexpected. The message names every such entry with
    /// the expected and found shapes; nothing is copied then.
    /// </exception>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        ThrowIfDisposed();
        var own = StateDict();
        var problems = new List<string>();
        var pairs = new List<(Tensor Target, Tensor Source)>();
        foreach (var (name, target) in own)
        {
            if (!state.TryGetValue(name, out var source) || source is null)
            {
                if (strict)
                {
                    problems.Add($"missing entry '{name}' (expected {Describe(target)})");
                }

                continue;
            }

            var (targetShape, sourceShape) = (target.Shape, source.Shape);
            if (!targetShape.AsSpan().SequenceEqual(sourceShape) || target.Dtype != source.Dtype)
            {
                problems.Add($"entry '{name}': expected {Describe(target)}, found {Describe(source)}");
                continue;
            }

            pairs.Add((target, source));
        }

        if (strict)
        {
            foreach (var name in state.Keys.Where(key => !own.ContainsKey(key)).Order(StringComparer.Ordinal))
            {
                problems.Add($"unexpected entry '{name}'");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"Cannot load the state dict into {Name}: {string.Join("; ", problems)}.");
        }

        foreach (var (target, source) in pairs)
        {
            target.CopyFrom(source);
        }
    }

    /// <summary>Sets training mode (or evaluation mode) on this module and all its descendants.</summary>
    /// <param name="training"><see langword="true"/> (default) for training mode, <see langword="false"/> for evaluation mode.</param>
    /// <returns>This module.</returns>
    public Module Train(bool training = true)
    {
        foreach (var (_, module) in NamedModules())
        {
            module.IsTraining = training;
        }

        return this;
    }

    /// <summary>Sets evaluation mode: dropout passes its input through, batch normalisation uses its running statistics.</summary>
    /// <returns>This module.</returns>
    public Module Eval() => Train(false);

    /// <summary>
    /// Moves every parameter and buffer (and any gradient) to <paramref name="device"/> in place: the tensors keep their
    /// identity, so an optimizer or a state dict taken before still refers to them.
    /// </summary>
    /// <param name="device">The device.</param>
    /// <returns>This module.</returns>
    /// <exception cref="TorchException">The device is not available.</exception>
    public Module To(Device device)
    {
        foreach (var tensor in AllTensors())
        {
            NativeMethods.Check(NativeMethods.NNConvertInPlace(tensor.Handle, -1, (int)device.Type, device.Index));
        }

        return this;
    }

    /// <summary>
    /// Converts every floating-point parameter and buffer (and any gradient) to <paramref name="dtype"/> in place;
    /// integer buffers such as <c>num_batches_tracked</c> keep their type, as in PyTorch.
    /// </summary>
    /// <param name="dtype">A floating-point element type.</param>
    /// <returns>This module.</returns>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not a floating-point type.</exception>
    public Module To(ScalarType dtype)
    {
        if (!IsFloatingPoint(dtype))
        {
            throw new ArgumentException($"A module converts only to a floating-point type, not {dtype}.", nameof(dtype));
        }

        foreach (var tensor in AllTensors().Where(tensor => IsFloatingPoint(tensor.Dtype)))
        {
            NativeMethods.Check(NativeMethods.NNConvertInPlace(tensor.Handle, (int)dtype, -1, -1));
        }

        return this;
    }

    /// <summary>Resets the gradient of every parameter (see <see cref="Tensor.ZeroGrad"/>).</summary>
    /// <param name="setToNone"><see langword="true"/> (default) forgets the gradients; <see langword="false"/> fills them with zeros.</param>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var parameter in Parameters())
        {
            parameter.ZeroGrad(setToNone);
        }
    }

    /// <summary>Counts the scalar parameters (the sum of the parameters' element counts), as PyTorch users compute it.</summary>
    /// <returns>The number of trainable numbers.</returns>
    public long ParameterCount() => Parameters().Sum(parameter => parameter.NumberOfElements);

    /// <summary>Releases the parameters, buffers and children.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Describes the module tree as PyTorch prints it: <c>Sequential(\n  (0): Conv2d(3, 8, kernel_size=3)\n)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Describe(builder, indent: string.Empty);
        return builder.ToString();
    }

    /// <summary>Releases the parameters, buffers and children when <paramref name="disposing"/>.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        foreach (var tensor in _parameters.Values.Concat(_buffers.Values))
        {
            tensor?.Dispose();
        }

        foreach (var module in _modules.Values)
        {
            module.Dispose();
        }
    }

    /// <summary>
    /// Registers a parameter: the module takes ownership (the tensor leaves its <see cref="DisposeScope"/>) and the
    /// tensor is set to require grad. A <see langword="null"/> parameter reserves the name (as PyTorch's <c>bias=None</c>)
    /// and is skipped by enumerations and state dicts.
    /// </summary>
    /// <param name="name">The name: non-empty, without dots, not yet used by a parameter, buffer or child.</param>
    /// <param name="parameter">A floating-point leaf tensor, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The name is invalid or taken, or the tensor is not floating point.</exception>
    protected void RegisterParameter(string name, Tensor? parameter)
    {
        ValidateNewName(name);
        if (parameter is not null)
        {
            if (!IsFloatingPoint(parameter.Dtype))
            {
                throw new ArgumentException(
                    $"Parameter '{name}' must be floating point to hold gradients, not {parameter.Dtype}.", nameof(parameter));
            }

            parameter.DetachFromDisposeScope();
            parameter.RequiresGrad = true;
        }

        _parameters.Add(name, parameter);
    }

    /// <summary>
    /// Registers a buffer: state saved in the state dict but not trained (running statistics, counters). The module
    /// takes ownership; the tensor leaves its <see cref="DisposeScope"/>.
    /// </summary>
    /// <param name="name">The name: non-empty, without dots, not yet used by a parameter, buffer or child.</param>
    /// <param name="buffer">The tensor, or <see langword="null"/> to reserve the name.</param>
    /// <exception cref="ArgumentException">The name is invalid or taken.</exception>
    protected void RegisterBuffer(string name, Tensor? buffer)
    {
        ValidateNewName(name);
        buffer?.DetachFromDisposeScope();
        _buffers.Add(name, buffer);
    }

    /// <summary>Registers a child module, which this module then owns.</summary>
    /// <typeparam name="T">The child's type.</typeparam>
    /// <param name="name">The name: non-empty, without dots, not yet used by a parameter, buffer or child.</param>
    /// <param name="module">The child.</param>
    /// <returns><paramref name="module"/>, to assign to a field in one line.</returns>
    /// <exception cref="ArgumentException">The name is invalid or taken, or the module is this module.</exception>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        ValidateNewName(name);
        if (ReferenceEquals(module, this))
        {
            throw new ArgumentException("A module cannot be its own child.", nameof(module));
        }

        _modules.Add(name, module);
        return module;
    }

    /// <summary>Describes the module's own arguments for <see cref="ToString"/>, as PyTorch's <c>extra_repr</c>; empty by default.</summary>
    /// <returns>For example <c>3, 8, kernel_size=3, stride=2</c>.</returns>
    protected virtual string ExtraDescription() => string.Empty;

    /// <summary>Throws <see cref="ObjectDisposedException"/> if the module was disposed.</summary>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    internal static bool IsFloatingPoint(ScalarType dtype) =>
        dtype is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64;

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    private static string Describe(Tensor tensor) =>
        string.Create(CultureInfo.InvariantCulture, $"shape [{string.Join(", ", tensor.Shape)}] {tensor.Dtype}");

    private static void CollectModules(string prefix, Module module, HashSet<Module> seen, List<(string, Module)> result)
    {
        if (!seen.Add(module))
        {
            return;
        }

        result.Add((prefix, module));
        foreach (var (name, child) in module._modules)
        {
            CollectModules(Join(prefix, name), child, seen, result);
        }
    }

    private void AddState(string prefix, OrderedDictionary<string, Tensor> state)
    {
        foreach (var (name, tensor) in _parameters.Concat(_buffers))
        {
            if (tensor is not null)
            {
                state.TryAdd(Join(prefix, name), tensor);
            }
        }

        foreach (var (name, module) in _modules)
        {
            module.AddState(Join(prefix, name), state);
        }
    }

    private IEnumerable<Tensor> AllTensors()
    {
        ThrowIfDisposed();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (_, module) in NamedModules())
        {
            foreach (var tensor in module._parameters.Values.Concat(module._buffers.Values))
            {
                if (tensor is not null && seen.Add(tensor))
                {
                    yield return tensor;
                }
            }
        }
    }

    private void ValidateNewName(string name)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The name '{name}' must not contain a dot.", nameof(name));
        }

        if (_parameters.ContainsKey(name) || _buffers.ContainsKey(name) || _modules.ContainsKey(name))
        {
            throw new ArgumentException($"{Name} already has a member named '{name}'.", nameof(name));
        }
    }

    private void Describe(StringBuilder builder, string indent)
    {
        builder.Append(Name).Append('(').Append(ExtraDescription());
        if (_modules.Count > 0)
        {
            builder.Append('\n');
            var childIndent = indent + "  ";
            foreach (var (name, child) in _modules)
            {
                builder.Append(childIndent).Append('(').Append(name).Append("): ");
                child.Describe(builder, childIndent);
                builder.Append('\n');
            }

            builder.Append(indent);
        }

        builder.Append(')');
    }
}
