using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>Settings of a <see cref="CandidateTrainer"/> that are not part of the recipe: seed, device, evaluation batch size, clock.</summary>
public sealed record CandidateTrainerOptions
{
    /// <summary>
    /// Gets the seed of libtorch's generator (dropout), of the batch orders and of the augmentation; 0 by default. With the
    /// same seed, initial weights and data, training on the CPU with one thread gives the same weights bit for bit.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>
    /// Gets the TorchSharp device to train and evaluate on; the CPU (<c>torch.CPU</c>) by default. The module is moved
    /// there; batches follow.
    /// </summary>
    public Device Device { get; init; } = CPU;

    /// <summary>Gets the number of samples per forward pass when evaluating; at least 1; 1024 by default.</summary>
    public int EvaluationBatchSize { get; init; } = 1024;

    /// <summary>Gets the clock that times training; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
