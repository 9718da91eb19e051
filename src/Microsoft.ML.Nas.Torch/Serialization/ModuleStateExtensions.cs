using Microsoft.ML.Nas.Torch.NN;

namespace Microsoft.ML.Nas.Torch.Serialization;

/// <summary>Extension methods to save and load a module's state: <c>model.Save("model.nasml")</c>.</summary>
public static class ModuleStateExtensions
{
    /// <summary>Saves the module's parameters and buffers to a file (see <see cref="ModuleState.Save(Module, string)"/>).</summary>
    /// <param name="module">The module.</param>
    /// <param name="path">The file to write; replaced only once the new file is complete.</param>
    public static void Save(this Module module, string path) => ModuleState.Save(module, path);

    /// <summary>Loads a state file into the module (see <see cref="ModuleState.Load(Module, string)"/>).</summary>
    /// <param name="module">The module.</param>
    /// <param name="path">The file to read.</param>
    /// <exception cref="InvalidDataException">The file is corrupt or does not match the module, which is then unchanged.</exception>
    public static void Load(this Module module, string path) => ModuleState.Load(module, path);
}
