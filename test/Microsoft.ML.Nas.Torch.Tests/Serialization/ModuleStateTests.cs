using System.Buffers.Binary;
using System.Text;
using Microsoft.ML.Nas.Torch;
using Microsoft.ML.Nas.Torch.NN;
using Microsoft.ML.Nas.Torch.Serialization;

namespace Microsoft.ML.Nas.Torch.Tests.Serialization;

public sealed class ModuleStateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nasml-state-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SaveThenLoad_IntoFreshModule_GivesIdenticalOutputs()
    {
        var path = Path.Combine(_folder, "model.nasml");
        using var input = InputBatch();
        using var original = TrainedModel(seed: 1);
        original.Save(path);

        using var fresh = Model(seed: 2);
        fresh.Eval();
        using (var before = fresh.Forward(input))
        using (var expected = original.Forward(input))
        {
            Assert.NotEqual(expected.ToArray<float>(), before.ToArray<float>());
        }

        fresh.Load(path);

        using var actual = fresh.Forward(input);
        using var wanted = original.Forward(input);
        Assert.Equal(wanted.ToArray<float>(), actual.ToArray<float>());
        Assert.Equal(
            original.StateDict()["1.num_batches_tracked"].ToArray<long>(),
            fresh.StateDict()["1.num_batches_tracked"].ToArray<long>());
    }

    [Fact]
    public void SaveThenLoad_ThroughStreams_RoundTripsEveryEntry()
    {
        using var original = TrainedModel(seed: 3);
        using var stream = new MemoryStream();
        ModuleState.Save(original, stream);
        stream.Position = 0;

        using var fresh = Model(seed: 4);
        ModuleState.Load(fresh, stream);

        foreach (var (name, tensor) in original.StateDict())
        {
            using var expected = tensor.To(ScalarType.Float64);
            using var actual = fresh.StateDict()[name].To(ScalarType.Float64);
            Assert.Equal(expected.ToArray<double>(), actual.ToArray<double>());
        }
    }

    [Fact]
    public void Save_WritesTheDocumentedLayout()
    {
        using var model = new Linear(3, 2);
        using var stream = new MemoryStream();
        ModuleState.Save(model, stream);
        var bytes = stream.ToArray();

        Assert.Equal("NASMLST1"u8.ToArray(), bytes[..8]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)));
        var nameLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16));
        Assert.Equal("weight", Encoding.UTF8.GetString(bytes, 20, nameLength));
        var offset = 20 + nameLength;
        Assert.Equal((int)ScalarType.Float32, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset)));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4)));
        Assert.Equal(2L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 8)));
        Assert.Equal(3L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 16)));
        Assert.Equal(24L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 24)));
        var weight = model.Weight.ToArray<float>();
        Assert.Equal(weight[0], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + 32)));

        // weight entry (4 + 6 + 4 + 4 + 16 + 8 + 24) + bias entry (4 + 4 + 4 + 4 + 8 + 8 + 8) + header 16 + SHA-256 32.
        Assert.Equal(16 + 66 + 40 + 32, bytes.Length);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)), bytes[^32..]);
    }

    [Fact]
    public void Load_ShapeMismatch_IsRefusedNamingFileEntryAndShapes_AndModuleIsUnchanged()
    {
        var path = Path.Combine(_folder, "wide.nasml");
        using (var wide = new Sequential(new Linear(4, 9), new Linear(9, 3), new ReLU(), new Linear(3, 3), new Linear(3, 2)))
        {
            wide.Save(path);
        }

        using var model = Model(seed: 5);
        var snapshot = Snapshot(model);

        var error = Assert.Throws<InvalidDataException>(() => model.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'0.weight': expected [8, 4] Float32, found [9, 4] Float32", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing entry '1.running_mean'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'1.weight': expected [8] Float32, found [3, 9] Float32", error.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected entry '4.weight' ([2, 3] Float32)", error.Message, StringComparison.Ordinal);
        AssertUnchanged(snapshot, model);
    }

    [Fact]
    public void Load_DtypeMismatch_IsRefusedNamingTheEntry()
    {
        var path = Path.Combine(_folder, "double.nasml");
        using (var wide = new Linear(4, 8))
        {
            wide.To(ScalarType.Float64).Save(path);
        }

        using var model = new Linear(4, 8);
        var snapshot = Snapshot(model);

        var error = Assert.Throws<InvalidDataException>(() => model.Load(path));

        Assert.Contains("'weight': expected [8, 4] Float32, found [8, 4] Float64", error.Message, StringComparison.Ordinal);
        Assert.Contains("'bias': expected [8] Float32, found [8] Float64", error.Message, StringComparison.Ordinal);
        AssertUnchanged(snapshot, model);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(-33)]
    [InlineData(-1)]
    public void Load_TruncatedFile_IsRefusedNamingThePath(int keep)
    {
        var path = Path.Combine(_folder, "truncated.nasml");
        using (var source = TrainedModel(seed: 6))
        {
            source.Save(path);
        }

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep >= 0 ? keep : bytes.Length + keep)]);
        using var model = Model(seed: 7);
        var snapshot = Snapshot(model);

        var error = Assert.Throws<InvalidDataException>(() => model.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        AssertUnchanged(snapshot, model);
    }

    [Fact]
    public void Load_FlippedDataByte_IsRefusedByTheChecksum()
    {
        var path = Path.Combine(_folder, "flipped.nasml");
        using (var source = TrainedModel(seed: 8))
        {
            source.Save(path);
        }

        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length - 40] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        using var model = Model(seed: 9);
        var snapshot = Snapshot(model);

        var error = Assert.Throws<InvalidDataException>(() => model.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        AssertUnchanged(snapshot, model);
    }

    [Fact]
    public void Load_WrongMagic_IsRefusedNamingThePath()
    {
        var path = Path.Combine(_folder, "model.pt");
        File.WriteAllBytes(path, "PK\u0003\u0004 not a NasML state file at all"u8.ToArray());
        using var model = Model(seed: 10);

        var error = Assert.Throws<InvalidDataException>(() => model.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a NasML state file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_FailingMidway_LeavesThePreviousFileByteIdenticalAndNoTemporaryFile()
    {
        var path = Path.Combine(_folder, "model.nasml");
        using (var first = TrainedModel(seed: 11))
        {
            first.Save(path);
        }

        var before = File.ReadAllBytes(path);
        using var broken = Model(seed: 12);
        broken.StateDict()["3.weight"].Dispose();

        Assert.Throws<ObjectDisposedException>(() => broken.Save(path));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder));
    }

    [Fact]
    public void Save_ToANewFile_LeavesOnlyThatFile()
    {
        var path = Path.Combine(_folder, "new.nasml");
        using var model = Model(seed: 13);

        ModuleState.Save(model, path);
        ModuleState.Save(model, path);

        Assert.Equal(new[] { path }, Directory.GetFiles(_folder));
    }

    private static Tensor InputBatch()
    {
        LibTorch.ManualSeed(100);
        return Tensor.Randn([5, 4]);
    }

    /// <summary>Linear → BatchNorm1d → ReLU → Linear, seeded.</summary>
    private static Sequential Model(int seed)
    {
        LibTorch.ManualSeed(seed);
        return new Sequential(new Linear(4, 8), new BatchNorm1d(8), new ReLU(), new Linear(8, 3));
    }

    /// <summary>A model whose batch-norm buffers moved away from their initial values, in evaluation mode.</summary>
    private static Sequential TrainedModel(int seed)
    {
        var model = Model(seed);
        using (var batch = Tensor.Randn([6, 4]))
        using (model.Forward(batch))
        {
        }

        model.Eval();
        return model;
    }

    private static Dictionary<string, double[]> Snapshot(Module module) =>
        module.StateDict().ToDictionary(
            entry => entry.Key,
            entry =>
            {
                using var asDouble = entry.Value.To(ScalarType.Float64);
                return asDouble.ToArray<double>();
            });

    private static void AssertUnchanged(Dictionary<string, double[]> snapshot, Module module) =>
        Assert.Equal(snapshot, Snapshot(module));
}
