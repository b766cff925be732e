namespace TorchFluent;

/// <summary>Built-in <see cref="TrainingCallback"/>s for <see cref="TrainerBuilder.Callbacks"/>.</summary>
public static class Callbacks
{
    /// <summary>
    /// Stops training when <paramref name="monitor"/> has not improved by more than <paramref name="minDelta"/> for
    /// more than <paramref name="patience"/> epochs (Keras's EarlyStopping, same defaults).
    /// </summary>
    /// <param name="monitor">A name the run records: "val_loss" (default), "loss", "val_accuracy", a metric ...</param>
    /// <param name="patience">Epochs without improvement to tolerate; 0 stops at the first epoch that does not improve.</param>
    /// <param name="minDelta">The smallest change that counts as an improvement.</param>
    /// <param name="mode">Whether lower or higher is better; Auto: higher for names containing "acc".</param>
    /// <param name="restoreBestWeights">At the end, load the weights of the best epoch back into the model.</param>
    public static TrainingCallback EarlyStopping(string monitor = "val_loss", int patience = 0, double minDelta = 0, MonitorMode mode = MonitorMode.Auto, bool restoreBestWeights = false)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(monitor)) problems.Add("monitor: expected a recorded name such as \"val_loss\", received an empty name.");
        if (patience < 0) problems.Add($"patience: expected 0 or more, received {patience}.");
        if (!(minDelta >= 0) || double.IsInfinity(minDelta)) problems.Add($"minDelta: expected a finite number >= 0, received {minDelta}.");
        if (problems.Count > 0) throw new ArgumentException(Messages.TrainingInvalidOptions("Callbacks.EarlyStopping", problems), problems.Count == 1 ? problems[0].Split(':')[0] : null);
        return new EarlyStopping(monitor, patience, minDelta, mode, restoreBestWeights);
    }

    /// <summary>
    /// Saves the model's state dict to <paramref name="path"/> whenever <paramref name="monitor"/> improves (Keras's
    /// ModelCheckpoint with save_best_only). Saves are atomic: a crash never destroys the previous best file.
    /// </summary>
    /// <param name="path">The checkpoint file; ".pth" (default format: PyTorch's, readable by torch.load), ".safetensors" or ".dat".</param>
    /// <param name="monitor">A name the run records: "val_loss" (default), "loss", "val_accuracy" ...</param>
    /// <param name="mode">Whether lower or higher is better; Auto: higher for names containing "acc".</param>
    /// <param name="format">The file format; Auto picks it from the extension.</param>
    public static TrainingCallback BestModel(string path, string monitor = "val_loss", MonitorMode mode = MonitorMode.Auto, CheckpointFormat format = CheckpointFormat.Auto)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(path)) problems.Add("path: expected a file path, received an empty path.");
        if (string.IsNullOrWhiteSpace(monitor)) problems.Add("monitor: expected a recorded name such as \"val_loss\", received an empty name.");
        if (problems.Count > 0) throw new ArgumentException(Messages.TrainingInvalidOptions("Callbacks.BestModel", problems), problems.Count == 1 ? problems[0].Split(':')[0] : null);
        return new BestModelCheckpoint(path, monitor, mode, format);
    }

    /// <summary>Writes "epoch 3: lr 0.09025" after every epoch (the learning rate in effect during that epoch).</summary>
    /// <param name="writer">Where to write, for example Console.Out or a log file.</param>
    public static TrainingCallback LearningRateLogger(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new EpochEndCallback((_, epoch) => writer.WriteLine(FormattableString.Invariant($"epoch {epoch.Epoch}: lr {epoch.LearningRate:G10}")));
    }

    /// <summary>Runs <paramref name="action"/> after every epoch; call <see cref="TrainingContext.Stop"/> in it to end the run.</summary>
    public static TrainingCallback OnEpochEnd(Action<TrainingContext, EpochResult> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new EpochEndCallback(action);
    }
}
