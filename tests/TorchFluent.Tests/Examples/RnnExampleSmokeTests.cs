using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;

namespace TorchFluent.Tests.Examples;

/// <summary>The Rnn example's --smoke mode: digits read row by row by a bidirectional LSTM, as a real process.</summary>
public sealed class RnnExampleSmokeTests : IDisposable
{
    readonly string output = TestPaths.NewTempFolder("tf-example-rnn");

    public void Dispose() => Directory.Delete(output, recursive: true);

    static double[] Numbers(string text, string pattern) =>
        Regex.Matches(text, pattern).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Rnn_Smoke_PrintsLstmShapesTrainsSavesAndPlots()
    {
        var run = ProcessRunner.Run("dotnet", [TestPaths.ExampleAssembly("Rnn"), "--smoke", "--out", output], TestPaths.RepoRoot, TimeSpan.FromMinutes(3));
        run.ExitCode.Should().Be(0, run.All);

        run.StdOut.Should().Contain("digits: 1258 train, 180 validation, 359 test sequences of 8 rows x 8 pixels, 10 classes");
        // 4 gates x 64: per direction 256x8 + 256x64 + 2x256 = 18,944; two directions and Linear(128, 10) = 39,178.
        run.StdOut.Should().Contain("model: LSTM(8, 64, batch_first=True, bidirectional=True) -> Linear(128, 10) on both directions' last hidden state, 39,178 parameters");
        run.StdOut.Should().Contain("one batch: input [256, 8, 8] -> output [256, 8, 128], h_n [2, 256, 64], c_n [2, 256, 64]");
        run.StdOut.Should().Contain("output[:, -1, :64] equals h_n[-2] (forward): True; output[:, 0, 64:] equals h_n[-1] (backward): True");

        var losses = Numbers(run.StdOut, @"Epoch \d/2 - 40 steps - \S+ - loss: (\d+\.\d+) - accuracy: \d\.\d+ - val_loss");
        losses.Should().HaveCount(2, run.All);
        losses[0].Should().BeLessThan(2.4, "an untrained 10-class model starts near ln 10 = 2.30");
        losses[1].Should().BeLessThan(losses[0], "training must make progress");
        var accuracy = Numbers(run.StdOut, @"test: loss \d+\.\d{4}, accuracy (\d+\.\d{2})% on 359 sequences").Single();
        accuracy.Should().BeGreaterThan(40, "two epochs already tell most digits apart (chance is 10%)");

        var model = Path.Combine(output, "digits-lstm.pth");
        run.StdOut.Should().Contain($"saved model: {model}");
        using (var saved = StateDict.Load(model))
        {
            saved.Keys.Should().Equal(
                "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                "lstm.weight_ih_l0_reverse", "lstm.weight_hh_l0_reverse", "lstm.bias_ih_l0_reverse", "lstm.bias_hh_l0_reverse",
                "head.weight", "head.bias");
            saved["lstm.weight_ih_l0"].shape.Should().Equal(256, 8);
            saved["lstm.weight_hh_l0_reverse"].shape.Should().Equal(256, 64);
            saved["head.weight"].shape.Should().Equal(10, 128);
        }
        PngFile.Check(Path.Combine(output, "curves.png")).Should().Be((800, 500));
    }
}
