using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Tensors;

/// <summary>Shape, Transpose, Squeeze, Unsqueeze, Permute and Bmm, each with its up-front shape checks.</summary>
[Config(typeof(OverheadConfig))]
public class ShapeBenchmarks
{
    // Benchmarks are void (so the interleaved overhead program can call them as Actions); results go here.
    internal long sink;

    Tensor x = null!, one = null!, cube = null!, b1 = null!, b2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(1);
        x = zeros(2, 3);
        one = zeros(1, 2, 3);
        cube = zeros(3, 5, 7);
        b1 = rand(10, 8, 6);
        b2 = rand(10, 6, 9);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var t in new[] { x, one, cube, b1, b2 }) t.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Shape")]
    public void Shape_Raw() => sink = x.shape[1];

    [Benchmark, BenchmarkCategory("Shape")]
    public void Shape_Fluent() => sink = x.Shape[1];

    [Benchmark(Baseline = true), BenchmarkCategory("Transpose")]
    public void Transpose_Raw() { using var r = x.transpose(0, 1); }

    [Benchmark, BenchmarkCategory("Transpose")]
    public void Transpose_Fluent() { using var r = x.Transpose(0, 1); }

    [Benchmark(Baseline = true), BenchmarkCategory("Squeeze")]
    public void Squeeze_Raw() { using var r = one.squeeze(0); }

    [Benchmark, BenchmarkCategory("Squeeze")]
    public void Squeeze_Fluent() { using var r = one.Squeeze(0); }

    [Benchmark(Baseline = true), BenchmarkCategory("Unsqueeze")]
    public void Unsqueeze_Raw() { using var r = x.unsqueeze(1); }

    [Benchmark, BenchmarkCategory("Unsqueeze")]
    public void Unsqueeze_Fluent() { using var r = x.Unsqueeze(1); }

    [Benchmark(Baseline = true), BenchmarkCategory("Permute")]
    public void Permute_Raw() { using var r = cube.permute(1, 2, 0); }

    [Benchmark, BenchmarkCategory("Permute")]
    public void Permute_Fluent() { using var r = cube.Permute(1, 2, 0); }

    [Benchmark(Baseline = true), BenchmarkCategory("Bmm")]
    public void Bmm_Raw() { using var r = b1.bmm(b2); }

    [Benchmark, BenchmarkCategory("Bmm")]
    public void Bmm_Fluent() { using var r = b1.Bmm(b2); }
}
