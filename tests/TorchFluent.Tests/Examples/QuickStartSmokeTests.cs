using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;

namespace TorchFluent.Tests.Examples;

/// <summary>The README's main job, as CI runs it: the gradient example, then a short training run that saves a model.</summary>
public sealed class QuickStartSmokeTests
{
    [Fact]
    public void QuickStart_Smoke_PrintsGradientTrainsSavesAndPlots()
    {
        var output = Path.Combine(Path.GetTempPath(), "tf-quickstart-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = ProcessRunner.Run("dotnet", [TestPaths.ExampleAssembly("QuickStart"), "--smoke", "--out", output], TestPaths.RepoRoot, TimeSpan.FromMinutes(2));

            run.ExitCode.Should().Be(0, run.All);
            run.StdOut.Should().Contain("z = 3, x.grad = [[2, 0], [-2, 2]]");
            run.StdOut.Should().Contain("diabetes: 354 training and 88 test samples x 10 features (standardised)");
            var losses = Regex.Matches(run.StdOut, @"Epoch \d/2 - 23 steps - \d+ms - loss: (\d+\.\d+)")
                .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            losses.Should().HaveCount(2, run.All);
            losses[1].Should().BeLessThan(losses[0], "training must make progress");
            losses[0].Should().BeLessThan(1.5, "the target is standardised: an untrained model is near 1");
            run.StdOut.Should().MatchRegex(@"test: MSE \d+\.\d{4}, MAE \d+\.\d{4} \(standardised units\)");

            var model = Path.Combine(output, "model.pth");
            run.StdOut.Should().Contain($"saved model: {model}");
            File.Exists(model).Should().BeTrue();
            using (var saved = StateDict.Load(model))
                saved.Keys.Should().Equal("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
            PngFile.Check(Path.Combine(output, "loss.png"));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
