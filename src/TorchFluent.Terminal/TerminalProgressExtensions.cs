namespace TorchFluent;

/// <summary>Adds terminal progress to the trainer builder: <c>Trainer.For(model)...ShowProgress()</c>.</summary>
public static class TerminalProgressExtensions
{
    /// <summary>Shows Keras-style progress in the terminal (plain lines when output is redirected).</summary>
    public static TrainerBuilder ShowProgress(this TrainerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Progress(TerminalProgress.Create());
    }
}
