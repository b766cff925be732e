namespace TorchFluent;

/// <summary>Tracks the best value of a monitored name across epochs (shared by early stopping and best-model saving).</summary>
internal sealed class MonitoredValue(string monitor, MonitorMode mode, double minDelta)
{
    readonly bool higherIsBetter = mode == MonitorMode.Max || (mode == MonitorMode.Auto && monitor.Contains("acc", StringComparison.OrdinalIgnoreCase));

    public string Name { get; } = monitor;

    public double? Best { get; private set; }

    public int BestEpoch { get; private set; }

    public void Check(TrainingContext context, string callback)
    {
        if (!context.Keys.Contains(Name)) throw new InvalidOperationException(Messages.CallbackMonitorMissing(callback, Name, context.Keys));
    }

    /// <summary>Records the epoch's value; true when it improved on the best by more than minDelta.</summary>
    public bool Improved(EpochResult epoch)
    {
        var value = epoch.Values[Name];
        var better = Best is null || (higherIsBetter ? value > Best + minDelta : value < Best - minDelta);
        if (better)
        {
            Best = value;
            BestEpoch = epoch.Epoch;
        }
        return better;
    }
}
