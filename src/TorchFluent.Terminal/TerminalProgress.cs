using System.Globalization;
using System.Text;
using Spectre.Console;

namespace TorchFluent;

/// <summary>
/// Renders a <see cref="Trainer"/>'s progress in a terminal the way Keras's fit does: a header per epoch, a live bar
/// with the running loss, metrics and ETA, and a final line per epoch with the validation values and the time. When
/// the output is redirected (a log file, CI), it writes one plain line per epoch instead.
/// <c>Trainer.For(model)...ShowProgress().Fit(train, valid, epochs: 20)</c>.
/// </summary>
public sealed class TerminalProgress : IProgress<TrainingProgress>
{
    const int BarWidth = 30;
    readonly IAnsiConsole console;
    readonly bool live;
    readonly object gate = new();
    int headerEpoch;
    bool lineOpen;

    /// <summary>Renders on <paramref name="console"/>.</summary>
    /// <param name="console">Where to write (AnsiConsole.Console for the terminal).</param>
    /// <param name="live">A live, rewritten line (true) or one plain line per epoch (false); null: live when the console is interactive and understands ANSI.</param>
    public TerminalProgress(IAnsiConsole console, bool? live = null)
    {
        this.console = console ?? throw new ArgumentNullException(nameof(console));
        this.live = live ?? (console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi);
    }

    /// <summary>Renders on the process's standard output, as <see cref="Console.Out"/> is now.</summary>
    /// <remarks>
    /// Not Spectre's static <c>AnsiConsole.Console</c>: that one binds to the first writer it saw, so output redirected
    /// later with <see cref="Console.SetOut"/> (a test, a log capture) would still go to the old, maybe closed, writer.
    /// </remarks>
    public static TerminalProgress Create() =>
        new(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }));

    /// <summary>True when the line is rewritten in place; false when plain lines are written.</summary>
    public bool IsLive => live;

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            if (live) RenderLive(value);
            else if (value.Phase == TrainingPhase.EpochEnd)
            {
                // Straight to the writer: a log line must not be wrapped at the console's assumed width.
                console.Profile.Out.Writer.WriteLine(PlainLine(value));
                console.Profile.Out.Writer.Flush();
            }
        }
    }

    void RenderLive(TrainingProgress p)
    {
        if (headerEpoch != p.Epoch)
        {
            if (lineOpen) console.WriteLine();
            console.MarkupLine($"[bold]Epoch {p.Epoch}/{p.Epochs}[/]");
            headerEpoch = p.Epoch;
            lineOpen = false;
        }
        // Carriage return and erase-line: the bar is redrawn in place, as Keras does.
        if (lineOpen) console.WriteAnsi("\r\u001b[2K");
        console.Markup(Markup.Escape(LiveLine(p)));
        lineOpen = true;
        if (p.Phase == TrainingPhase.EpochEnd)
        {
            console.WriteLine();
            lineOpen = false;
        }
    }

    internal static string LiveLine(TrainingProgress p)
    {
        var text = new StringBuilder();
        if (p.Phase == TrainingPhase.Validation) text.Append("validating ");
        var steps = p.Steps;
        var width = steps?.ToString(CultureInfo.InvariantCulture).Length ?? 1;
        text.Append(p.Step.ToString(CultureInfo.InvariantCulture).PadLeft(width));
        if (steps is { } total)
        {
            text.Append('/').Append(total.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Bar(p.Step, total));
        }
        if (p.Phase == TrainingPhase.EpochEnd)
        {
            text.Append(" - ").Append(Duration(p.Elapsed));
            if (p.Step > 0) text.Append(' ').Append(PerStep(p.Elapsed / p.Step)).Append("/step");
        }
        else if (p.Remaining is { } remaining)
        {
            text.Append(" - ETA: ").Append(Duration(remaining));
        }
        foreach (var (name, value) in p.Values) text.Append(" - ").Append(name).Append(": ").Append(Number(value));
        return text.ToString();
    }

    internal static string PlainLine(TrainingProgress p)
    {
        var text = new StringBuilder();
        text.Append("Epoch ").Append(p.Epoch.ToString(CultureInfo.InvariantCulture)).Append('/').Append(p.Epochs.ToString(CultureInfo.InvariantCulture));
        text.Append(" - ").Append(p.Step.ToString(CultureInfo.InvariantCulture)).Append(" steps - ").Append(Duration(p.Elapsed));
        foreach (var (name, value) in p.Values) text.Append(" - ").Append(name).Append(": ").Append(Number(value));
        return text.ToString();
    }

    static string Bar(int step, int total)
    {
        if (total <= 0) return "[" + new string('.', BarWidth) + "]";
        var done = (int)Math.Min(BarWidth, (long)BarWidth * step / total);
        if (step >= total) return "[" + new string('=', BarWidth) + "]";
        return "[" + new string('=', Math.Max(0, done - 1)) + (done > 0 ? ">" : "") + new string('.', BarWidth - Math.Max(done, 0)) + "]";
    }

    /// <summary>Keras's style: four decimals, scientific notation for very small or large magnitudes.</summary>
    internal static string Number(double value)
    {
        var magnitude = Math.Abs(value);
        return magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5)
            ? value.ToString("0.0000e+0", CultureInfo.InvariantCulture)
            : value.ToString("0.0000", CultureInfo.InvariantCulture);
    }

    internal static string Duration(TimeSpan time) => time.TotalSeconds switch
    {
        < 1 => $"{time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}ms",
        < 60 => $"{time.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s",
        < 3600 => $"{(int)time.TotalMinutes}:{time.Seconds:00}",
        _ => $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}",
    };

    static string PerStep(TimeSpan time) => time.TotalMilliseconds switch
    {
        < 1 => $"{(time.TotalMilliseconds * 1000).ToString("0", CultureInfo.InvariantCulture)}us",
        < 1000 => $"{time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}ms",
        _ => $"{time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s",
    };
}
