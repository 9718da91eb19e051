using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML.Nas.SearchSpaces;
using TorchSharp;
using Convolution = TorchSharp.Modules.Convolution;
using Linear = TorchSharp.Modules.Linear;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.UserModules;

/// <summary>
/// What NasML learns about a user module by building a throwaway instance and running one forward pass: its output
/// shape, parameter count and MACs (see <see cref="Nodes.ModuleNode"/> for the rules).
/// </summary>
/// <param name="Output">The per-sample output shape.</param>
/// <param name="Parameters">The number of parameters (<c>parameters().Sum(numel)</c>).</param>
/// <param name="Macs">The declared (<see cref="IMacCounter"/>) or traced multiply-accumulates of one batch-1 inference.</param>
internal sealed record ModuleTrace(InputShape Output, long Parameters, long Macs)
{
    // The global random state is saved and restored around a trace; traces must not interleave.
    private static readonly Lock s_lock = new();

    /// <summary>
    /// Builds the module, runs a batch of one zero sample through it in eval mode without gradients, counting the MACs
    /// of its convolutions and linear layers through forward hooks, and disposes it. The global random state is left
    /// as it was, so a trace does not change the random numbers a search draws.
    /// </summary>
    /// <exception cref="ArgumentException">The factory throws, returns null, or the module cannot run on the input or returns a shape other than [1, features] or [1, c, h, w]; the message names the module.</exception>
    public static ModuleTrace Of(string name, InputShape input, Parameter settings, ModuleFactory factory)
    {
        lock (s_lock)
        {
            using var state = torch.get_rng_state().DetachFromDisposeScope();
            try
            {
                using var scope = torch.NewDisposeScope();
                return TraceOnce(name, input, settings, factory);
            }
            finally
            {
                torch.set_rng_state(state);
            }
        }
    }

    private static ModuleTrace TraceOnce(string name, InputShape input, Parameter settings, ModuleFactory factory)
    {
        nn.Module<Tensor, Tensor> module;
        try
        {
            module = factory(input, settings.Clone())
                ?? throw new InvalidOperationException("the factory returned null");
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new ArgumentException($"The user module '{name}' cannot be built for the input {input} with the settings {settings.ToJson()}: {exception.Message}", nameof(factory), exception);
        }

        using (module)
        {
            long parameters = module.parameters().Sum(parameter => parameter.numel());
            long tracedMacs = 0;
            var removers = new List<Action>();
            if (module is not IMacCounter)
            {
                foreach (var layer in module.modules().Prepend(module).Distinct())
                {
                    switch (layer)
                    {
                        case Convolution convolution:
                            removers.Add(convolution.register_forward_hook((_, x, y) => { tracedMacs += ConvolutionMacs(convolution, x, y); return y; }).remove);
                            break;
                        case Linear linear:
                            removers.Add(linear.register_forward_hook((_, _, y) => { tracedMacs += y.numel() * linear.in_features; return y; }).remove);
                            break;
                        default:
                            break;
                    }
                }
            }

            InputShape output;
            try
            {
                module.eval();
                using (torch.no_grad())
                {
                    using var zeros = torch.zeros([1, .. input.Dimensions.Select(d => (long)d)]);
                    var result = module.call(zeros) ?? throw new InvalidOperationException("forward returned null");
                    output = OutputShape(result.shape);
                }
            }
            catch (Exception exception) when (exception is ExternalException or InvalidOperationException or ArgumentException)
            {
                throw new ArgumentException(
                    $"The user module '{name}' (settings {settings.ToJson()}) cannot run on a batch [1, {string.Join(", ", input.Dimensions)}]: {ParameterReaderMessage(exception)}",
                    nameof(input),
                    exception);
            }
            finally
            {
                removers.ForEach(remove => remove());
            }

            long macs = module is IMacCounter counter ? counter.CountMacs(input) : tracedMacs;
            if (macs < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The user module '{name}' declares {macs} MACs; MACs are at least 0."), nameof(factory));
            }

            return new ModuleTrace(output, parameters, macs);
        }
    }

    /// <summary>
    /// A convolution's MACs for a batch of one: output elements × input channels per group × kernel area; a transposed
    /// convolution: input elements × output channels per group × kernel area.
    /// </summary>
    private static long ConvolutionMacs(Convolution convolution, Tensor input, Tensor output)
    {
        long kernel = convolution.kernel_size.Aggregate(1L, (product, size) => product * size);
        return convolution.transposed
            ? input.numel() * (convolution.out_channels / convolution.groups) * kernel
            : output.numel() * (convolution.in_channels / convolution.groups) * kernel;
    }

    private static InputShape OutputShape(long[] shape)
    {
        if (shape.Length is not (2 or 4) || shape[0] != 1)
        {
            throw new InvalidOperationException(
                $"it returned a tensor of shape [{string.Join(", ", shape)}]; a module of a network returns [N, features] or [N, channels, height, width]");
        }

        return InputShape.FromDimensions([.. shape.Skip(1).Select(d => checked((int)d))]);
    }

    private static string ParameterReaderMessage(Exception exception) =>
        exception is ArgumentException argument ? ParameterReader.MessageOf(argument) : exception.Message;
}
