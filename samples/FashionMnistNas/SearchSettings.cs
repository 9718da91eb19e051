namespace FashionMnistNas;

/// <summary>The command line, parsed.</summary>
internal sealed record SearchSettings(
    string DataFolder,
    int? TimeSeconds,
    int? MaxTrials,
    int Seed,
    string? Checkpoint,
    double? MaxLatencyMilliseconds,
    long? MaxParameters,
    string? OutputFolder,
    bool Quick,
    int? TrainSize,
    int? SearchSize,
    string? OnnxPath);
