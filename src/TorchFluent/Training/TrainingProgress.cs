namespace TorchFluent;

/// <summary>
/// One progress report of <see cref="Trainer.Fit"/>, delivered through <see cref="IProgress{T}"/> (set with
/// <see cref="TrainerBuilder.Progress"/>): often enough for a live progress bar (at most every
/// <see cref="TrainerBuilder.ReportEvery"/>), and once at the end of every epoch.
/// </summary>
/// <param name="Phase">Training pass, validation pass, or epoch end.</param>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">The number of epochs requested.</param>
/// <param name="Step">Batches done in this phase.</param>
/// <param name="Steps">Batches per epoch in this phase, when the loader knows it.</param>
/// <param name="Values">Running means so far this epoch ("loss", metrics; "val_" ones during validation and at the end; "lr").</param>
/// <param name="Elapsed">Time since the epoch started.</param>
/// <param name="Remaining">Estimated time to the end of this phase, when <paramref name="Steps"/> is known.</param>
public sealed record TrainingProgress(
    TrainingPhase Phase,
    int Epoch,
    int Epochs,
    int Step,
    int? Steps,
    IReadOnlyDictionary<string, double> Values,
    TimeSpan Elapsed,
    TimeSpan? Remaining);
