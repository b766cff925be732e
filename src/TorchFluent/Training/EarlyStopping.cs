namespace TorchFluent;

/// <summary>Stops training when a monitored value has not improved for a number of epochs (Keras's EarlyStopping).</summary>
internal sealed class EarlyStopping(string monitor, int patience, double minDelta, MonitorMode mode, bool restoreBestWeights) : TrainingCallback
{
    readonly MonitoredValue value = new(monitor, mode, minDelta);
    int wait;
    StateDict? best;

    public override void OnFitStart(TrainingContext context)
    {
        value.Check(context, "EarlyStopping");
        wait = 0;
    }

    public override void OnEpochEnd(TrainingContext context, EpochResult epoch)
    {
        if (value.Improved(epoch))
        {
            wait = 0;
            if (restoreBestWeights)
            {
                best?.Dispose();
                // Clone: StateDict() shares the model's memory, and the next step would overwrite the snapshot.
                using var live = context.Model.StateDict();
                best = live.Clone();
            }
            return;
        }
        if (++wait > patience)
            context.Stop($"EarlyStopping: {value.Name} did not improve for {patience + 1} epoch(s) (best {value.Best:G6} at epoch {value.BestEpoch}).");
    }

    public override void OnFitEnd(TrainingContext context)
    {
        if (best is null) return;
        // The best weights go back into the model, as Keras's restore_best_weights does.
        context.Model.LoadStateDict(best);
        best.Dispose();
        best = null;
    }
}
