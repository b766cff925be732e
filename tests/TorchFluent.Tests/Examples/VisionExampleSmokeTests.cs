using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;

namespace TorchFluent.Tests.Examples;

/// <summary>
/// The Vision example's --smoke mode as CI runs it: the digits written as PNG files, read back by ImageFolder through
/// transforms, a small CNN trained on them, saved and plotted.
/// </summary>
public sealed class VisionExampleSmokeTests : IDisposable
{
    readonly string output = TestPaths.NewTempFolder("tf-example-vision");

    public void Dispose() => Directory.Delete(output, recursive: true);

    ProcessRunner.Result Run()
    {
        var run = ProcessRunner.Run("dotnet", [TestPaths.ExampleAssembly("Vision"), "--smoke", "--out", output], TestPaths.RepoRoot, TimeSpan.FromMinutes(3));
        run.ExitCode.Should().Be(0, run.All);
        return run;
    }

    static double[] Numbers(string text, string pattern) =>
        Regex.Matches(text, pattern).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Vision_Smoke_WritesImageFolderTrainsCnnSavesAndPlots()
    {
        var run = Run();

        // The image files: one folder per class, every digit once, and ImageFolder finds them all.
        var root = Path.Combine(output, "digits");
        run.StdOut.Should().Contain($"wrote 1797 PNG files of 8x8 pixels to {root}");
        run.StdOut.Should().Contain("ImageFolder: 1797 images in 10 classes (0=178, 1=182, 2=177, 3=183, 4=181, 5=182, 6=181, 7=179, 8=174, 9=180)");
        Directory.GetDirectories(root).Select(Path.GetFileName).Order().Should().Equal("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        Directory.GetFiles(root, "*.png", SearchOption.AllDirectories).Should().HaveCount(1797);
        using (var first = Images.Read(Path.Combine(root, "0", "0000.png")))
        {
            // Sample 0 is a zero whose first row is 0, 0, 5, 13, 9, 1, 0, 0 (of 16): round(v * 255 / 16).
            first.dtype.Should().Be(TorchSharp.torch.ScalarType.Byte);
            first.shape.Should().Equal(1, 8, 8);
            first[0, 0].data<byte>().ToArray().Should().Equal(0, 0, 80, 207, 143, 16, 0, 0);
        }

        run.StdOut.Should().Contain("split: 1258 train, 180 validation, 359 test; training pixels mean 0.3055, std 0.3761");
        run.StdOut.Should().Contain("    RandomRotation(degrees: (-10, 10), interpolation: bilinear, expand: false, fill: 0)\n    RandomCrop(size: [16, 16], padding: 1)\n");

        // The model summary, printed once: 160 + 4,640 + 32,832 + 650 parameters.
        Regex.Matches(run.StdOut, "Model: Sequential").Should().HaveCount(1);
        run.StdOut.Should().MatchRegex(@"\n0 \(Conv2d\) +\[1, 16, 16, 16\] +160\n");
        run.StdOut.Should().MatchRegex(@"\n6 \(Flatten\) +\[1, 512\] +0\n");
        run.StdOut.Should().Contain("Total params: 38,282\nTrainable params: 38,282\n");

        var losses = Numbers(run.StdOut, @"Epoch \d/2 - 40 steps - \S+ - loss: (\d+\.\d+) - accuracy");
        losses.Should().HaveCount(2, run.All);
        losses[1].Should().BeLessThan(losses[0], "training must make progress");
        var accuracy = Numbers(run.StdOut, @"\ntest: loss \d+\.\d{4}, accuracy (\d+\.\d{2})% on 359 images\n").Single();
        accuracy.Should().BeGreaterThan(70, "two epochs already learn most digits");

        var model = Path.Combine(output, "digits-cnn.pth");
        run.StdOut.Should().Contain($"model: {model}");
        using (var saved = StateDict.Load(model))
        {
            saved.Keys.Should().Equal("0.weight", "0.bias", "3.weight", "3.bias", "8.weight", "8.bias", "10.weight", "10.bias");
            saved["0.weight"].shape.Should().Equal(16, 1, 3, 3);
        }

        PngFile.Check(Path.Combine(output, "curves.png")).Should().Be((800, 500));
        using var grid = Images.Read(Path.Combine(output, "augmented.png"));
        grid.shape.Should().Equal(1, 8 * 18 * 4, 8 * 18 * 4);   // 8 x 8 tiles of 16 + 2 pixels, enlarged 4x
    }
}
