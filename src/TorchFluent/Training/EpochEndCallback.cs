namespace TorchFluent;

/// <summary>Runs a user action after every epoch.</summary>
internal sealed class EpochEndCallback(Action<TrainingContext, EpochResult> action) : TrainingCallback
{
    public override void OnEpochEnd(TrainingContext context, EpochResult epoch) => action(context, epoch);
}
