using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;

namespace TorchFluent.Tests.Examples;

/// <summary>
/// Runs every example's --smoke mode (built before the tests by project references) as a real process and checks what
/// it prints and writes. CI runs these with the rest of the tests.
/// </summary>
public sealed class ExampleSmokeTests : IDisposable
{
    readonly string output = TestPaths.NewTempFolder("tf-example");

    public void Dispose() => Directory.Delete(output, recursive: true);

    ProcessRunner.Result Run(string example)
    {
        var run = ProcessRunner.Run("dotnet", [TestPaths.ExampleAssembly(example), "--smoke", "--out", output], TestPaths.RepoRoot, TimeSpan.FromMinutes(3));
        run.ExitCode.Should().Be(0, run.All);
        return run;
    }

    static double[] Numbers(string text, string pattern) =>
        Regex.Matches(text, pattern).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Regression_Smoke_TrainsSplitsSavesAndPlots()
    {
        var run = Run("Regression");

        run.StdOut.Should().Contain("diabetes: 310 train, 66 validation, 66 test samples of 10 features");
        var losses = Numbers(run.StdOut, @"Epoch \d+/3 - \d+ steps - \S+ - loss: (\d+\.\d+)");
        losses.Should().HaveCount(3);
        losses[2].Should().BeLessThan(losses[0]);
        run.StdOut.Should().MatchRegex(@"test: MSE \d+\.\d+ \(standardised\), RMSE \d+\.\d progression units, R² -?\d\.\d{3}");
        File.Exists(Path.Combine(output, "model.pth")).Should().BeTrue();
        PngFile.Check(Path.Combine(output, "loss.png")).Should().Be((800, 500));
    }

    [Fact]
    public void Classification_Smoke_ReportsAccuracyAndPlots()
    {
        var run = Run("Classification");

        run.StdOut.Should().Contain("digits: 1258 train, 180 validation, 359 test images of 8x8 pixels, 10 classes");
        run.StdOut.Should().Contain("Total params: 50,826");
        var accuracy = Numbers(run.StdOut, @"test: loss \d+\.\d+, accuracy (\d+\.\d+)% on 359 images").Single();
        accuracy.Should().BeGreaterThan(50, "two epochs already learn most digits");
        File.Exists(Path.Combine(output, "digits-mlp.pth")).Should().BeTrue();
        PngFile.Check(Path.Combine(output, "curves.png"));
    }

    [Fact]
    public void LrSchedules_Smoke_PrintsTheReferenceTextsLambdaLrRates()
    {
        var run = Run("LrSchedules");

        run.StdOut.Should().Contain("epoch 1: lr 0.1\nepoch 2: lr 0.095\nepoch 3: lr 0.09025\nepoch 4: lr 0.0857375\nepoch 5: lr 0.081450625\n");
        run.StdOut.Should().MatchRegex(@"\n    4 \|       0\.0814506 \|");
        PngFile.Check(Path.Combine(output, "schedules.png"));
        PngFile.Check(Path.Combine(output, "warmup-onecycle.png"));
    }

    [Fact]
    public void CustomLoss_Smoke_ChecksEveryFormAndTrainsWithEach()
    {
        var run = Run("CustomLoss");

        run.StdOut.Should().MatchRegex(@"class MSE (\d+\.\d+) vs nn\.MSELoss \1; largest gradient difference 0\.0E\+000; parameters: 0");
        run.StdOut.Should().Contain("Huber autograd function passes the gradient check: True");
        Numbers(run.StdOut, @"training MSE after 2 epochs: (\d+\.\d+)").Should().HaveCount(5);
        PngFile.Check(Path.Combine(output, "losses.png"));
    }
}
