using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Tensors;

/// <summary>Add, Sub, Sum, Mean, Pow on small tensors (the worst case for a wrapper's relative overhead).</summary>
[Config(typeof(OverheadConfig))]
public class MathBenchmarks
{
    Tensor x = null!, y = null!;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(1);
        x = rand(2, 3);
        y = rand(2, 3);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        x.Dispose();
        y.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Add")]
    public void Add_Raw() { using var r = x.add(y); }

    [Benchmark, BenchmarkCategory("Add")]
    public void Add_Fluent() { using var r = x.Add(y); }

    [Benchmark(Baseline = true), BenchmarkCategory("AddScalar")]
    public void AddScalar_Raw() { using var s = 2.5.ToScalar(); using var r = x.add(s); }

    [Benchmark, BenchmarkCategory("AddScalar")]
    public void AddScalar_Fluent() { using var r = x.Add(2.5); }

    [Benchmark(Baseline = true), BenchmarkCategory("Sub")]
    public void Sub_Raw() { using var r = x.sub(y); }

    [Benchmark, BenchmarkCategory("Sub")]
    public void Sub_Fluent() { using var r = x.Sub(y); }

    [Benchmark(Baseline = true), BenchmarkCategory("Sum")]
    public void Sum_Raw() { using var r = x.sum(); }

    [Benchmark, BenchmarkCategory("Sum")]
    public void Sum_Fluent() { using var r = x.Sum(); }

    [Benchmark(Baseline = true), BenchmarkCategory("SumDim")]
    public void SumDim_Raw() { using var r = x.sum(0L); }

    [Benchmark, BenchmarkCategory("SumDim")]
    public void SumDim_Fluent() { using var r = x.Sum(0); }

    [Benchmark(Baseline = true), BenchmarkCategory("Mean")]
    public void Mean_Raw() { using var r = x.mean(); }

    [Benchmark, BenchmarkCategory("Mean")]
    public void Mean_Fluent() { using var r = x.Mean(); }

    [Benchmark(Baseline = true), BenchmarkCategory("MeanDim")]
    public void MeanDim_Raw() { using var r = x.mean(new long[] { 0 }); }

    [Benchmark, BenchmarkCategory("MeanDim")]
    public void MeanDim_Fluent() { using var r = x.Mean(0); }

    [Benchmark(Baseline = true), BenchmarkCategory("Pow")]
    public void Pow_Raw() { using var s = 2L.ToScalar(); using var r = x.pow(s); }

    [Benchmark, BenchmarkCategory("Pow")]
    public void Pow_Fluent() { using var r = x.Pow(2); }
}
