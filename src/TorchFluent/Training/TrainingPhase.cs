namespace TorchFluent;

/// <summary>Which part of an epoch a <see cref="TrainingProgress"/> report is about.</summary>
public enum TrainingPhase
{
    /// <summary>During the training pass.</summary>
    Training,

    /// <summary>During the validation pass.</summary>
    Validation,

    /// <summary>The epoch has finished; the report carries its final values.</summary>
    EpochEnd,
}
