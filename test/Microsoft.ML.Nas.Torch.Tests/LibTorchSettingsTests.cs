using Microsoft.ML.Nas.Torch;

namespace Microsoft.ML.Nas.Torch.Tests;

/// <summary>Process-wide settings: intra-op threads and the allocator tuning the shim applies when it loads.</summary>
public sealed class LibTorchSettingsTests
{
    [Fact]
    public void IsAllocatorTuned_OnGlibcLinux_IsOnUnlessTurnedOff()
    {
        var turnedOff = Environment.GetEnvironmentVariable("NASML_MALLOC_TUNING") == "0";
        Assert.Equal(OperatingSystem.IsLinux() && !turnedOff, LibTorch.IsAllocatorTuned);
    }

    [Fact]
    public void NumberOfThreads_SetOnThisThread_ReadsBack()
    {
        var previous = LibTorch.NumberOfThreads;
        try
        {
            LibTorch.NumberOfThreads = 1;
            Assert.Equal(1, LibTorch.NumberOfThreads);
        }
        finally
        {
            LibTorch.NumberOfThreads = previous;
        }
    }

    [Fact]
    public void NumberOfThreads_Zero_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LibTorch.NumberOfThreads = 0);
    }
}
