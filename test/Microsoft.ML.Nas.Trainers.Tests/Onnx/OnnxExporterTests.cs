using System.Text.Json;
using Microsoft.ML.Nas.Trainers.Architectures.Blocks;
using Microsoft.ML.Nas.Trainers.Onnx;
using Microsoft.ML.Nas.Trainers.Tests.Training;
using Microsoft.ML.Nas.Trainers.Training;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Tests.Onnx;

/// <summary>The exporter's contract without ONNX Runtime: graph interface, metadata, errors, file handling, determinism.</summary>
[Collection(TorchTests.CollectionName)]
public sealed class OnnxExporterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nasml-onnx-exporter-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Export_ClassificationModel_HasInputWithDynamicBatchAndLogitsAndProbabilitiesOutputs()
    {
        using var model = SmallCnn();
        var proto = ExportAndRead(model, ImageOptions());

        var input = Assert.Single(proto.Graph.Input);
        Assert.Equal(OnnxExporter.InputName, input.Name);
        Assert.Equal((int)TensorProto.Types.DataType.Float, input.Type.TensorType.ElemType);
        var dims = input.Type.TensorType.Shape.Dim;
        Assert.Equal("batch", dims[0].DimParam);
        Assert.Equal([1L, 28, 28], dims.Skip(1).Select(d => d.DimValue));
        Assert.Equal(["logits", "probabilities"], proto.Graph.Output.Select(o => o.Name));
        foreach (var output in proto.Graph.Output)
        {
            Assert.Equal("batch", output.Type.TensorType.Shape.Dim[0].DimParam);
            Assert.Equal(10, output.Type.TensorType.Shape.Dim[1].DimValue);
        }

        Assert.Contains(proto.Graph.Node, node => node.OpType == "Softmax" && node.Output.Single() == "probabilities");
        Assert.Equal(13, proto.OpsetImport.Single(o => o.Domain.Length == 0).Version);
        Assert.All(proto.Graph.Initializer, initializer => Assert.Equal((int)TensorProto.Types.DataType.Float, initializer.DataType));
    }

    [Fact]
    public void Export_RegressionModel_HasOneScoreOutput()
    {
        using var model = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 1));
        var proto = ExportAndRead(model, new OnnxExportOptions { InputShape = [5], Task = TrainingTask.Regression });

        var output = Assert.Single(proto.Graph.Output);
        Assert.Equal("score", output.Name);
        Assert.Equal(1, output.Type.TensorType.Shape.Dim[1].DimValue);
        Assert.Equal("regression", Metadata(proto)[OnnxMetadataKeys.Task]);
    }

    [Fact]
    public void Export_WritesProducerArchitectureLabelsAndNormalizationMetadata()
    {
        using var model = SmallCnn();
        const string architecture = """{"blocks":[{"kind":"conv","channels":4}],"width":0.5}""";
        var proto = ExportAndRead(model, new OnnxExportOptions
        {
            InputShape = OnnxTestData.FashionShape,
            InputNormalization = OnnxTestData.FashionNormalization,
            ClassLabels = OnnxTestData.FashionLabels,
            ArchitectureJson = architecture,
            Metadata = new Dictionary<string, string> { ["dataset"] = "fashion-mnist" },
            ModelVersion = 7,
            Description = "a test model",
        });

        Assert.Equal("NasML", proto.ProducerName);
        Assert.False(string.IsNullOrEmpty(proto.ProducerVersion));
        Assert.Equal(7, proto.ModelVersion);
        Assert.Equal("a test model", proto.DocString);
        var metadata = Metadata(proto);
        Assert.Equal(architecture, metadata[OnnxMetadataKeys.Architecture]);
        Assert.Equal(OnnxTestData.FashionLabels, JsonSerializer.Deserialize<string[]>(metadata[OnnxMetadataKeys.ClassLabels]));
        Assert.Equal("classification", metadata[OnnxMetadataKeys.Task]);
        Assert.Equal("[1,28,28]", metadata[OnnxMetadataKeys.InputShape]);
        using var normalization = JsonDocument.Parse(metadata[OnnxMetadataKeys.InputNormalization]);
        Assert.Equal(OnnxTestData.FashionMean, normalization.RootElement.GetProperty("mean")[0].GetSingle());
        Assert.Equal(OnnxTestData.FashionStandardDeviation, normalization.RootElement.GetProperty("std")[0].GetSingle());
        Assert.Equal("fashion-mnist", metadata["dataset"]);
    }

    [Fact]
    public void Export_UnsupportedModuleDeepInside_FailsNamingTheTypeThePathAndHowToRegisterAConverter()
    {
        using var model = nn.Sequential(
            ("features", nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Identity(), nn.Sequential(("block", new UnsupportedOp())))),
            ("classifier", nn.Sequential(nn.Flatten(), nn.Linear(1352, 10))));
        var path = Path.Combine(_directory, "unsupported.onnx");

        var error = Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(model, ImageOptions(), path));

        Assert.StartsWith("features.3.block: no ONNX converter for 'UnsupportedOp'", error.Message, StringComparison.Ordinal);
        Assert.Contains("OnnxConverterRegistry.Default.With<UnsupportedOp>", error.Message, StringComparison.Ordinal);
        Assert.Contains("IOnnxExportable", error.Message, StringComparison.Ordinal);
        Assert.Equal("features.3.block", error.ModulePath);
        Assert.Equal("UnsupportedOp", error.ModuleType);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Export_ModuleListExportedAsAModule_FailsNamingItAndSayingItsOwnerMustExportItsItems()
    {
        using var model = nn.Sequential(nn.Flatten(), new ListHolder(nn.Linear(784, 10)));

        var error = Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(model, ImageOptions(), Path.Combine(_directory, "list.onnx")));

        Assert.StartsWith("1.layers: no ONNX converter for 'ModuleList<Module<Tensor, Tensor>>'", error.Message, StringComparison.Ordinal);
        Assert.Contains("the converter of the module that owns it must export its items", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_FailingOverAnExistingFile_LeavesTheFileUntouchedAndNoTemporaryFiles()
    {
        var path = Path.Combine(_directory, "model.onnx");
        using (var good = SmallCnn())
        {
            OnnxExporter.Export(good, ImageOptions(), path);
        }

        var before = File.ReadAllBytes(path);
        using var bad = nn.Sequential(nn.Conv2d(1, 2, 3), new UnsupportedOp(), nn.Flatten(), nn.Linear(1352, 10));

        Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(bad, ImageOptions(), path));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.onnx"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Export_OverAnExistingFile_ReplacesIt()
    {
        var path = Path.Combine(_directory, "model.onnx");
        File.WriteAllText(path, "not a model");
        using var model = SmallCnn();

        OnnxExporter.Export(model, ImageOptions(), path);

        Assert.Equal("NasML", ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).ProducerName);
    }

    [Fact]
    public void Export_SameModelTwice_WritesIdenticalBytes()
    {
        using var model = SmallCnn();
        var first = Path.Combine(_directory, "first.onnx");
        var second = Path.Combine(_directory, "second.onnx");

        OnnxExporter.Export(model, ImageOptions(), first);
        OnnxExporter.Export(model, ImageOptions(), second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Export_ModelInTrainingMode_RestoresEveryModuleMode()
    {
        using var model = SmallCnn();
        model.train();
        var children = model.children().ToList();
        children[0].eval();

        OnnxExporter.Export(model, ImageOptions(), Path.Combine(_directory, "modes.onnx"));

        Assert.True(model.training);
        Assert.False(children[0].training);
        Assert.True(children[1].training);
    }

    [Fact]
    public void Export_ConvolutionFollowedByBatchNorm_FoldsIntoOneConvUnlessDisabled()
    {
        using var model = SmallCnn();

        var folded = ExportAndRead(model, ImageOptions());
        var unfolded = ExportAndRead(model, ImageOptions() with { FoldBatchNorm = false });

        Assert.DoesNotContain(folded.Graph.Node, node => node.OpType == "BatchNormalization");
        Assert.Contains(unfolded.Graph.Node, node => node.OpType == "BatchNormalization");
        Assert.Equal(
            folded.Graph.Node.Count(node => node.OpType == "Conv"), unfolded.Graph.Node.Count(node => node.OpType == "Conv"));
    }

    [Fact]
    public void Export_NamesInitializersAfterTheStateDict()
    {
        using var model = nn.Sequential(("features", nn.Sequential(nn.Conv2d(1, 2, 3))), ("flatten", nn.Flatten()), ("head", nn.Linear(1352, 10)));

        var proto = ExportAndRead(model, ImageOptions());

        var names = proto.Graph.Initializer.Select(initializer => initializer.Name).ToHashSet();
        Assert.Contains("features.0.weight", names);
        Assert.Contains("features.0.bias", names);
        Assert.Contains("head.weight", names);
        Assert.Contains("head.bias", names);
    }

    [Fact]
    public void Export_InvalidOptions_ThrowNamingTheProblem()
    {
        using var model = SmallCnn();
        var path = Path.Combine(_directory, "invalid.onnx");

        var labels = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(model, ImageOptions() with { ClassLabels = ["a", "b"] }, path));
        Assert.Contains("ClassLabels has 2 labels but the model outputs 10 logits", labels.Message, StringComparison.Ordinal);

        var normalization = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(
            model, ImageOptions() with { InputNormalization = new OnnxInputNormalization([1, 2, 3], [1, 1, 1]) }, path));
        Assert.Contains("InputNormalization has 3 entries but the input has 1", normalization.Message, StringComparison.Ordinal);

        var shape = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(model, ImageOptions() with { InputShape = [1, 0, 28] }, path));
        Assert.Contains("InputShape", shape.Message, StringComparison.Ordinal);

        var reserved = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(
            model, ImageOptions() with { Metadata = new Dictionary<string, string> { [OnnxMetadataKeys.ClassLabels] = "[]" } }, path));
        Assert.Contains("reserved", reserved.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => new OnnxInputNormalization([0], [0]));
        Assert.Throws<ArgumentException>(() => new OnnxInputNormalization([0, 1], [1]));
        Assert.Throws<ArgumentException>(() => new OnnxInputNormalization([float.NaN], [1]));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Export_OutputThatIsNotAMatrix_FailsSayingSo()
    {
        using var model = nn.Sequential(nn.Conv2d(1, 2, 3));

        var error = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(model, ImageOptions(), Path.Combine(_directory, "4d.onnx")));

        Assert.Contains("must be [batch, outputs]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_WrongInputShapeForTheModel_FailsNamingTheModule()
    {
        using var model = SmallCnn();

        var error = Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(
            model, ImageOptions() with { InputShape = [3, 28, 28], InputNormalization = null }, Path.Combine(_directory, "wrong.onnx")));

        Assert.StartsWith("0: cannot export 'Conv2d'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_ConverterForExactType_WinsOverIOnnxExportable()
    {
        var calls = 0;
        var registry = OnnxConverterRegistry.Default.With<ScaleByTwo>((context, _, input) =>
        {
            calls++;
            return context.AddNode("Mul", [input, context.AddScalar(2f, "two")]);
        });
        using var model = nn.Sequential(nn.Flatten(), nn.Linear(784, 3), new ScaleByTwo());

        var proto = ExportAndRead(model, ImageOptions() with { Converters = registry, ClassLabels = null });

        Assert.Equal(1, calls);
        Assert.Contains(proto.Graph.Initializer, initializer => initializer.Name == "2.two");
    }

    [Fact]
    public void Registry_With_ReturnsANewRegistryAndLeavesDefaultUnchanged()
    {
        var registry = OnnxConverterRegistry.Default.With<CenterChannels>((context, _, input) => input);

        Assert.NotSame(OnnxConverterRegistry.Default, registry);
        Assert.True(registry.IsRegistered(typeof(CenterChannels)));
        Assert.False(OnnxConverterRegistry.Default.IsRegistered(typeof(CenterChannels)));
        Assert.True(registry.IsRegistered(typeof(Conv2d)));
        Assert.Equal(OnnxConverterRegistry.Default.ModuleTypes.Count() + 1, registry.ModuleTypes.Count());
    }

    [Fact]
    public void Blocks_EveryPublicBlockType_ExportsItselfAndIsNotInTheDefaultRegistry()
    {
        var blockNamespace = typeof(ConvBnAct).Namespace;
        var blockTypes = typeof(ConvBnAct).Assembly.GetTypes()
            .Where(type => type.Namespace == blockNamespace && type.IsPublic && typeof(nn.Module).IsAssignableFrom(type))
            .ToList();

        Assert.Contains(typeof(NetworkModule), blockTypes);
        Assert.Contains(typeof(NasBench201Cell), blockTypes);
        Assert.All(blockTypes, type => Assert.True(typeof(IOnnxExportable).IsAssignableFrom(type), $"{type.Name} does not implement IOnnxExportable"));
        // One home per block: a Default entry would silently win over the block's own export.
        Assert.All(blockTypes, type => Assert.False(OnnxConverterRegistry.Default.IsRegistered(type), $"{type.Name} is in OnnxConverterRegistry.Default"));
    }

    [Fact]
    public void Registry_Default_HasTheStandardLayers()
    {
        foreach (var layer in new[] { typeof(Conv2d), typeof(BatchNorm2d), typeof(BatchNorm1d), typeof(Linear), typeof(Sequential), typeof(Dropout), typeof(Flatten) })
        {
            Assert.True(OnnxConverterRegistry.Default.IsRegistered(layer), layer.Name);
        }
    }

    [Fact]
    public void Registry_ConverterForABlockType_WinsOverTheBlocksOwnExport()
    {
        torch.manual_seed(3);
        using var model = nn.Sequential(new ConvBnAct(1, 2, 3), nn.Flatten(), nn.Linear(2 * 28 * 28, 10));
        var calls = 0;
        var registry = OnnxConverterRegistry.Default.With<ConvBnAct>((context, block, input) =>
        {
            calls++;
            return context.Export(block.Conv, input);
        });

        var own = ExportAndRead(model, ImageOptions());
        var replaced = ExportAndRead(model, ImageOptions() with { Converters = registry });

        Assert.Contains(own.Graph.Node, node => node.OpType == "Relu" && node.Name.StartsWith("0/", StringComparison.Ordinal));
        Assert.Equal(1, calls);
        Assert.DoesNotContain(replaced.Graph.Node, node => node.OpType is "Relu" or "BatchNormalization");
        Assert.Contains(replaced.Graph.Node, node => node.OpType == "Conv" && node.Name.StartsWith("0.conv", StringComparison.Ordinal));
    }

    internal static Sequential SmallCnn()
    {
        torch.manual_seed(7);
        return nn.Sequential(
            nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(4 * 14 * 14, 10));
    }

    internal static OnnxExportOptions ImageOptions() => new()
    {
        InputShape = OnnxTestData.FashionShape,
        InputNormalization = OnnxTestData.FashionNormalization,
        ClassLabels = OnnxTestData.FashionLabels,
    };

    private static Dictionary<string, string> Metadata(ModelProto proto) =>
        proto.MetadataProps.ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);

    private ModelProto ExportAndRead(nn.Module<Tensor, Tensor> model, OnnxExportOptions options)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".onnx");
        OnnxExporter.Export(model, options, path);
        return ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
    }

    private sealed class UnsupportedOp() : nn.Module<Tensor, Tensor>(nameof(UnsupportedOp))
    {
        public override Tensor forward(Tensor input) => input * 1.0;
    }
}
