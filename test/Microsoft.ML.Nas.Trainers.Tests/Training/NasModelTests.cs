using System.IO.Compression;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Nas.Trainers.Data;
using Microsoft.ML.Nas.Trainers.Training;

namespace Microsoft.ML.Nas.Trainers.Tests.Training;

[Collection(TorchTests.CollectionName)]
public sealed class NasModelTests : IDisposable
{
    private const string CnnArchitecture = """{"kind":"tiny-cnn","dropout":0.1}""";

    private readonly string _folder = Directory.CreateTempSubdirectory("nasml-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SaveThenLoad_ImageClassifier_GivesIdenticalPredictionsOnRawPixels()
    {
        var (images, _) = TrainingTestData.FashionSubset;
        var raw = new IdxImages(100, 28, 28, images.Pixels[..(100 * 784)]);
        var path = Path.Combine(_folder, "cnn.nasml");
        using var model = TrainCnn();

        var labels = model.PredictLabels(raw);
        var probabilities = model.PredictProbabilities(raw);
        model.Save(path);
        using var loaded = NasModel.Load(path, BuildModule);

        Assert.Equal(labels, loaded.PredictLabels(raw));
        Assert.Equal(probabilities, loaded.PredictProbabilities(raw));
        Assert.Equal(JsonNode.Parse(CnnArchitecture)!.ToJsonString(), loaded.ArchitectureJson);
        Assert.Equal(model.ClassNames, loaded.ClassNames);
        Assert.Equal(model.InputShape, loaded.InputShape);
        Assert.Equal(model.ImageNormalization!.Mean, loaded.ImageNormalization!.Mean);
        Assert.Equal(model.ImageNormalization.StandardDeviation, loaded.ImageNormalization.StandardDeviation);
        Assert.Equal(model.Metrics, loaded.Metrics);
        Assert.All(probabilities, row => Assert.Equal(1, row.Sum(), 4));
    }

    [Fact]
    public void PredictLabels_RawPixels_AgreeWithTheTrainersEvaluationOfNormalizedImages()
    {
        var (train, validation) = TrainingTestData.FashionSplit();
        using (train)
        using (validation)
        {
            var trainer = new CandidateTrainer();
            using var model = NasModel.Create(trainer.CreateModule(() => TrainingTestData.TinyCnn()), CnnArchitecture, train);
            trainer.Train(model.Module, new TrainingRecipe { Epochs = 1, BatchSize = 64, LearningRate = 0.02 }, train);
            var (images, labels) = TrainingTestData.FashionSubset;
            var split = DataSplit.StratifiedHoldout(labels, 0.2, 1);
            var pixels = split.Validation.SelectMany(i => images.Pixels.Skip(i * 784).Take(784).Select(p => (float)p)).ToArray();

            var predicted = model.PredictLabels(pixels);

            var accuracy = predicted.Where((label, i) => label == labels[split.Validation[i]]).Count() / (double)predicted.Length;
            Assert.Equal(trainer.Evaluate(model.Module, validation).Classification!.Accuracy, accuracy, 12);
        }
    }

    [Fact]
    public void SaveThenLoad_TabularRegressor_PredictsRawRowsLikeFeatures()
    {
        var text = string.Join('\n', ["x,color,y", .. Enumerable.Range(0, 200).Select(i => $"{i % 17},{(i % 3 == 0 ? "red" : "blue")},{(i % 17 * 10) + (i % 3 == 0 ? 500 : 0)}")]);
        var frame = TabularDataLoader.LoadCsv(new StringReader(text), new TabularLoadOptions { LabelColumn = "y", Task = TabularTask.Regression }, "inline");
        var preprocessor = TabularPreprocessor.Fit(frame);
        var table = preprocessor.Transform(frame);
        using var train = TensorDataset.FromTabular(table);
        var trainer = new CandidateTrainer();
        using var model = NasModel.Create(
            trainer.CreateModule(() => TrainingTestData.Mlp(table.FeatureCount, 1)), """{"kind":"mlp"}""", train, preprocessor);
        trainer.Train(model.Module, TrainingRecipe.For(OptimizerKind.Adam) with { Epochs = 30, BatchSize = 32, LearningRate = 0.01 }, train);
        IReadOnlyDictionary<string, string?>[] rows =
        [
            new Dictionary<string, string?> { ["x"] = "4", ["color"] = "red" },
            new Dictionary<string, string?> { ["x"] = "12", ["color"] = "blue" },
        ];
        var path = Path.Combine(_folder, "table.nasml");

        var fromRows = model.PredictValues(rows);
        model.Save(path);
        using var loaded = NasModel.Load(path, json => TrainingTestData.Mlp(table.FeatureCount, 1));

        Assert.Equal(model.PredictValues([.. preprocessor.TransformRow(rows[0]), .. preprocessor.TransformRow(rows[1])]), fromRows);
        Assert.Equal(fromRows, loaded.PredictValues(rows));
        Assert.InRange(fromRows[0], 540 - 40, 540 + 40); // y = 10·4 + 500
        Assert.InRange(fromRows[1], 120 - 40, 120 + 40);
        Assert.Equal(model.TargetStandardization, loaded.TargetStandardization);
        Assert.Equal(preprocessor.ToJson(), loaded.TabularPreprocessor!.ToJson());
        Assert.Throws<InvalidOperationException>(() => loaded.PredictLabels(rows));
    }

    [Fact]
    public void Save_FailingMidway_LeavesThePreviousFileUntouchedAndNoTemporaryFile()
    {
        var path = Path.Combine(_folder, "model.nasml");
        using (var good = TableModel(TrainingTestData.Mlp(4, 3)))
        {
            good.Save(path);
        }

        var before = File.ReadAllBytes(path);
        using var broken = TableModel(new BrokenModule());

        Assert.Throws<NotSupportedException>(() => broken.Save(path));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
        using var loaded = NasModel.Load(path, _ => TrainingTestData.Mlp(4, 3));
        Assert.Equal(3, loaded.ClassNames!.Count);
    }

    [Fact]
    public void Load_NotAZipFile_ThrowsNamingTheFile()
    {
        var path = Path.Combine(_folder, "text.nasml");
        File.WriteAllText(path, "not a model");

        var exception = Assert.Throws<InvalidDataException>(() => NasModel.Load(path, _ => TrainingTestData.Mlp(4, 3)));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithoutTheWeightsEntry_ThrowsNamingFileAndEntry()
    {
        var path = SaveTableModel("model.nasml");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            archive.GetEntry(NasModel.WeightsEntryName)!.Delete();
        }

        var exception = Assert.Throws<InvalidDataException>(() => NasModel.Load(path, _ => TrainingTestData.Mlp(4, 3)));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("'weights.nasmlstate'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("missing", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownVersion_ThrowsNamingTheDescriptionEntry()
    {
        var path = SaveTableModel("model.nasml");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = archive.GetEntry(NasModel.DescriptionEntryName)!;
            JsonNode description;
            using (var stream = entry.Open())
            {
                description = JsonNode.Parse(stream)!;
            }

            description["version"] = 99;
            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry(NasModel.DescriptionEntryName).Open());
            writer.Write(description.ToJsonString());
        }

        var exception = Assert.Throws<InvalidDataException>(() => NasModel.Load(path, _ => TrainingTestData.Mlp(4, 3)));

        Assert.Contains("'model.json'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("99", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ArchitectureThatDoesNotMatchTheWeights_ThrowsNamingTheEntriesAndLeaksNothing()
    {
        var path = SaveTableModel("model.nasml");
        var before = TorchTests.LiveTensors;

        var exception = Assert.Throws<InvalidDataException>(() => NasModel.Load(path, _ => TrainingTestData.Mlp(4, 3, hidden: 7)));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("'weights.nasmlstate'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("0.weight", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, TorchTests.LiveTensors);
    }

    [Fact]
    public void Load_FactoryThatThrows_ReportsItAsAnArchitectureProblem()
    {
        var path = SaveTableModel("model.nasml");

        var exception = Assert.Throws<InvalidDataException>(() => NasModel.Load(path, _ => throw new NotSupportedException("unknown kind 'mlp'")));

        Assert.Contains("unknown kind 'mlp'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'model.json'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_WrongInputs_ThrowsNamingTheProblem()
    {
        using var model = TableModel(TrainingTestData.Mlp(4, 3));

        Assert.Throws<ArgumentException>(() => model.PredictLabels(new float[6]));
        Assert.Throws<InvalidOperationException>(() => model.PredictValues(new float[4]));
        Assert.Throws<InvalidOperationException>(() => model.PredictLabels([new Dictionary<string, string?>()]));
        Assert.Equal(2, model.PredictLabels(new float[8]).Length);
    }

    [Fact]
    public void Constructor_InvalidDescription_Throws()
    {
        using var module = TrainingTestData.Mlp(4, 3);

        Assert.Equal("architectureJson", Assert.Throws<ArgumentException>(() =>
            new NasModel(module, "{not json", TrainingTask.Classification, [4], ["a", "b", "c"])).ParamName);
        Assert.Equal("classNames", Assert.Throws<ArgumentException>(() =>
            new NasModel(module, "{}", TrainingTask.Classification, [4])).ParamName);
        Assert.Equal("imageNormalization", Assert.Throws<ArgumentException>(() =>
            new NasModel(module, "{}", TrainingTask.Classification, [4], ["a", "b"], new ImageNormalization([0.5], [0.5]))).ParamName);
    }

    private static nn.Module<Tensor, Tensor> BuildModule(string json)
    {
        var description = JsonNode.Parse(json)!;
        Assert.Equal("tiny-cnn", (string?)description["kind"]);
        return TrainingTestData.TinyCnn((double)description["dropout"]!);
    }

    private static NasModel TrainCnn()
    {
        var (train, validation) = TrainingTestData.FashionSplit();
        using (train)
        using (validation)
        using (var small = train.Subset([.. Enumerable.Range(0, 320)]))
        {
            var trainer = new CandidateTrainer();
            var module = trainer.CreateModule(() => TrainingTestData.TinyCnn(0.1));
            var result = trainer.Train(module, new TrainingRecipe { Epochs = 1, BatchSize = 64, LearningRate = 0.02 }, small, validation);
            return NasModel.Create(module, CnnArchitecture, small, metrics: result.ToMetrics());
        }
    }

    private static NasModel TableModel(nn.Module<Tensor, Tensor> module) =>
        new(module, """{"kind":"mlp"}""", TrainingTask.Classification, [4], ["a", "b", "c"], metrics: new Dictionary<string, double> { ["accuracy"] = 0.5 });

    private string SaveTableModel(string name)
    {
        var path = Path.Combine(_folder, name);
        using var model = TableModel(TrainingTestData.Mlp(4, 3));
        model.Save(path);
        return path;
    }

    /// <summary>
    /// A module with a bfloat16 weight, which the state format does not store: saving it fails after the archive was
    /// started. (TorchSharp leaves a disposed parameter out of the state dict, so a released weight no longer breaks a save.)
    /// </summary>
    private sealed class BrokenModule : nn.Module<Tensor, Tensor>
    {
        public BrokenModule()
            : base(nameof(BrokenModule))
        {
            register_parameter("weight", new TorchSharp.Modules.Parameter(torch.zeros(3, 4, ScalarType.BFloat16)));
        }

        public override Tensor forward(Tensor input) => throw new NotSupportedException();
    }
}
