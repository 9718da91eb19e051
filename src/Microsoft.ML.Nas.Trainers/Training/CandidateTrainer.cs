using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Nas.Trainers.Training;

/// <summary>
/// Trains one candidate network with a <see cref="TrainingRecipe"/> and evaluates it after every epoch: the inner loop
/// of a neural architecture search trial.
/// </summary>
/// <remarks>
/// <para>
/// Each step runs inside its own TorchSharp dispose scope (so nothing leaks, however long the run) and starts by
/// checking the cancellation token, so a token that fires stops training within one step with
/// <see cref="OperationCanceledException"/>. A step: cut the batch (<see cref="BatchLoader"/>, augmented for images
/// when the recipe says so), forward, loss (cross-entropy with label smoothing, or mean squared error on standardized
/// targets), backward, optional gradient clipping, optimizer step, schedule step.
/// </para>
/// <para>
/// After each epoch the validation data is evaluated in evaluation mode without gradients and the
/// <see cref="EpochReport"/> goes to the callback. The callback may throw to stop training, for example
/// <c>TrialContext.ReportIntermediate</c>'s <c>TrialPrunedException</c> when the scheduler prunes the trial: the
/// trainer releases what it holds and lets the exception propagate. Training also stops, with
/// <see cref="TrainingResult.Diverged"/> set, when an epoch's training loss or a validation output is not finite.
/// </para>
/// <para>
/// Deterministic: libtorch's generator is seeded (<c>torch.manual_seed</c>) with <see cref="CandidateTrainerOptions.Seed"/> when training starts
/// and the loader derives its orders and augmentation from the same seed; create the module after
/// <see cref="CreateModule"/> seeded its initial weights. Everything runs on the calling thread (dispose scopes are
/// thread-bound); wrap the call in <c>Task.Run</c> to train in the background.
/// </para>
/// </remarks>
public sealed class CandidateTrainer
{
    /// <summary>Initializes a trainer.</summary>
    /// <param name="options">The options; defaults (seed 0, CPU) when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The evaluation batch size is less than 1.</exception>
    /// <exception cref="ArgumentNullException">The options' time provider is <see langword="null"/>.</exception>
    public CandidateTrainer(CandidateTrainerOptions? options = null)
    {
        Options = options ?? new CandidateTrainerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.EvaluationBatchSize, 1, nameof(options));
        ArgumentNullException.ThrowIfNull(Options.TimeProvider, nameof(options));
    }

    /// <summary>Gets the options.</summary>
    public CandidateTrainerOptions Options { get; }

    /// <summary>
    /// Seeds libtorch's generator with <see cref="CandidateTrainerOptions.Seed"/> and builds a module, so that its
    /// initial weights are reproducible.
    /// </summary>
    /// <param name="factory">Builds the module (for example from an architecture description).</param>
    /// <returns>The module; the caller owns it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The factory returned <see langword="null"/>.</exception>
    public nn.Module<Tensor, Tensor> CreateModule(Func<nn.Module<Tensor, Tensor>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        torch.manual_seed(Options.Seed);
        return factory() ?? throw new InvalidOperationException("The module factory returned null.");
    }

    /// <summary>Trains <paramref name="module"/> in place and evaluates it on <paramref name="validation"/> after every epoch.</summary>
    /// <param name="module">
    /// The network: images [B, C, H, W] or rows [B, F] in; K logits [B, K] (classification) or one value [B, 1] or [B]
    /// (regression) out. It is moved to the trainer's device and left in evaluation mode.
    /// </param>
    /// <param name="recipe">The recipe; validated.</param>
    /// <param name="train">The training data (augmented per batch when it holds images and the recipe asks for it).</param>
    /// <param name="validation">The validation data, with the same task; or <see langword="null"/> to train without evaluation.</param>
    /// <param name="epochCompleted">
    /// Called on the training thread after every epoch; may throw to stop training (the exception propagates). Pass
    /// <c>progress.Report</c> to feed an <see cref="IProgress{T}"/>.
    /// </param>
    /// <param name="maxEpochs">A cap on the recipe's epochs (a multi-fidelity budget); the schedule is sized to the capped run. At least 1 when given.</param>
    /// <param name="cancellationToken">Checked before every step and every evaluation batch.</param>
    /// <returns>The history, final metrics and training time.</returns>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The datasets disagree on the task or sample shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The recipe or <paramref name="maxEpochs"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">The module's output does not fit the task (named in the message).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public TrainingResult Train(
        nn.Module<Tensor, Tensor> module,
        TrainingRecipe recipe,
        TensorDataset train,
        TensorDataset? validation = null,
        Action<EpochReport>? epochCompleted = null,
        int? maxEpochs = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(train);
        recipe.Validate();
        if (maxEpochs is { } cap)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1, nameof(maxEpochs));
        }

        CheckCompatible(train, validation);
        cancellationToken.ThrowIfCancellationRequested();

        var clock = Options.TimeProvider;
        var started = clock.GetTimestamp();
        var epochs = Math.Min(recipe.Epochs, maxEpochs ?? int.MaxValue);
        var batchSize = Math.Min(recipe.BatchSize, train.Count);

        // Batch normalisation cannot train on a batch of one sample: drop such a last batch.
        var loader = new BatchLoader(
            train,
            batchSize,
            shuffle: true,
            seed: Options.Seed,
            augmentation: train.IsImage ? recipe.Augmentation : null,
            dropLast: train.Count % batchSize == 1 && train.Count > 1);
        var totalSteps = checked(epochs * loader.BatchCount);

        torch.manual_seed(Options.Seed);
        module.to(Options.Device);

        // Read the parameters after the move: moving a module replaces its parameter objects.
        var parameters = module.parameters().ToList();
        using var optimizer = OptimizerFactory.Create(module, recipe);
        var scheduler = OptimizerFactory.CreateScheduler(optimizer, recipe, totalSteps);
        var history = new List<EpochReport>(epochs);
        var steps = 0;
        var diverged = false;
        using var lossSum = torch.zeros([], ScalarType.Float64, Options.Device).DetachFromDisposeScope();
        for (var epoch = 0; epoch < epochs && !diverged; epoch++)
        {
            module.train();
            using (torch.NewDisposeScope())
            {
                lossSum.zero_(); // in-place operations return a new tensor object; the scope releases it
            }

            var samples = 0;
            for (var batchIndex = 0; batchIndex < loader.BatchCount; batchIndex++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (torch.NewDisposeScope())
                {
                    var batch = loader.GetBatch(epoch, batchIndex);
                    samples += batch.Count;
                    var features = OnDevice(batch.Features);
                    var targets = OnDevice(batch.Targets);
                    var output = module.forward(features);
                    if (steps == 0)
                    {
                        CheckOutput(output, train, batch.Count);
                    }

                    var loss = ComputeLoss(output, targets, train.Task, recipe.LabelSmoothing);
                    optimizer.zero_grad();
                    loss.backward();
                    if (recipe.GradientClipNorm is { } maxNorm)
                    {
                        nn.utils.clip_grad_norm_(parameters, maxNorm);
                    }

                    optimizer.step();
                    scheduler?.step();
                    lossSum.add_(loss.detach(), alpha: batch.Count);
                }

                steps++;
            }

            var trainingLoss = lossSum.item<double>() / samples;
            diverged = !double.IsFinite(trainingLoss);
            var evaluation = validation is null || diverged ? null : Evaluate(module, validation, cancellationToken);
            diverged |= evaluation is not null && double.IsNaN(evaluation.Loss);
            var report = new EpochReport
            {
                Epoch = epoch + 1,
                Epochs = epochs,
                TrainingLoss = trainingLoss,
                LearningRate = scheduler?.LearningRate ?? recipe.LearningRate,
                Steps = steps,
                Elapsed = clock.GetElapsedTime(started),
                Validation = evaluation,
            };
            history.Add(report);
            epochCompleted?.Invoke(report);
        }

        module.eval();
        return new TrainingResult
        {
            History = history.AsReadOnly(),
            TrainingTime = clock.GetElapsedTime(started),
            Diverged = diverged,
        };
    }

    /// <summary>Evaluates a module on a dataset in evaluation mode, without gradients, in batches of <see cref="CandidateTrainerOptions.EvaluationBatchSize"/>.</summary>
    /// <param name="module">The network; left in evaluation mode.</param>
    /// <param name="data">The data.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>The loss and metrics (regression metrics in the targets' units).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The module's output does not fit the task.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public EvaluationResult Evaluate(nn.Module<Tensor, Tensor> module, TensorDataset data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(data);
        var width = data.Task == TrainingTask.Classification ? data.ClassCount : 1;
        var outputs = new float[checked(data.Count * width)];
        module.eval();
        var loader = new BatchLoader(data, Math.Min(Options.EvaluationBatchSize, data.Count), shuffle: false);
        using (torch.no_grad())
        {
            var offset = 0;
            for (var batchIndex = 0; batchIndex < loader.BatchCount; batchIndex++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (torch.NewDisposeScope())
                {
                    var batch = loader.GetBatch(0, batchIndex);
                    var output = module.forward(OnDevice(batch.Features));
                    CheckOutput(output, data, batch.Count);
                    var length = batch.Count * width;
                    CopyToSpan(output, outputs.AsSpan(offset, length));
                    offset += length;
                }
            }
        }

        if (Array.Exists(outputs, value => !float.IsFinite(value)))
        {
            return new EvaluationResult { Loss = double.NaN };
        }

        if (data.Task == TrainingTask.Classification)
        {
            var metrics = ClassificationMetrics.FromLogits(outputs, data.ClassCount, data.ClassLabelArray());
            return new EvaluationResult { Loss = metrics.LogLoss, Classification = metrics };
        }

        if (data.TargetStandardization is { } standardization)
        {
            for (var i = 0; i < outputs.Length; i++)
            {
                outputs[i] = (float)standardization.Restore(outputs[i]);
            }
        }

        var regression = RegressionMetrics.Compute(outputs, data.RegressionTargetArray());
        return new EvaluationResult { Loss = regression.Mse, Regression = regression };
    }

    private static void CheckCompatible(TensorDataset train, TensorDataset? validation)
    {
        if (train.Count == 0)
        {
            throw new ArgumentException("The training data is empty.", nameof(train));
        }

        if (validation is null)
        {
            return;
        }

        if (validation.Task != train.Task || validation.ClassCount != train.ClassCount)
        {
            throw new ArgumentException(
                $"The validation data ({validation.Task}, {validation.ClassCount} classes) does not match the training data ({train.Task}, {train.ClassCount} classes).",
                nameof(validation));
        }

        if (!validation.SampleShape.SequenceEqual(train.SampleShape))
        {
            throw new ArgumentException(
                $"Validation samples are [{string.Join(", ", validation.SampleShape)}], training samples [{string.Join(", ", train.SampleShape)}].",
                nameof(validation));
        }
    }

    private static void CheckOutput(Tensor output, TensorDataset data, int batchCount) =>
        CheckOutput(output, data.Task, batchCount, data.ClassCount);

    /// <summary>
    /// Throws when a module's output for a batch does not fit the task: logits [B, classes] or values [B, 1]/[B] of
    /// <paramref name="dtype"/> (float32 by default).
    /// </summary>
    internal static void CheckOutput(Tensor output, TrainingTask task, int batchCount, int classCount, ScalarType dtype = ScalarType.Float32)
    {
        var shape = output.shape;
        var fits = task == TrainingTask.Classification
            ? shape is [var rows, var classes] && rows == batchCount && classes == classCount
            : (shape is [var rows1] && rows1 == batchCount) || (shape is [var rows2, 1] && rows2 == batchCount);
        if (!fits || output.dtype != dtype)
        {
            var type = dtype.ToString().ToLowerInvariant();
            var expected = task == TrainingTask.Classification
                ? string.Create(CultureInfo.InvariantCulture, $"{type} logits [{batchCount}, {classCount}]")
                : string.Create(CultureInfo.InvariantCulture, $"{type} values [{batchCount}, 1] or [{batchCount}]");
            throw new InvalidOperationException($"The module's output for a batch of {batchCount} is {Describe(output)}; {task} needs {expected}.");
        }
    }

    /// <summary>The training loss: cross-entropy (with label smoothing) for classification, mean squared error for regression.</summary>
    internal static Tensor ComputeLoss(Tensor output, Tensor targets, TrainingTask task, double labelSmoothing)
    {
        if (task == TrainingTask.Classification)
        {
            return nn.functional.cross_entropy(output, targets, label_smoothing: labelSmoothing);
        }

        var column = output.dim() == 1 ? output.unsqueeze(1) : output;
        return nn.functional.mse_loss(column, targets);
    }

    /// <summary>Describes a tensor for a message: <c>float32 [64, 5]</c>.</summary>
    internal static string Describe(Tensor tensor) =>
        string.Create(CultureInfo.InvariantCulture, $"{tensor.dtype.ToString().ToLowerInvariant()} [{string.Join(", ", tensor.shape)}]");

    /// <summary>Copies a float32 tensor's elements, row-major, from any device into <paramref name="destination"/>.</summary>
    internal static void CopyToSpan(Tensor tensor, Span<float> destination)
    {
        using var scope = torch.NewDisposeScope();
        var host = tensor.detach().to(CPU).contiguous();
        host.data<float>().CopyTo(destination);
    }

    private Tensor OnDevice(Tensor tensor) => IsOn(tensor, Options.Device) ? tensor : tensor.to(Options.Device);

    /// <summary>Whether a tensor lives on a device (any index when the device names none).</summary>
    internal static bool IsOn(Tensor tensor, Device device) =>
        tensor.device_type == device.type && (device.index < 0 || tensor.device_index == device.index);
}
