using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Tensors;

/// <summary>
/// Casts and moves. A conversion costs what TorchSharp's costs; a cast or move to what the tensor already is returns
/// the tensor itself (PyTorch's semantics) where TorchSharp makes a new handle, so those ratios are below 1.
/// </summary>
[Config(typeof(OverheadConfig))]
public class CastBenchmarks
{
    // Benchmarks are void (so the interleaved overhead program can call them as Actions); results go here.
    internal Tensor? sinkTensor;

    Tensor x = null!;
    Device cpu = null!;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(1);
        x = rand(2, 3);
        cpu = Device.Cpu;
    }

    [GlobalCleanup]
    public void Cleanup() => x.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("ToFloat64")]
    public void ToFloat64_Raw() { using var r = x.to_type(ScalarType.Float64); }

    [Benchmark, BenchmarkCategory("ToFloat64")]
    public void ToFloat64_Fluent() { using var r = x.To(DType.Float64); }

    [Benchmark(Baseline = true), BenchmarkCategory("Long")]
    public void Long_Raw() { using var r = x.@long(); }

    [Benchmark, BenchmarkCategory("Long")]
    public void Long_Fluent() { using var r = x.Long(); }

    [Benchmark(Baseline = true), BenchmarkCategory("Half")]
    public void Half_Raw() { using var r = x.half(); }

    [Benchmark, BenchmarkCategory("Half")]
    public void Half_Fluent() { using var r = x.Half(); }

    [Benchmark(Baseline = true), BenchmarkCategory("SameDType")]
    public void SameDType_Raw() { using var r = x.to_type(ScalarType.Float32); }

    [Benchmark, BenchmarkCategory("SameDType")]
    public void SameDType_Fluent() => sinkTensor = x.Float();

    [Benchmark(Baseline = true), BenchmarkCategory("SameDevice")]
    public void SameDevice_Raw() { using var r = x.to(cpu); }

    [Benchmark, BenchmarkCategory("SameDevice")]
    public void SameDevice_Fluent() => sinkTensor = x.To(cpu);
}
