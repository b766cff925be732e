namespace TorchFluent;

/// <summary>
/// The per-epoch record of a <see cref="Trainer.Fit"/> run, like the History Keras's fit returns:
/// <c>history["val_loss"]</c> is the series of validation losses, <c>history.Epochs[^1]</c> the last epoch.
/// </summary>
public sealed class History
{
    readonly List<EpochResult> epochs = [];

    /// <summary>Every finished epoch, in order.</summary>
    public IReadOnlyList<EpochResult> Epochs => epochs;

    /// <summary>The names recorded ("loss", "lr", "val_loss", metrics ...).</summary>
    public IReadOnlyList<string> Keys => epochs.Count == 0 ? [] : epochs[0].Values.Keys.ToList();

    /// <summary>One value per epoch.</summary>
    /// <exception cref="KeyNotFoundException">Nothing of that name was recorded.</exception>
    public IReadOnlyList<double> this[string name]
    {
        get
        {
            if (epochs.Count > 0 && !epochs[0].Values.ContainsKey(name))
                throw new KeyNotFoundException(Messages.HistoryKey(name, Keys));
            return epochs.Select(e => e.Values[name]).ToList();
        }
    }

    /// <summary>True when a callback (for example early stopping) ended the run before the requested epochs.</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>Why the run stopped early, or null.</summary>
    public string? StopReason { get; internal set; }

    internal void Add(EpochResult epoch) => epochs.Add(epoch);

    /// <inheritdoc />
    public override string ToString() => string.Join(Environment.NewLine, epochs);
}
