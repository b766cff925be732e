using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Tensors;

/// <summary>
/// Matmul against raw TorchSharp's <c>matmul</c> on valid inputs (raw TorchSharp aborts the process on invalid ones):
/// a matrix product (routed to mm), a matrix-vector product (mv) and a broadcast batched product (at::matmul itself).
/// </summary>
[Config(typeof(OverheadConfig))]
public class MatmulBenchmarks
{
    Tensor a = null!, b = null!, v = null!, p = null!, q = null!;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(1);
        a = rand(8, 6);
        b = rand(6, 9);
        v = rand(6);
        p = rand(2, 1, 3, 4);
        q = rand(5, 4, 2);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var t in new[] { a, b, v, p, q }) t.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Matmul")]
    public void Matmul_Raw() { using var r = a.matmul(b); }

    [Benchmark, BenchmarkCategory("Matmul")]
    public void Matmul_Fluent() { using var r = a.Matmul(b); }

    [Benchmark(Baseline = true), BenchmarkCategory("MatmulVector")]
    public void MatmulVector_Raw() { using var r = a.matmul(v); }

    [Benchmark, BenchmarkCategory("MatmulVector")]
    public void MatmulVector_Fluent() { using var r = a.Matmul(v); }

    [Benchmark(Baseline = true), BenchmarkCategory("MatmulBroadcast")]
    public void MatmulBroadcast_Raw() { using var r = p.matmul(q); }

    [Benchmark, BenchmarkCategory("MatmulBroadcast")]
    public void MatmulBroadcast_Fluent() { using var r = p.Matmul(q); }
}
