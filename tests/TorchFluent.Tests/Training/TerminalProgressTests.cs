using FluentAssertions;
using Spectre.Console.Testing;

namespace TorchFluent.Tests.Training;

public sealed class TerminalProgressTests
{
    static readonly Dictionary<string, double> TrainValues = new() { ["loss"] = 0.43214, ["mae"] = 0.5, ["lr"] = 0.1 };

    static TrainingProgress Step(int step, TimeSpan? remaining) =>
        new(TrainingPhase.Training, 3, 20, step, 10, TrainValues, TimeSpan.FromSeconds(1), remaining);

    static TrainingProgress End() =>
        new(TrainingPhase.EpochEnd, 3, 20, 10, 10, new Dictionary<string, double> { ["loss"] = 0.4, ["val_loss"] = 0.00012, ["lr"] = 0.1 }, TimeSpan.FromSeconds(2.2), TimeSpan.Zero);

    [Fact]
    public void LiveLine_MidEpoch_LooksLikeKeras()
    {
        TerminalProgress.LiveLine(Step(4, TimeSpan.FromSeconds(3))).Should().Be(
            " 4/10 [===========>..................] - ETA: 3s - loss: 0.4321 - mae: 0.5000 - lr: 0.1000");
    }

    [Fact]
    public void LiveLine_EpochEnd_ShowsFullBarTimeAndValidationValues()
    {
        TerminalProgress.LiveLine(End()).Should().Be(
            "10/10 [==============================] - 2s 220ms/step - loss: 0.4000 - val_loss: 1.2000e-4 - lr: 0.1000");
    }

    [Fact]
    public void Report_Redirected_WritesOnePlainLinePerEpoch()
    {
        var console = new TestConsole();
        var progress = new TerminalProgress(console);

        progress.Report(Step(4, TimeSpan.FromSeconds(3)));
        progress.Report(End());

        progress.IsLive.Should().BeFalse("a test console is not an interactive terminal");
        console.Output.Should().Be("Epoch 3/20 - 10 steps - 2s - loss: 0.4000 - val_loss: 1.2000e-4 - lr: 0.1000\n");
    }

    [Fact]
    public void Report_Live_WritesHeaderThenRewritesTheLine()
    {
        var console = new TestConsole().EmitAnsiSequences();
        var progress = new TerminalProgress(console, live: true);

        progress.Report(Step(4, TimeSpan.FromSeconds(3)));
        progress.Report(Step(5, TimeSpan.FromSeconds(2)));
        progress.Report(End());

        var output = console.Output;
        output.Should().Contain("Epoch 3/20");
        output.Should().Contain(" 4/10 [").And.Contain(" 5/10 [").And.Contain("10/10 [==============================]");
        output.Split("\r\u001b[2K").Should().HaveCount(3, "the second and third reports redraw the line in place");
        output.Should().EndWith("\n");
    }

    [Theory]
    [InlineData(0.5, "500ms")]
    [InlineData(42, "42s")]
    [InlineData(125, "2:05")]
    [InlineData(3725, "1:02:05")]
    public void Duration_IsCompact(double seconds, string expected)
    {
        TerminalProgress.Duration(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
    }
}
