using TorchSharp;

namespace Microsoft.ML.Nas.Trainers.Engine.Serialization;

/// <summary>
/// Extension methods to save and load a TorchSharp module's state in NasML's checksummed state format:
/// <c>model.SaveState("model.nasmlstate")</c>. (TorchSharp's own <c>save</c>/<c>load</c> write its format instead.)
/// </summary>
public static class ModuleStateExtensions
{
    /// <summary>Saves the module's parameters and buffers to a file (see <see cref="ModuleState.Save(torch.nn.Module, string)"/>).</summary>
    /// <param name="module">The module.</param>
    /// <param name="path">The file to write; replaced only once the new file is complete.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">The file cannot be written; an existing file is left as it was.</exception>
    public static void SaveState(this torch.nn.Module module, string path) => ModuleState.Save(module, path);

    /// <summary>Loads a state file into the module (see <see cref="ModuleState.Load(torch.nn.Module, string)"/>).</summary>
    /// <param name="module">The module.</param>
    /// <param name="path">The file to read.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is corrupt or does not match the module, which is then unchanged.</exception>
    public static void LoadState(this torch.nn.Module module, string path) => ModuleState.Load(module, path);
}
