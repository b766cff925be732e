namespace TorchFluent;

/// <summary>
/// Thrown when a state dict does not fit a model: every missing key, every unexpected key and every shape mismatch
/// is reported at once. Nothing is loaded when this is thrown: the model keeps all its values.
/// </summary>
public sealed class StateDictMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message: what happened, expected, received, fix.</param>
    /// <param name="missingKeys">Keys the model has and the state dict lacks.</param>
    /// <param name="unexpectedKeys">Keys the state dict has and the model lacks.</param>
    /// <param name="shapeMismatches">Keys present in both with different shapes.</param>
    public StateDictMismatchException(string message, IReadOnlyList<string> missingKeys, IReadOnlyList<string> unexpectedKeys,
        IReadOnlyList<StateDictShapeMismatch> shapeMismatches)
        : base(message)
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
        ShapeMismatches = shapeMismatches;
    }

    /// <summary>Keys the model has and the state dict lacks (empty when the load was not strict).</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Keys the state dict has and the model lacks (empty when the load was not strict).</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>Keys present in both whose shapes differ. Always an error, as in PyTorch, even when not strict.</summary>
    public IReadOnlyList<StateDictShapeMismatch> ShapeMismatches { get; }
}
