using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;

namespace TorchFluent.Tests.Examples;

public sealed class QuickStartSmokeTests
{
    [Fact]
    public void QuickStart_Smoke_PrintsGradientAndTrainsWithFallingLoss()
    {
        var run = ProcessRunner.Run("dotnet", [TestPaths.ExampleAssembly("QuickStart"), "--smoke"], TestPaths.RepoRoot, TimeSpan.FromMinutes(2));

        run.ExitCode.Should().Be(0, run.All);
        run.StdOut.Should().Contain("z = 3, x.grad = [[2, 0], [-2, 2]]");
        run.StdOut.Should().Contain("diabetes: 442 samples x 10 features (standardised)");
        var losses = Regex.Matches(run.StdOut, @"epoch +\d+/2  train MSE (\d+\.\d+)")
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        losses.Should().HaveCount(2);
        losses[1].Should().BeLessThan(losses[0], "training must make progress");
        losses[0].Should().BeLessThan(1.5, "the target is standardised: an untrained model is near 1");
    }
}
