using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>The validated, frozen options of a <see cref="Trainer"/>.</summary>
internal sealed record TrainerOptions(
    Metric[] Metrics,
    TrainingCallback[] Callbacks,
    double? ClipNorm,
    double? ClipValue,
    Device? Device,
    int? Threads,
    long? Seed,
    IProgress<TrainingProgress>? Progress,
    TimeSpan ReportEvery);
