using Microsoft.ML.Nas.Trainers.Architectures;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Costs;

/// <summary>
/// Latency terms for the element-wise work that joins the operations of a multi-branch block (a NAS-Bench-201 cell):
/// adding two branches, filling a node that has no input with zeros, copying an output that would otherwise alias
/// the block's input. Each is timed as a module over one input of the block's shape.
/// </summary>
internal static class TensorOperationTerms
{
    /// <summary>One out-of-place addition of two tensors of the shape (<c>tensor_add|in=CxHxW</c>).</summary>
    public static LatencyTerm Add(InputShape shape) => LatencyTerm.Create("tensor_add", shape, () => new Operation("tensor_add", x => x.add(x)));

    /// <summary>A new tensor of zeros of the shape, as <c>input · 0</c> (<c>tensor_zero_fill|in=CxHxW</c>).</summary>
    public static LatencyTerm ZeroFill(InputShape shape) => LatencyTerm.Create("tensor_zero_fill", shape, () => new Operation("tensor_zero_fill", x => x.mul(0.0)));

    /// <summary>A copy of a tensor of the shape (<c>tensor_clone|in=CxHxW</c>).</summary>
    public static LatencyTerm Clone(InputShape shape) => LatencyTerm.Create("tensor_clone", shape, () => new Operation("tensor_clone", x => x.clone()));

    /// <summary>
    /// A parameter-free module around one tensor function. The addition reads its input twice rather than two tensors:
    /// the same element count is read and written, which is what an element-wise operation's time depends on.
    /// </summary>
    private sealed class Operation(string name, Func<Tensor, Tensor> function) : nn.Module<Tensor, Tensor>(name)
    {
        public override Tensor forward(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            return function(input);
        }
    }
}
