using Microsoft.ML.Nas.Torch;

namespace Microsoft.ML.Nas.Torch.Tests;

/// <summary>Every math op against PyTorch's values (TestData/Golden/make_tensor_math.py).</summary>
public sealed class TensorMathTests
{
    internal static GoldenCase Golden(string name) => GoldenValues.Case("tensor_math", name);

    /// <summary>Asserts values and shape (via the golden helper) and also the dtype, which the helper does not check.</summary>
    internal static void AssertMatches(GoldenCase golden, string key, Tensor actual, double absoluteTolerance = 1e-5, double relativeTolerance = 1e-4)
    {
        var expectedDtype = golden.Element.GetProperty(key).GetProperty("dtype").GetString() switch
        {
            "float32" => ScalarType.Float32,
            "float64" => ScalarType.Float64,
            "int64" => ScalarType.Int64,
            "bool" => ScalarType.Bool,
            var other => throw new NotSupportedException(other),
        };
        Assert.True(expectedDtype == actual.Dtype, $"{golden.Name}.{key}: expected dtype {expectedDtype}, got {actual.Dtype}");
        golden.AssertClose(key, actual, absoluteTolerance, relativeTolerance);
    }

    [Fact]
    public void BinaryOps_WithBroadcasting_MatchPyTorch()
    {
        using var scope = DisposeScope.Begin();

        var golden = Golden("add_broadcast");
        AssertMatches(golden, "out", golden.Tensor("x") + golden.Tensor("y"));
        golden = Golden("add_alpha");
        AssertMatches(golden, "out", golden.Tensor("x").Add(golden.Tensor("y"), alpha: 2.5));
        golden = Golden("sub_broadcast");
        AssertMatches(golden, "out", golden.Tensor("x") - golden.Tensor("z"));
        golden = Golden("sub_alpha");
        AssertMatches(golden, "out", golden.Tensor("x").Sub(golden.Tensor("z"), alpha: -0.5));
        golden = Golden("mul_broadcast");
        AssertMatches(golden, "out", golden.Tensor("x") * golden.Tensor("z"));
        golden = Golden("div_broadcast");
        AssertMatches(golden, "out", golden.Tensor("x") / golden.Tensor("q"));
        golden = Golden("maximum");
        AssertMatches(golden, "out", golden.Tensor("x").Maximum(golden.Tensor("z")));
        golden = Golden("minimum");
        AssertMatches(golden, "out", golden.Tensor("x").Minimum(golden.Tensor("z")));
        golden = Golden("where");
        AssertMatches(golden, "out", Tensor.Where(golden.Tensor("cond"), golden.Tensor("x"), golden.Tensor("z")));
    }

    [Fact]
    public void ScalarOps_OnBothSides_MatchPyTorch()
    {
        using var scope = DisposeScope.Begin();

        AssertMatches(Golden("add_scalar"), "out", Golden("add_scalar").Tensor("x") + 1.5);
        AssertMatches(Golden("sub_scalar"), "out", Golden("sub_scalar").Tensor("x") - 2);
        AssertMatches(Golden("rsub_scalar"), "out", 3 - Golden("rsub_scalar").Tensor("x"));
        AssertMatches(Golden("mul_scalar"), "out", Golden("mul_scalar").Tensor("x") * -2.5);
        AssertMatches(Golden("mul_scalar"), "out", -2.5 * Golden("mul_scalar").Tensor("x"));
        AssertMatches(Golden("div_scalar"), "out", Golden("div_scalar").Tensor("x") / 4);
        AssertMatches(Golden("rdiv_scalar"), "out", 2 / Golden("rdiv_scalar").Tensor("p"));
        AssertMatches(Golden("neg"), "out", -Golden("neg").Tensor("x"));
        AssertMatches(Golden("pow_scalar"), "out", Golden("pow_scalar").Tensor("p").Pow(2.5));
        AssertMatches(Golden("pow_int_scalar"), "out", Golden("pow_int_scalar").Tensor("x").Pow(2));
        AssertMatches(Golden("pow_tensor"), "out", Golden("pow_tensor").Tensor("p").Pow(Golden("pow_tensor").Tensor("q")));
        AssertMatches(Golden("clamp_both"), "out", Golden("clamp_both").Tensor("x").Clamp(-0.5, 0.5));
        AssertMatches(Golden("clamp_min"), "out", Golden("clamp_min").Tensor("x").Clamp(0.0, null));
        AssertMatches(Golden("clamp_max"), "out", Golden("clamp_max").Tensor("x").Clamp(null, 0.25));
    }

