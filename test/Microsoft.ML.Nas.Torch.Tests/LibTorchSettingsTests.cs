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
    public void ReleaseFreeMemory_AfterTensorsAreFreed_GivesTheirPagesBack()
    {
        const int Blocks = 16;
        const long BlockFloats = 4L * 1024 * 1024; // 16 MB, under the tuned 32 MB mmap threshold: on the heap.
        var survivors = new List<Tensor>();
        try
        {
            // Big blocks with a small surviving tensor after each: freeing the big ones leaves holes that no top-of-heap
            // trim reaches, the pattern two different networks leave behind.
            var blocks = new List<Tensor>();
            for (var index = 0; index < Blocks; index++)
            {
                blocks.Add(Tensor.Ones([BlockFloats]));
                survivors.Add(Tensor.Ones([256]));
            }

            blocks.ForEach(block => block.Dispose());
            var before = Environment.WorkingSet;

            var released = LibTorch.ReleaseFreeMemory();

            var after = Environment.WorkingSet;
            if (LibTorch.IsAllocatorTuned)
            {
                // 256 MB were freed; at least half of it must leave the resident set.
                Assert.True(released);
                Assert.True(before - after > Blocks * BlockFloats * sizeof(float) / 2, $"resident {before / 1e6:F0} MB before, {after / 1e6:F0} MB after");
            }
        }
        finally
        {
            survivors.ForEach(survivor => survivor.Dispose());
        }
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
