using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>What a <see cref="TrainingCallback"/> sees of a running <see cref="Trainer.Fit"/>, and how it stops the run.</summary>
public sealed class TrainingContext
{
    internal TrainingContext(nn.Module model, optim.Optimizer optimizer, Scheduler? scheduler, History history, int epochs, IReadOnlyList<string> keys)
    {
        Model = model;
        Optimizer = optimizer;
        Scheduler = scheduler;
        History = history;
        Epochs = epochs;
        Keys = keys;
    }

    /// <summary>The model being trained.</summary>
    public nn.Module Model { get; }

    /// <summary>The optimizer.</summary>
    public optim.Optimizer Optimizer { get; }

    /// <summary>The learning-rate scheduler, or null.</summary>
    public Scheduler? Scheduler { get; }

    /// <summary>The epochs finished so far.</summary>
    public History History { get; }

    /// <summary>The number of epochs requested.</summary>
    public int Epochs { get; }

    /// <summary>The names every <see cref="EpochResult"/> of this run will carry ("loss", "lr", "val_loss" ...).</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>True once a callback asked to stop.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>Ends the run after the current epoch (its callbacks still run); <paramref name="reason"/> goes to <see cref="TorchFluent.History.StopReason"/>.</summary>
    public void Stop(string reason)
    {
        StopRequested = true;
        History.StoppedEarly = true;
        History.StopReason ??= reason;
    }
}
