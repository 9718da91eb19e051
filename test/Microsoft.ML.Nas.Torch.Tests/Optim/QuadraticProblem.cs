using Microsoft.ML.Nas.Torch;

namespace Microsoft.ML.Nas.Torch.Tests.Optim;

/// <summary>
/// The fixed problem of make_optim.py: parameters w (2x3) and b (3) minimising
/// sum(S * (w - T)^2) + 0.5 * sum((b - C)^2).
/// </summary>
internal sealed class QuadraticProblem : IDisposable
{
    private readonly Tensor _target = Tensor.FromArray(new float[] { 1.0f, 0.0f, -1.0f, 0.5f, 2.0f, 1.0f }, 2, 3);
    private readonly Tensor _scale = Tensor.FromArray(new float[] { 1.0f, 0.5f, 2.0f, 0.25f, 3.0f, 1.5f }, 2, 3);
    private readonly Tensor _center = Tensor.FromArray(new float[] { 1.0f, 2.0f, -3.0f });

    public QuadraticProblem()
    {
        W = Tensor.FromArray(new float[] { 0.5f, -1.0f, 2.0f, 1.5f, 0.25f, -0.75f }, 2, 3);
        W.RequiresGrad = true;
        B = Tensor.FromArray(new float[] { 0.1f, -0.2f, 0.3f });
        B.RequiresGrad = true;
    }

    public Tensor W { get; }

    public Tensor B { get; }

    /// <summary>Computes the loss and accumulates its gradient into <see cref="W"/> and <see cref="B"/>.</summary>
    public void Backward()
    {
        using var scope = DisposeScope.Begin();
        var loss = ((W - _target).Square() * _scale).Sum() + ((B - _center).Square().Sum() * 0.5);
        loss.Backward();
    }

    public void Dispose()
    {
        W.Dispose();
        B.Dispose();
        _target.Dispose();
        _scale.Dispose();
        _center.Dispose();
    }
}
