using System.Globalization;
using System.Text;
using Microsoft.ML.Nas.SearchSpaces;
using Microsoft.ML.Nas.Trainers.Architectures.Nodes;

namespace Microsoft.ML.Nas.Trainers.Architectures;

/// <summary>
/// A space of feed-forward networks for tables, as TabNAS searches: the number of hidden layers and each layer's width,
/// plus the activation, dropout, normalisation and residual connections of the network; a linear layer maps the last
/// hidden layer to the outputs.
/// </summary>
/// <remarks>
/// <para>
/// C. Yang, G. Bender, H. Liu, P.-J. Kindermans, M. Udell, Y. Lu, Q. V. Le, D. Huang, "TabNAS: Rejection Sampling for
/// Neural Architecture Search on Tabular Datasets", NeurIPS 2022, https://arxiv.org/abs/2204.07615 (search over the
/// number of layers and per-layer widths of a feed-forward network under resource constraints).
/// </para>
/// <para>
/// The layer count is a conditional choice: each count carries exactly its layers' widths, so the parameter holds no
/// unused decisions: <c>{"layers":{"value":2,"width1":64,"width2":64},"activation":"relu","dropout":0.1,"normalization":"batch","residual":true}</c>.
/// Hidden layer i is linear → [batch norm] → activation → dropout, and adds its input when <c>residual</c> is on and
/// its input width equals its output width (the first layer's input width is the feature count).
/// </para>
/// </remarks>
public sealed class MlpSpace : ArchitectureSpace
{
    private readonly MlpSpaceOptions _options;
    private readonly SearchSpace _searchSpace;

    /// <summary>Initializes a new instance of the <see cref="MlpSpace"/> class.</summary>
    /// <param name="options">The ranges; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is empty, repeats a value or is out of range; the message names it.</exception>
    public MlpSpace(MlpSpaceOptions? options = null)
        : base("mlp")
    {
        _options = Validate(options ?? new MlpSpaceOptions());
        var layerValues = _options.LayerCounts.Select(count =>
        {
            if (count == 0)
            {
                return new ChoiceValue(Parameter.FromInt(0));
            }

            var widths = new SearchSpace();
            for (int layer = 1; layer <= count; layer++)
            {
                widths[WidthKey(layer)] = ParameterReader.Choice(_options.WidthChoices);
            }

            return new ChoiceValue(Parameter.FromInt(count), widths);
        });
        _searchSpace = new SearchSpace
        {
            ["layers"] = new ChoiceOption(layerValues),
            ["activation"] = ParameterReader.Choice(_options.ActivationChoices),
            ["dropout"] = ParameterReader.Choice(_options.DropoutChoices),
            ["normalization"] = new ChoiceOption([.. _options.NormalizationChoices.Select(NormalizationName)]),
            ["residual"] = ParameterReader.Choice(_options.ResidualChoices),
        };
    }

    /// <summary>Gets the ranges.</summary>
    public MlpSpaceOptions Options => _options;

    /// <inheritdoc/>
    public override SearchSpace SearchSpace => _searchSpace;