    [Fact]
    public void MatMul_VectorMatrixAndBatched_MatchPyTorch()
    {
        using var scope = DisposeScope.Begin();

        var golden = Golden("matmul_2d");
        AssertMatches(golden, "out", golden.Tensor("a").MatMul(golden.Tensor("b")));
        golden = Golden("matmul_batched");
        AssertMatches(golden, "out", golden.Tensor("batch").MatMul(golden.Tensor("b")));
        golden = Golden("matmul_vector");
        AssertMatches(golden, "out", golden.Tensor("v").MatMul(golden.Tensor("b")));
    }

    [Fact]
    public void UnaryOps_MatchPyTorch()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("unary");
        var x = golden.Tensor("x");
        var p = golden.Tensor("p");

        AssertMatches(golden, "exp", x.Exp());
        AssertMatches(golden, "log", p.Log());
        AssertMatches(golden, "log1p", p.Log1p());
        AssertMatches(golden, "sqrt", p.Sqrt());
        AssertMatches(golden, "rsqrt", p.Rsqrt());
        AssertMatches(golden, "abs", x.Abs());
        AssertMatches(golden, "sign", x.Sign());
        AssertMatches(golden, "square", x.Square());
        AssertMatches(golden, "reciprocal", p.Reciprocal());
        AssertMatches(golden, "sigmoid", x.Sigmoid());
        AssertMatches(golden, "tanh", x.Tanh());
        AssertMatches(golden, "floor", x.Floor());
        AssertMatches(golden, "ceil", x.Ceiling());
        AssertMatches(golden, "round", x.Round());
    }

    [Fact]
    public void Float64Ops_KeepDoublePrecision()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("float64_ops");
        var x = golden.Tensor("x");

        AssertMatches(golden, "add", x + golden.Tensor("y"), 1e-12, 1e-12);
        AssertMatches(golden, "mul", x * golden.Tensor("y"), 1e-12, 1e-12);
        AssertMatches(golden, "exp", x.Exp(), 1e-12, 1e-12);
        AssertMatches(golden, "matmul", x.MatMul(golden.Tensor("b")), 1e-12, 1e-12);
        AssertMatches(golden, "sum", x.Sum(), 1e-12, 1e-12);
        AssertMatches(golden, "std", x.Std(), 1e-12, 1e-12);
    }

    [Fact]
    public void Int64Ops_PromoteLikePythonScalars()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("int64_ops");
        var i = golden.Tensor("i");
        var j = golden.Tensor("j");

        AssertMatches(golden, "add_int", i + 2, 0, 0);
        AssertMatches(golden, "add_float", i + 2.5, 0, 0);
        AssertMatches(golden, "mul_tensor", i * j, 0, 0);
        AssertMatches(golden, "sub_tensor", i - j, 0, 0);
        AssertMatches(golden, "div", i / j);
        AssertMatches(golden, "pow_int", i.Pow(2), 0, 0);
        AssertMatches(golden, "clamp_int", i.Clamp(0, 5), 0, 0);
        AssertMatches(golden, "clamp_float", i.Clamp(0.5, 5.5), 0, 0);
        AssertMatches(golden, "sum", i.Sum(), 0, 0);
        AssertMatches(golden, "argmax", i.ArgMax(), 0, 0);
    }

    [Fact]
    public void InPlaceOps_ModifyTheSameTensor()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        var y = Tensor.FromArray(new float[] { 10, 20 }, 2);

        Assert.Same(x, x.AddInPlace(y, alpha: 0.5));
        Assert.Equal(new float[] { 6, 12, 8, 14 }, x.ToArray<float>());
        x.SubInPlace(y);
        Assert.Equal(new float[] { -4, -8, -2, -6 }, x.ToArray<float>());
        x.MulInPlace(y).AddInPlace(1.5).MulInPlace(2);
        Assert.Equal(new float[] { -77, -317, -37, -237 }, x.ToArray<float>());
        x.DivInPlace(y).DivInPlace(-0.5);
        Assert.Equal(new float[] { 15.4f, 31.7f, 7.4f, 23.7f }, x.ToArray<float>());
        x.FillInPlace(2.25);
        Assert.Equal(new float[] { 2.25f, 2.25f, 2.25f, 2.25f }, x.ToArray<float>());
        x.ZeroInPlace();
        Assert.Equal(new float[4], x.ToArray<float>());

        // Whole-number scalars work in place on integer tensors (a float scalar would be refused by libtorch).
        var counts = Tensor.FromArray(new long[] { 1, 2 }, 2);
        counts.AddInPlace(3).MulInPlace(2).FillInPlace(7).AddInPlace(counts, alpha: 2);
        Assert.Equal(new long[] { 21, 21 }, counts.ToArray<long>());
    }

    [Fact]
    public void Comparisons_ReturnBoolTensorsMatchingPyTorch()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("compare");
        var x = golden.Tensor("x");
        var y = golden.Tensor("y");

        AssertMatches(golden, "eq", x.Eq(y));
        AssertMatches(golden, "ne", x.Ne(y));
        AssertMatches(golden, "lt", x.Lt(y));
        AssertMatches(golden, "le", x.Le(y));
        AssertMatches(golden, "gt", x.Gt(y));
        AssertMatches(golden, "ge", x.Ge(y));
        AssertMatches(golden, "eq_s", x.Eq(2));
        AssertMatches(golden, "ne_s", x.Ne(2));
        AssertMatches(golden, "lt_s", x.Lt(2));
        AssertMatches(golden, "le_s", x.Le(2));
        AssertMatches(golden, "gt_s", x.Gt(2.5));
        AssertMatches(golden, "ge_s", x.Ge(2));

        golden = Golden("logic");
        var a = golden.Tensor("a");
        var b = golden.Tensor("b");
        AssertMatches(golden, "land", a.LogicalAnd(b));
        AssertMatches(golden, "lor", a.LogicalOr(b));
        AssertMatches(golden, "lxor", a.LogicalXor(b));
        AssertMatches(golden, "lnot", a.LogicalNot());
    }

    [Fact]
    public void AllCloseAndValuesEqual_AgreeWithPyTorch()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("allclose");
        var x = golden.Tensor("x");

        Assert.Equal(golden.Element.GetProperty("close").GetBoolean(), x.AllClose(golden.Tensor("near")));
        Assert.Equal(golden.Element.GetProperty("not_close").GetBoolean(), x.AllClose(golden.Tensor("far")));
        Assert.True(x.AllClose(golden.Tensor("far"), absoluteTolerance: 0.011));
        Assert.True(x.Equal(x.Clone()));
        Assert.False(x.Equal(golden.Tensor("near")));
        Assert.False(x.Equal(x.Reshape(3, 2)));

        var nan = Tensor.Full([2], double.NaN);
        Assert.False(nan.AllClose(nan));
        Assert.True(nan.AllClose(nan, equalNaN: true));
    }

    [Fact]
    public void SumAndMean_OverAllOneOrSeveralDimensions_MatchPyTorch()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("sum_mean");
        var x = golden.Tensor("x");

        AssertMatches(golden, "sum", x.Sum());
        AssertMatches(golden, "sum_dim", x.Sum(1));
        AssertMatches(golden, "sum_dim_keep", x.Sum(1, keepDimensions: true));
        AssertMatches(golden, "sum_dims", x.Sum([0, 2]));
        AssertMatches(golden, "sum_f64", x.Sum(ScalarType.Float64), 1e-12, 1e-12);
        AssertMatches(golden, "mean", x.Mean());
        AssertMatches(golden, "mean_dim", x.Mean(-1));
        AssertMatches(golden, "mean_dims_keep", x.Mean([0, 1], keepDimensions: true));
    }

    [Fact]
    public void Extrema_ReturnValuesAndIndices_MatchPyTorch()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("extrema");
        var x = golden.Tensor("x");

        AssertMatches(golden, "max", x.Max());
        AssertMatches(golden, "min", x.Min());
        var (maxValues, maxIndices) = x.Max(1);
        AssertMatches(golden, "max_values", maxValues);
        AssertMatches(golden, "max_indices", maxIndices, 0, 0);
        var (minValues, minIndices) = x.Min(2, keepDimensions: true);
        AssertMatches(golden, "min_values", minValues);
        AssertMatches(golden, "min_indices", minIndices, 0, 0);
        AssertMatches(golden, "argmax", x.ArgMax(), 0, 0);
        AssertMatches(golden, "argmax_dim", x.ArgMax(2), 0, 0);
        AssertMatches(golden, "argmin_dim_keep", x.ArgMin(0, keepDimensions: true), 0, 0);
        AssertMatches(golden, "argmin", x.ArgMin(), 0, 0);
    }

    [Fact]
    public void TopK_LargestAndSmallest_MatchPyTorch()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("topk");
        var x = golden.Tensor("x");

        var (values, indices) = x.TopK(2);
        AssertMatches(golden, "values", values);
        AssertMatches(golden, "indices", indices, 0, 0);
        (values, indices) = x.TopK(3, dimension: 0, largest: false);
        AssertMatches(golden, "small_values", values);
        AssertMatches(golden, "small_indices", indices, 0, 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.TopK(-1));
        Assert.Throws<TorchException>(() => x.TopK(6));
    }

    [Fact]
    public void StdVarNormAndCount_MatchPyTorch()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("spread");
        var x = golden.Tensor("x");

        AssertMatches(golden, "std", x.Std());
        AssertMatches(golden, "std_biased", x.Std(unbiased: false));
        AssertMatches(golden, "std_dim", x.Std(1));
        AssertMatches(golden, "std_dims_keep", x.Std([0, 2], keepDimensions: true));
        AssertMatches(golden, "var", x.Var());
        AssertMatches(golden, "var_biased", x.Var(unbiased: false));
        AssertMatches(golden, "var_dim", x.Var(-1, unbiased: false));

        golden = Golden("norms");
        x = golden.Tensor("x");
        AssertMatches(golden, "norm2", x.Norm());
        AssertMatches(golden, "norm1", x.Norm(1));
        AssertMatches(golden, "norm_inf", x.Norm(double.PositiveInfinity));
        AssertMatches(golden, "norm_dim", x.Norm(2, 1));
        AssertMatches(golden, "norm_dims_keep", x.Norm(1, [1, 2], keepDimensions: true));

        golden = Golden("count_nonzero");
        x = golden.Tensor("x");
        AssertMatches(golden, "all", x.CountNonzero(), 0, 0);
        AssertMatches(golden, "dim", x.CountNonzero(0), 0, 0);
        AssertMatches(golden, "dims", x.CountNonzero([0, 1]), 0, 0);
    }

    [Fact]
    public void Reductions_WithNoDimensions_ThrowNamingTheParameter()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Ones([2, 2]);

        var error = Assert.Throws<ArgumentException>(() => x.Sum(ReadOnlySpan<int>.Empty));
        Assert.Equal("dimensions", error.ParamName);
        Assert.Throws<ArgumentException>(() => x.Std(ReadOnlySpan<int>.Empty));
        Assert.Throws<ArgumentException>(() => x.Clamp((double?)null, null));
    }

    [Fact]
    public void Views_MatchPyTorch()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("views");
        var x = golden.Tensor("x");

        AssertMatches(golden, "transpose", x.Transpose(0, 2));
        AssertMatches(golden, "permute", x.Permute(2, 0, 1));
        AssertMatches(golden, "unsqueeze", x.Unsqueeze(1));
        AssertMatches(golden, "squeeze", x.Squeeze());
        AssertMatches(golden, "squeeze_dim", x.Squeeze(1));
        AssertMatches(golden, "expand", x.Expand(2, 4, 3));
        AssertMatches(golden, "repeat", x.Repeat(1, 2, 2));
        AssertMatches(golden, "narrow", x.Narrow(2, 1, 2));
    }

    [Fact]
    public void Indexing_GatherScatterMaskedFillOneHot_MatchPyTorch()
    {
        using var scope = DisposeScope.Begin();
        var golden = Golden("indexing");
        var x = golden.Tensor("x");

        AssertMatches(golden, "gather", x.Gather(1, golden.Tensor("index")));
        var positions = Tensor.FromArray(new long[] { 2, 0, 1, 1, 2, 0 }, 2, 3);
        AssertMatches(golden, "scatter", Tensor.Zeros([2, 3]).Scatter(1, positions, x));
        AssertMatches(golden, "masked_fill", x.MaskedFill(x.Lt(0), -1));
        AssertMatches(golden, "one_hot", golden.Tensor("labels").OneHot(), 0, 0);
        AssertMatches(golden, "one_hot_5", golden.Tensor("labels").OneHot(5), 0, 0);
    }
}
