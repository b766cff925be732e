namespace TorchFluent;

/// <summary>Saves the model's state dict whenever a monitored value improves (Keras's ModelCheckpoint with save_best_only).</summary>
internal sealed class BestModelCheckpoint(string path, string monitor, MonitorMode mode, CheckpointFormat format) : TrainingCallback
{
    readonly MonitoredValue value = new(monitor, mode, 0);

    public override void OnFitStart(TrainingContext context) => value.Check(context, "BestModel");

    public override void OnEpochEnd(TrainingContext context, EpochResult epoch)
    {
        // SaveStateDict writes a temporary file and renames it over the old one: a crash never leaves a broken "best".
        if (value.Improved(epoch)) context.Model.SaveStateDict(path, format);
    }
}
