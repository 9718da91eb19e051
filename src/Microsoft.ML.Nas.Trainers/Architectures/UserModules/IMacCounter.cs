namespace Microsoft.ML.Nas.Trainers.Architectures.UserModules;

/// <summary>
/// Implemented by a user-written module that states its own multiply-accumulates, instead of letting NasML trace its
/// convolutions and linear layers (see <see cref="Nodes.ModuleNode"/>).
/// </summary>
public interface IMacCounter
{
    /// <summary>Counts the multiply-accumulates of one batch-1 inference.</summary>
    /// <param name="input">The per-sample input shape.</param>
    /// <returns>The MACs, at least 0.</returns>
    long CountMacs(InputShape input);
}
