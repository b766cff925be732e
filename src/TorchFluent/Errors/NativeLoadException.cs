namespace TorchFluent;

/// <summary>
/// Thrown when TorchSharp's native backend cannot be loaded. The message carries the dynamic loader's own error
/// (for example a missing <c>GLIBCXX</c> version) and the fix, instead of TorchSharp's generic advice.
/// </summary>
public sealed class NativeLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message: what happened, expected, received, fix.</param>
    /// <param name="loaderError">The dynamic loader's error text, or an empty string when it gave none.</param>
    /// <param name="innerException">The exception that reported the failure.</param>
    public NativeLoadException(string message, string loaderError, Exception? innerException)
        : base(message, innerException) => LoaderError = loaderError;

    /// <summary>The dynamic loader's own error text (dlopen's message on Linux).</summary>
    public string LoaderError { get; }
}
