using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Engine;

/// <summary>
/// A TorchSharp module whose children are registered explicitly, under PyTorch's names, with
/// <c>register_module</c>, <c>register_parameter</c> and <c>register_buffer</c>: the base of NasML's blocks, and a
/// convenient base for user modules that keep their children in private fields.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>register_module</c> calls the child's <c>RegisterComponents()</c> when a parent registers it,
/// and the default registers every private field again under the field's name, so a child held in <c>_conv</c> and
/// registered as <c>conv</c> would appear twice (<c>conv</c> and <c>_conv</c>) in <c>named_modules</c> and
/// <c>named_children</c>; <c>named_parameters</c> hides it because it skips tensors it has listed. This class makes
/// <c>RegisterComponents()</c> do nothing. <c>Engine/TorchSharpBehaviourTests</c> pins the TorchSharp behaviour.
/// </remarks>
public abstract class ExplicitModule : nn.Module<Tensor, Tensor>
{
    /// <summary>Initializes a module with TorchSharp's module name.</summary>
    /// <param name="name">The module name TorchSharp reports (NasML passes the class name).</param>
    protected ExplicitModule(string name)
        : base(name)
    {
    }

    /// <summary>Registers nothing: the constructor registered every child explicitly.</summary>
    protected sealed override void RegisterComponents()
    {
    }
}
