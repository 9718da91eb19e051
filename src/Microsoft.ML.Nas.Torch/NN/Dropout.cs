using System.Globalization;

namespace Microsoft.ML.Nas.Torch.NN;

/// <summary>
/// Dropout, as <c>torch.nn.Dropout</c>: in training mode zeroes each element with probability p and scales the rest by
/// 1 / (1 − p); in evaluation mode passes the input through (as a new handle). No parameters.
/// </summary>
/// <remarks>
/// N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever, R. Salakhutdinov, "Dropout: A Simple Way to Prevent Neural
/// Networks from Overfitting", JMLR 2014, https://jmlr.org/papers/v15/srivastava14a.html. The mask is drawn from
/// libtorch's default generator (<see cref="LibTorch.ManualSeed"/>).
/// </remarks>
public sealed class Dropout : Module
{
    /// <summary>Initializes the layer.</summary>
    /// <param name="p">The probability of zeroing an element, in [0, 1]; 0.5 by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> outside [0, 1].</exception>
    public Dropout(double p = 0.5)
    {
        Functional.RequireProbability(p, nameof(p));
        P = p;
    }

    /// <summary>Gets the probability of zeroing an element.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, IsTraining);

    /// <inheritdoc/>
    protected override string ExtraDescription() => string.Create(CultureInfo.InvariantCulture, $"p={P:R}");
}
