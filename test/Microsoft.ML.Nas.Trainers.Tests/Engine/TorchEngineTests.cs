using Microsoft.ML.Nas.Trainers.Engine;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Engine;

/// <summary>Process-wide engine settings: intra-op threads and the allocator tuning applied when NasML loads.</summary>
[Collection(TorchTests.CollectionName)]
public sealed class TorchEngineTests
{
    [Fact]
    public void IsAllocatorTuned_OnGlibcLinux_IsOnUnlessTurnedOff()
    {
        var turnedOff = Environment.GetEnvironmentVariable("NASML_MALLOC_TUNING") == "0";
        Assert.Equal(OperatingSystem.IsLinux() && !turnedOff, TorchEngine.IsAllocatorTuned);
    }

    [Fact]
    public void ReleaseFreeMemory_AfterTensorsAreFreed_GivesTheirPagesBack()
    {
        const int Blocks = 16;
        const long BlockFloats = 4L * 1024 * 1024; // 16 MB, under the tuned 32 MB mmap threshold: on the heap.
        var survivors = new List<Tensor>();
        try
        {
            // Big blocks with a small survivor after each: freeing the big ones leaves holes no top-of-heap trim reaches,
            // the pattern two different networks leave behind.
            var blocks = new List<Tensor>();
            for (var index = 0; index < Blocks; index++)
            {
                blocks.Add(torch.ones(BlockFloats));
                survivors.Add(torch.ones(256));
            }

            blocks.ForEach(block => block.Dispose());
            var before = Environment.WorkingSet;

            var released = TorchEngine.ReleaseFreeMemory();

            var after = Environment.WorkingSet;
            if (TorchEngine.IsAllocatorTuned)
            {
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
    public void NumberOfThreads_Set_ReadsBack()
    {
        var previous = TorchEngine.NumberOfThreads;
        try
        {
            TorchEngine.NumberOfThreads = 1;
            Assert.Equal(1, TorchEngine.NumberOfThreads);
        }
        finally
        {
            TorchEngine.NumberOfThreads = previous;
        }
    }

    [Fact]
    public void NumberOfThreads_BelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchEngine.NumberOfThreads = 0);
    }
}
