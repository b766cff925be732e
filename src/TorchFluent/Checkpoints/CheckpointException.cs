namespace TorchFluent;

/// <summary>
/// Thrown when a checkpoint file cannot be loaded: damaged, of an unknown or unexpected format, unsupported, or
/// refused for safety. The message names the file and says what was expected, what was found and how to fix it.
/// </summary>
public sealed class CheckpointException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message: what happened, expected, received, fix.</param>
    /// <param name="filePath">The full path of the file that could not be loaded.</param>
    /// <param name="problem">Why it could not be loaded.</param>
    /// <param name="innerException">The lower-level exception that revealed the problem, if any.</param>
    public CheckpointException(string message, string filePath, CheckpointProblem problem, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The full path of the file that could not be loaded.</summary>
    public string FilePath { get; }

    /// <summary>Why the file could not be loaded.</summary>
    public CheckpointProblem Problem { get; }
}
