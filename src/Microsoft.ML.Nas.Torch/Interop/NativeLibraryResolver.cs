using System.Reflection;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Nas.Torch.Interop;

/// <summary>
/// Finds the native shim without LD_LIBRARY_PATH: next to this assembly (where the build copies it), in the
/// application's base directory, or in the folder named by <c>NASML_NATIVE_DIR</c>.
/// </summary>
internal static class NativeLibraryResolver
{
    private static int s_registered;

    /// <summary>Registers the resolver once; called from <see cref="NativeMethods"/>' static constructor.</summary>
    internal static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != NativeMethods.LibraryName)
        {
            return IntPtr.Zero;
        }

        var fileName = OperatingSystem.IsWindows() ? "nasml_native.dll"
            : OperatingSystem.IsMacOS() ? "libnasml_native.dylib"
            : "libnasml_native.so";
        foreach (var directory in CandidateDirectories(assembly))
        {
            var path = Path.Combine(directory, fileName);
            if (File.Exists(path))
            {
                return NativeLibrary.Load(path);
            }
        }

        throw new DllNotFoundException(
            $"NasML's native shim '{fileName}' was not found next to {assembly.GetName().Name}.dll, in " +
            $"'{AppContext.BaseDirectory}' or in NASML_NATIVE_DIR. Build it with ./build.sh (CMake, src/Native).");
    }

    private static IEnumerable<string> CandidateDirectories(Assembly assembly)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NASML_NATIVE_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            yield return fromEnvironment;
        }

        var assemblyDirectory = Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDirectory))
        {
            yield return assemblyDirectory;
        }

        yield return AppContext.BaseDirectory;
    }
}
