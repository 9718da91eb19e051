using Microsoft.ML.Nas.SearchSpaces;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Architectures.UserModules;

/// <summary>
/// Builds a user-written TorchSharp module for a <see cref="Nodes.ModuleNode"/>: freshly initialised, mapping
/// <c>[N, ...input]</c> to <c>[N, ...output]</c>.
/// </summary>
/// <param name="input">The per-sample shape the module reads.</param>
/// <param name="settings">The settings the module is built with (an object parameter, possibly empty; a copy the factory may keep).</param>
/// <returns>A new module that the caller owns.</returns>
/// <remarks>
/// A description read back from JSON holds the module's name and settings but no code: pass the factories to
/// <see cref="NetworkDescription.FromJson(string, IReadOnlyDictionary{string, ModuleFactory})"/> or
/// <see cref="NasModel.Load(string, IReadOnlyDictionary{string, ModuleFactory})"/>, keyed by the module's name.
/// </remarks>
public delegate nn.Module<Tensor, Tensor> ModuleFactory(InputShape input, Parameter settings);
