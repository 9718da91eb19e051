using Microsoft.ML.Nas.Trainers.Architectures.Nodes;

namespace Microsoft.ML.Nas.Trainers.Architectures.Composition;

/// <summary>The state of a description in progress: the nodes so far, the current shape, and where in a repetition a template runs.</summary>
internal sealed class LayerContext
{
    public LayerContext(InputShape input, int outputs)
    {
        Shape = input;
        Outputs = outputs;
    }

    public List<NetworkNode> Nodes { get; } = [];

    public InputShape Shape { get; private set; }

    public int Outputs { get; }

    /// <summary>Gets or sets whether the template runs as a second or later repetition (its stride becomes 1).</summary>
    public bool IsRepetition { get; set; }

    public void Add(NetworkNode node)
    {
        Nodes.Add(node);
        Shape = node.Output;
    }
}
