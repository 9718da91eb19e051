using Microsoft.ML.Nas.Torch.NN;
using static Microsoft.ML.Nas.Torch.Tests.NN.NNTestSupport;

namespace Microsoft.ML.Nas.Torch.Tests.NN;

public sealed class LossesTests
{
    public static TheoryData<string, Reduction> Cases()
    {
        var data = new TheoryData<string, Reduction>();
        string[] names =
        [
            "cross_entropy", "cross_entropy_weight", "cross_entropy_smoothing", "cross_entropy_weight_smoothing",
            "cross_entropy_ignore_index", "cross_entropy_probabilities", "cross_entropy_spatial", "bce_with_logits",
            "bce_with_logits_weights", "mse", "l1", "huber_delta_0.5", "huber_delta_1", "kl_div", "kl_div_log_target",
        ];
        foreach (var name in names)
        {
            foreach (var reduction in new[] { Reduction.None, Reduction.Mean, Reduction.Sum, Reduction.BatchMean })
            {
                if (Has(Loss(name), Key(reduction)))
                {
                    data.Add(name, reduction);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_MatchesPyTorchForEachReduction(string name, Reduction reduction)
    {
        using var scope = DisposeScope.Begin();
        var golden = Loss(name);

        var loss = Compute(name, golden, golden.Tensor("input"), reduction);

        golden.AssertClose(Key(reduction), loss);
    }

    [Theory]
    [InlineData("cross_entropy", Reduction.Mean)]
    [InlineData("cross_entropy_weight", Reduction.Mean)]
    [InlineData("cross_entropy_smoothing", Reduction.Mean)]
    [InlineData("cross_entropy_weight_smoothing", Reduction.Mean)]
    [InlineData("cross_entropy_ignore_index", Reduction.Mean)]
    [InlineData("cross_entropy_probabilities", Reduction.Mean)]
    [InlineData("cross_entropy_spatial", Reduction.Mean)]
    [InlineData("bce_with_logits", Reduction.Mean)]
    [InlineData("bce_with_logits_weights", Reduction.Mean)]
    [InlineData("mse", Reduction.Mean)]
    [InlineData("l1", Reduction.Mean)]
    [InlineData("huber_delta_0.5", Reduction.Mean)]
    [InlineData("huber_delta_1", Reduction.Mean)]
    [InlineData("kl_div", Reduction.BatchMean)]
    [InlineData("kl_div_log_target", Reduction.BatchMean)]
    public void Loss_GradientWithRespectToPrediction_MatchesPyTorch(string name, Reduction reduction)
    {
        using var scope = DisposeScope.Begin();
        var golden = Loss(name);
        var input = Leaf(golden, "input");

        Compute(name, golden, input, reduction).Backward();

        AssertGrad(golden, "grad", input);
    }

    [Fact]
    public void CrossEntropy_WithFloatClassLabels_RaisesLibtorchMessage()
    {
        using var scope = DisposeScope.Begin();
        var logits = Tensor.Randn([3, 4]);
        var labels = Tensor.FromArray(new float[] { 0, 1, 2 });

        var error = Assert.Throws<TorchException>(() => Losses.CrossEntropy(logits, labels));

        Assert.Contains("expected scalar type Long but found Float", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CrossEntropy_WithLabelOutOfRange_RaisesTorchException()
    {
        using var scope = DisposeScope.Begin();
        var logits = Tensor.Randn([2, 3]);
        var labels = Tensor.FromArray(new long[] { 0, 5 });

        Assert.Throws<TorchException>(() => Losses.CrossEntropy(logits, labels));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void CrossEntropy_WithLabelSmoothingOutsideUnitInterval_ThrowsNamingIt(double labelSmoothing)
    {
        using var scope = DisposeScope.Begin();
        var logits = Tensor.Randn([2, 3]);
        var labels = Tensor.FromArray(new long[] { 0, 1 });

        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => Losses.CrossEntropy(logits, labels, labelSmoothing: labelSmoothing));

        Assert.Equal("labelSmoothing", error.ParamName);
    }

    [Fact]
    public void HuberLoss_WithNonPositiveDelta_ThrowsNamingDelta()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Ones([2]);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.HuberLoss(x, x, delta: 0));

        Assert.Equal("delta", error.ParamName);
    }

    [Fact]
    public void Loss_WithUndefinedReduction_ThrowsNamingReduction()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Ones([2]);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.MseLoss(x, x, (Reduction)42));

        Assert.Equal("reduction", error.ParamName);
    }

    private static string Key(Reduction reduction) => reduction switch
    {
        Reduction.None => "none",
        Reduction.Mean => "mean",
        Reduction.Sum => "sum",
        _ => "batchmean",
    };

    private static Tensor Compute(string name, GoldenCase golden, Tensor input, Reduction reduction)
    {
        Tensor Get(string key) => golden.Tensor(key);
        return name switch
        {
            "cross_entropy" or "cross_entropy_ignore_index" or "cross_entropy_probabilities" or "cross_entropy_spatial" =>
                Losses.CrossEntropy(input, Get("targets"), reduction: reduction),
            "cross_entropy_weight" => Losses.CrossEntropy(input, Get("targets"), Get("weight"), reduction: reduction),
            "cross_entropy_smoothing" =>
                Losses.CrossEntropy(input, Get("targets"), labelSmoothing: 0.1, reduction: reduction),
            "cross_entropy_weight_smoothing" =>
                Losses.CrossEntropy(input, Get("targets"), Get("weight"), labelSmoothing: 0.2, reduction: reduction),
            "bce_with_logits" => Losses.BinaryCrossEntropyWithLogits(input, Get("targets"), reduction: reduction),
            "bce_with_logits_weights" => Losses.BinaryCrossEntropyWithLogits(
                input, Get("targets"), positiveWeight: Get("pos_weight"), weight: Get("weight"), reduction: reduction),
            "mse" => Losses.MseLoss(input, Get("target"), reduction),
            "l1" => Losses.L1Loss(input, Get("target"), reduction),
            "huber_delta_0.5" => Losses.HuberLoss(input, Get("target"), 0.5, reduction),
            "huber_delta_1" => Losses.HuberLoss(input, Get("target"), reduction: reduction),
            "kl_div" => Losses.KLDivLoss(input, Get("target"), reduction),
            "kl_div_log_target" => Losses.KLDivLoss(input, Get("target"), reduction, logTarget: true),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }
}