    /// <inheritdoc/>
    public override void ValidateInput(InputShape input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.IsVector)
        {
            throw InputMismatch("a feature vector [features]", input);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Costs grow with every width, but not with the layer count (a narrow hidden layer can be cheaper than a wide input
    /// feeding the classifier directly), so there is one candidate per layer count, each with the smallest widths.
    /// </remarks>
    public override IReadOnlyList<Parameter> MinimalCandidates() =>
        [.. _options.LayerCounts.Select(count =>
        {
            var layers = Parameter.CreateObject();
            layers[ChoiceOption.ValueKey] = Parameter.FromInt(count);
            for (int layer = 1; layer <= count; layer++)
            {
                layers[WidthKey(layer)] = Parameter.FromInt(_options.WidthChoices.Min());
            }

            var layerParameter = _options.LayerCounts.Any(c => c > 0) ? layers : Parameter.FromInt(count);
            var normalization = _options.NormalizationChoices.Contains(Normalization.None) ? Normalization.None : _options.NormalizationChoices[0];
            return Parameter.CreateNestedParameter(
                ("layers", layerParameter),
                ("activation", Parameter.FromString(ActivationNames.Name(_options.ActivationChoices[0]))),
                ("dropout", Parameter.FromDouble(_options.DropoutChoices[0])),
                ("normalization", Parameter.FromString(NormalizationName(normalization))),
                ("residual", Parameter.FromBool(_options.ResidualChoices[0])));
        })];

    /// <inheritdoc/>
    protected override NetworkDescription DescribeCore(Parameter parameter, InputShape input, int outputs)
    {
        var activation = ParameterReader.Activation(parameter, "activation");
        double dropout = ParameterReader.Double(parameter, "dropout");
        var normalization = ParameterReader.String(parameter, "normalization") == NormalizationName(Normalization.Batch)
            ? Normalization.Batch
            : Normalization.None;
        bool residual = ParameterReader.Bool(parameter, "residual");
        var nodes = new List<NetworkNode>();
        var shape = input;
        foreach (int width in ReadWidths(parameter))
        {
            var node = new DenseNode(shape, width, activation, dropout, normalization, residual && shape.Channels == width);
            nodes.Add(node);
            shape = node.Output;
        }

        nodes.Add(new ClassifierNode(shape, outputs));
        return new NetworkDescription(input, nodes);
    }

    /// <inheritdoc/>
    protected override string SummarizeCore(Parameter parameter)
    {
        var widths = ReadWidths(parameter);
        var builder = new StringBuilder("MLP ")
            .Append(widths.Count == 0 ? "linear" : string.Join("-", widths.Select(w => w.ToString(CultureInfo.InvariantCulture))))
            .Append(' ').Append(ParameterReader.String(parameter, "activation"))
            .Append(" norm ").Append(ParameterReader.String(parameter, "normalization"))
            .Append(" dropout ").Append(ParameterReader.Format(ParameterReader.Double(parameter, "dropout")));
        return ParameterReader.Bool(parameter, "residual") ? builder.Append(" residual").ToString() : builder.ToString();
    }

    private static string WidthKey(int layer) => "width" + layer.ToString(CultureInfo.InvariantCulture);

    private static string NormalizationName(Normalization normalization) => normalization == Normalization.Batch ? "batch" : "none";

    private static List<int> ReadWidths(Parameter parameter)
    {
        var layers = parameter["layers"];
        int count = ParameterReader.ChosenValue(layers).AsType<int>();
        var widths = new List<int>(count);
        for (int layer = 1; layer <= count; layer++)
        {
            widths.Add(ParameterReader.Int(layers, WidthKey(layer)));
        }

        return widths;
    }

    private static MlpSpaceOptions Validate(MlpSpaceOptions options)
    {
        const string Prefix = nameof(MlpSpaceOptions) + ".";
        ParameterReader.RequireChoices(options.LayerCounts, Prefix + nameof(options.LayerCounts), c => c >= 0, "layer counts are at least 0");
        ParameterReader.RequireChoices(options.WidthChoices, Prefix + nameof(options.WidthChoices), w => w >= 1, "widths are at least 1");
        ParameterReader.RequireChoices(options.ActivationChoices, Prefix + nameof(options.ActivationChoices), a => Enum.IsDefined(a), "use an Activation member");
        ParameterReader.RequireChoices(options.DropoutChoices, Prefix + nameof(options.DropoutChoices), p => p >= 0 && p < 1, "probabilities lie in [0, 1)");
        ParameterReader.RequireChoices(options.NormalizationChoices, Prefix + nameof(options.NormalizationChoices), n => Enum.IsDefined(n), "use a Normalization member");
        ParameterReader.RequireChoices(options.ResidualChoices, Prefix + nameof(options.ResidualChoices), _ => true, string.Empty);
        return options;
    }
}
