namespace ChurnNas;

/// <summary>The command line, parsed.</summary>
internal sealed record ChurnSettings(
    string? DataFile,
    string Label,
    string? IgnoreColumns,
    string? Task,
    int TimeSeconds,
    int? MaxTrials,
    int Seed,
    double TestFraction,
    string? OutputFolder,
    string? OnnxFile);
