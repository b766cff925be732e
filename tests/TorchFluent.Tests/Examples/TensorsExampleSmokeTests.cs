using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;

namespace TorchFluent.Tests.Examples;

/// <summary>
/// examples/Tensors in --smoke mode: the tour of the reference text's Tensor, Data Type and Device sections prints
/// PyTorch's shapes, dtypes and values, writes a NumPy file, catches a shape mistake, and fits y = 2x + 1 by hand.
/// </summary>
public sealed class TensorsExampleSmokeTests : IDisposable
{
    readonly string output = TestPaths.NewTempFolder("tf-example-tensors");

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public void Tensors_Smoke_PrintsTheTourAndFitsALine()
    {
        var run = ProcessRunner.Run("dotnet", [TestPaths.ExampleAssembly("Tensors"), "--smoke", "--out", output], TestPaths.RepoRoot, TimeSpan.FromMinutes(2));
        run.ExitCode.Should().Be(0, run.All);
        var text = run.StdOut;

        // Creation, with PyTorch's dtype inference (the text's float print-out of integer data is wrong).
        text.Should().Contain("Tensors.From(new[,] { { 1, -1 }, { -1, 1 } }) = [[1, -1], [-1, 1]]  torch.int64  torch.Size([2, 2])");
        text.Should().Contain("Tensors.From(new[] { 0.1, 0.2 }) = [0.1, 0.2]  torch.float32 (like Python floats)");
        text.Should().Contain("Tensors.From(new[] { true, false }) = [True, False]  torch.bool");
        text.Should().Contain("x.Mean() on int64: Mean: cannot average an int64 tensor");
        text.Should().Contain("x.Float().Mean() = 0");
        text.Should().Contain("Tensors.Zeros([2, 2]) = [[0, 0], [0, 0]]  torch.float32  torch.Size([2, 2])");
        text.Should().Contain("Tensors.Ones([1, 2, 5]) = [[[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]]  torch.Size([1, 2, 5])");
        text.Should().Contain("x.Shape = torch.Size([10, 8, 6]); (B, M, N) = (10, 8, 6); Count = 3, shape[^1] = 6, Numel() = 480, shape[1..] = torch.Size([8, 6]), shape == [10, 8, 6]: True");

        // Each operation of the text, with its result shape.
        text.Should().Contain("x.Add(y) = [[11, 22], [33, 44]]  torch.Size([2, 2])");
        text.Should().Contain("x.Sub(y) = [[-9, -18], [-27, -36]]  torch.Size([2, 2])");
        text.Should().Contain("x.Sum() = 10  torch.Size([])");
        text.Should().Contain("x.Mean() = 2.5  torch.Size([])");
        text.Should().Contain("x.Pow(2) = [[1, 4], [9, 16]]  torch.Size([2, 2])");
        text.Should().Contain("x.Sum(0) = [4, 6]  torch.Size([2])");
        text.Should().Contain("Zeros([2, 3]).Transpose(0, 1) = torch.Size([2, 3]) -> torch.Size([3, 2])");
        text.Should().Contain("Zeros([1, 2, 3]).Squeeze(0) = torch.Size([1, 2, 3]) -> torch.Size([2, 3])");
        text.Should().Contain("Zeros([2, 3]).Unsqueeze(1) = torch.Size([2, 3]) -> torch.Size([2, 1, 3])");
        text.Should().Contain("Tensors.Cat([[2, 1, 3], [2, 3, 3], [2, 2, 3]], dim: 1) = torch.Size([2, 6, 3])");
        text.Should().Contain("Tensors.Stack([[2, 3], [2, 3]], dim: 0) = torch.Size([2, 2, 3])", "real PyTorch, not the text's [1, 2, 3]");
        text.Should().Contain("Tensors.Stack([[2, 3], [2, 3]], dim: 2) = torch.Size([2, 3, 2])");
        text.Should().Contain("Zeros([3, 5, 7]).Permute(1, 2, 0) = torch.Size([3, 5, 7]) -> torch.Size([5, 7, 3])");
        text.Should().Contain("Zeros([10, 8, 6]).Bmm(Zeros([10, 6, 9])) = torch.Size([10, 8, 9])");

        // The shape mistake is an ArgumentException with a message, not a crash.
        text.Should().Contain("Zeros([10, 8, 6]).Bmm(Zeros([10, 7, 9])) throws ArgumentException:\n" +
            "Bmm: the inner sizes differ: input's last dimension is N1 = 6, other's middle dimension is N2 = 7.\n");
        text.Should().Contain("Received: input torch.Size([10, 8, 6]), other torch.Size([10, 7, 9]).");

        // The dtype table and casting.
        Regex.Matches(text, @"\n[^\n]{24} torch\.\w+ +\d+ bits  torch\.\w+Tensor ").Should().HaveCount(12);
        text.Should().Contain("bfloat16 floating point  torch.bfloat16     16 bits  torch.BFloat16Tensor");
        text.Should().Contain("t = randn(3, 4): t.To(DType.Float64) is torch.float64, t.To(DType.Int32) is torch.int32");
        text.Should().Contain("v = [-1.5, 0, 0.7, 2.5] (torch.float32); v.Float() is v itself: True");
        text.Should().Contain("v.Half() = [-1.5, 0, 0.7002, 2.5]  torch.float16");
        text.Should().Contain("v.Int() = [-1, 0, 0, 2]  torch.int32");
        text.Should().Contain("v.Long() = [-1, 0, 0, 2]  torch.int64");
        text.Should().Contain("v.Bool() = [True, False, True, True]  torch.bool");
        text.Should().Contain("Ones([2, 2]).Long() = [[1, 1], [1, 1]]  torch.int64");

        // Devices: the CPU always; without CUDA, the clear error for "cuda".
        text.Should().MatchRegex(@"Device\.Cpu = cpu, Cuda\.IsAvailable = (True|False), Cuda\.DeviceCount = \d+, Device\.Best = \w+");
        if (text.Contains("Cuda.IsAvailable = False", StringComparison.Ordinal))
        {
            text.Should().Contain("x.To(Device.Best) is on cpu; same tensor: True");
            text.Should().Contain("x.To(\"cuda\"): Cannot use device 'cuda': CUDA is not available in this process.");
        }

        // NumPy: the file is what numpy.save writes for a 2x2 int64 array (128-byte header + 32 bytes), and reads back.
        text.Should().Contain("NumPy.Save(\"x.npy\", x): 160 bytes; NumPy.Load reads back [[1, -1], [-1, 1]]  torch.int64  torch.Size([2, 2]), equal: True");
        var npy = File.ReadAllBytes(Path.Combine(output, "x.npy"));
        npy.Should().HaveCount(160);
        System.Text.Encoding.ASCII.GetString(npy, 1, 5).Should().Be("NUMPY");
        System.Text.Encoding.ASCII.GetString(npy, 10, 118).Should().Contain("'descr': '<i8', 'fortran_order': False, 'shape': (2, 2)");

        // Gradient descent by hand: 20 steps, printed every 2; the loss falls every time, towards the noise's MSE.
        var steps = Regex.Matches(text, @"step +(\d+): loss (\d+\.\d+)");
        steps.Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Should().Equal(1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20);
        var losses = steps.Select(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToList();
        losses.Should().BeInDescendingOrder().And.OnlyHaveUniqueItems();
        losses[^1].Should().BeLessThan(losses[0] / 100);
        var fit = Regex.Match(text, @"fitted: w = (-?\d+\.\d{4}), b = (-?\d+\.\d{4}) \(true: w = 2, b = 1\); loss \d+\.\d{6}, the noise alone gives (\d+\.\d{6})");
        fit.Success.Should().BeTrue(text);
        double Group(int i) => double.Parse(fit.Groups[i].Value, CultureInfo.InvariantCulture);
        Group(1).Should().BeApproximately(2, 0.1);
        Group(2).Should().BeApproximately(1, 0.1);
        Group(3).Should().BeApproximately(0.01, 0.005, "the noise is 0.1 * randn");
        PngFile.Check(Path.Combine(output, "loss.png")).Should().Be((800, 500));
    }
}
