namespace TorchFluent;

/// <summary>A state-dict entry whose shape differs between the checkpoint and the model.</summary>
public sealed class StateDictShapeMismatch
{
    /// <summary>Creates the description of one mismatch.</summary>
    /// <param name="key">The state-dict key, for example <c>0.weight</c>.</param>
    /// <param name="checkpointShape">The shape in the checkpoint (the source being loaded).</param>
    /// <param name="modelShape">The shape of the model's parameter or buffer.</param>
    public StateDictShapeMismatch(string key, IReadOnlyList<long> checkpointShape, IReadOnlyList<long> modelShape)
    {
        Key = key;
        CheckpointShape = checkpointShape;
        ModelShape = modelShape;
    }

    /// <summary>The state-dict key, for example <c>0.weight</c>.</summary>
    public string Key { get; }

    /// <summary>The shape in the checkpoint (the source being loaded).</summary>
    public IReadOnlyList<long> CheckpointShape { get; }

    /// <summary>The shape of the model's parameter or buffer.</summary>
    public IReadOnlyList<long> ModelShape { get; }

    /// <summary>"key: checkpoint [1, 1], model [3, 1]".</summary>
    public override string ToString() =>
        $"{Key}: checkpoint [{string.Join(", ", CheckpointShape)}], model [{string.Join(", ", ModelShape)}]";
}
