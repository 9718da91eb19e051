using System.Buffers.Binary;
using System.Text;
using Microsoft.ML.Nas.Trainers.Engine.Serialization;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Engine.Serialization;

/// <summary>NasML's checksummed state format on TorchSharp modules (docs/state-format.md).</summary>
[Collection(TorchTests.CollectionName)]
public sealed class ModuleStateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nasml-state-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SaveThenLoad_IntoFreshModule_GivesIdenticalOutputs()
    {
        var path = Path.Combine(_folder, "model.nasml");
        using var scope = torch.NewDisposeScope();
        var input = InputBatch();
        using var original = TrainedModel(seed: 1);
        original.SaveState(path);

        using var fresh = Model(seed: 2);
        fresh.eval();
        Assert.NotEqual(original.forward(input).ToArray<float>(), fresh.forward(input).ToArray<float>());

        fresh.LoadState(path);

        Assert.Equal(original.forward(input).ToArray<float>(), fresh.forward(input).ToArray<float>());
        Assert.Equal(
            original.state_dict()["1.num_batches_tracked"].ToArray<long>(),
            fresh.state_dict()["1.num_batches_tracked"].ToArray<long>());
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

        Assert.Equal(Snapshot(original), Snapshot(fresh));
    }

    [Fact]
    public void Save_WritesTheDocumentedLayout()
    {
        using var model = nn.Linear(3, 2);
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
        Assert.Equal(6, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset))); // c10::ScalarType::Float
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4)));
        Assert.Equal(2L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 8)));
        Assert.Equal(3L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 16)));
        Assert.Equal(24L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 24)));
        var weight = model.weight!.ToArray<float>();
        Assert.Equal(weight[0], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + 32)));

        // weight entry (4 + 6 + 4 + 4 + 16 + 8 + 24) + bias entry (4 + 4 + 4 + 4 + 8 + 8 + 8) + header 16 + SHA-256 32.
        Assert.Equal(16 + 66 + 40 + 32, bytes.Length);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)), bytes[^32..]);
    }

    [Fact]
    public void Load_ShapeMismatch_IsRefusedNamingFileEntryAndShapes_AndModuleIsUnchanged()
    {
        var path = Path.Combine(_folder, "wide.nasml");
        using (var wide = nn.Sequential(nn.Linear(4, 9), nn.Linear(9, 3), nn.ReLU(), nn.Linear(3, 3), nn.Linear(3, 2)))
        {
            wide.SaveState(path);
        }

        using var model = Model(seed: 5);
        var snapshot = Snapshot(model);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadState(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'0.weight': expected [8, 4] Float32, found [9, 4] Float32", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing entry '1.running_mean'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'1.weight': expected [8] Float32, found [3, 9] Float32", error.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected entry '4.weight' ([2, 3] Float32)", error.Message, StringComparison.Ordinal);
        Assert.Equal(snapshot, Snapshot(model));
    }

    [Fact]
    public void Load_DtypeMismatch_IsRefusedNamingTheEntry()
    {
        var path = Path.Combine(_folder, "double.nasml");
        using (var wide = nn.Linear(4, 8))
        {
            wide.to(ScalarType.Float64);
            wide.SaveState(path);
        }

        using var model = nn.Linear(4, 8);
        var snapshot = Snapshot(model);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadState(path));

        Assert.Contains("'weight': expected [8, 4] Float32, found [8, 4] Float64", error.Message, StringComparison.Ordinal);
        Assert.Contains("'bias': expected [8] Float32, found [8] Float64", error.Message, StringComparison.Ordinal);
        Assert.Equal(snapshot, Snapshot(model));
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
            source.SaveState(path);
        }

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep >= 0 ? keep : bytes.Length + keep)]);
        using var model = Model(seed: 7);
        var snapshot = Snapshot(model);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadState(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Equal(snapshot, Snapshot(model));
    }

    [Fact]
    public void Load_FlippedDataByte_IsRefusedByTheChecksum()
    {
        var path = Path.Combine(_folder, "flipped.nasml");
        using (var source = TrainedModel(seed: 8))
        {
            source.SaveState(path);
        }

        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length - 40] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        using var model = Model(seed: 9);
        var snapshot = Snapshot(model);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadState(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        Assert.Equal(snapshot, Snapshot(model));
    }

    [Fact]
    public void Load_WrongMagic_IsRefusedNamingThePath()
    {
        var path = Path.Combine(_folder, "model.pt");
        File.WriteAllBytes(path, "PK\u0003\u0004 not a NasML state file at all"u8.ToArray());
        using var model = Model(seed: 10);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadState(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a NasML state file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_FailingMidway_LeavesThePreviousFileByteIdenticalAndNoTemporaryFile()
    {
        var path = Path.Combine(_folder, "model.nasml");
        using (var first = TrainedModel(seed: 11))
        {
            first.SaveState(path);
        }

        var before = File.ReadAllBytes(path);

        // bfloat16 has no code in the format. (TorchSharp leaves disposed tensors out of state_dict, so a released
        // weight, the old binding's way to break a save, no longer fails.)
        using var broken = nn.Sequential(nn.Linear(4, 8), nn.Linear(8, 3));
        broken.to(ScalarType.BFloat16);

        var error = Assert.Throws<NotSupportedException>(() => broken.SaveState(path));

        Assert.Contains("BFloat16", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Save_ToANewFile_LeavesOnlyThatFile()
    {
        var path = Path.Combine(_folder, "new.nasml");
        using var model = Model(seed: 13);

        ModuleState.Save(model, path);
        ModuleState.Save(model, path);

        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void SaveThenLoad_EmptyAndScalarEntries_RoundTrip()
    {
        using var original = new Holder(torch.tensor(3.5), torch.zeros(0, 4));
        using var stream = new MemoryStream();
        ModuleState.Save(original, stream);
        stream.Position = 0;

        using var fresh = new Holder(torch.tensor(0.0), torch.zeros(0, 4));
        ModuleState.Load(fresh, stream);

        Assert.Equal(3.5, fresh.state_dict()["scalar"].item<double>());
    }

    private static Tensor InputBatch()
    {
        torch.manual_seed(100);
        return torch.randn(5, 4);
    }

    /// <summary>Linear → BatchNorm1d → ReLU → Linear, seeded.</summary>
    private static nn.Module<Tensor, Tensor> Model(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3));
    }

    /// <summary>A model whose batch-norm buffers moved away from their initial values, in evaluation mode.</summary>
    private static nn.Module<Tensor, Tensor> TrainedModel(int seed)
    {
        var model = Model(seed);
        using (torch.NewDisposeScope())
        {
            model.forward(torch.randn(6, 4));
        }

        model.eval();
        return model;
    }

    private static Dictionary<string, double[]> Snapshot(nn.Module module) =>
        module.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.to_type(ScalarType.Float64).ToArray<double>());

    /// <summary>A module with a float64 scalar buffer and an empty parameter.</summary>
    private sealed class Holder : nn.Module<Tensor, Tensor>
    {
        public Holder(Tensor scalar, Tensor empty)
            : base(nameof(Holder))
        {
            register_buffer("scalar", scalar);
            register_parameter("empty", new TorchSharp.Modules.Parameter(empty));
        }

        public override Tensor forward(Tensor input) => input;
    }
}
