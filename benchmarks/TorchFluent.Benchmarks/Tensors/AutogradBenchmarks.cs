using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Tensors;

/// <summary>Autograd members: the gradient example's backward pass, grad reads and the requires-grad flag.</summary>
[Config(typeof(OverheadConfig))]
public class AutogradBenchmarks
{
    // Benchmarks are void (so the interleaved overhead program can call them as Actions); results go here.
    internal bool sink;

    Tensor w = null!;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(1);
        w = tensor(new float[] { 1, 0, -1, 1 }, [2, 2], requires_grad: true);
        using var z = w.pow(2).sum();
        z.backward();
    }

    [GlobalCleanup]
    public void Cleanup() => w.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("Backward")]
    public void Backward_Raw()
    {
        using var p = w.pow(2);
        using var z = p.sum();
        z.backward();
    }

    [Benchmark, BenchmarkCategory("Backward")]
    public void Backward_Fluent()
    {
        using var p = w.pow(2);
        using var z = p.sum();
        z.Backward();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Grad")]
    public void Grad_Raw() { using var g = w.grad; }

    [Benchmark, BenchmarkCategory("Grad")]
    public void Grad_Fluent() { using var g = w.Grad; }

    [Benchmark(Baseline = true), BenchmarkCategory("RequiresGrad")]
    public void RequiresGrad_Raw() => sink = w.requires_grad;

    [Benchmark, BenchmarkCategory("RequiresGrad")]
    public void RequiresGrad_Fluent() => sink = w.RequiresGrad;
}
