using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Tensors;

/// <summary>Cat and Stack: the reference text's examples, with TorchFluent's per-tensor shape checks.</summary>
[Config(typeof(OverheadConfig))]
public class JoinBenchmarks
{
    Tensor x = null!, y = null!, z = null!, p = null!, q = null!;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(1);
        x = zeros(2, 1, 3);
        y = zeros(2, 3, 3);
        z = zeros(2, 2, 3);
        p = zeros(2, 3);
        q = zeros(2, 3);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var t in new[] { x, y, z, p, q }) t.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Cat")]
    public void Cat_Raw() { using var r = cat([x, y, z], 1); }

    [Benchmark, BenchmarkCategory("Cat")]
    public void Cat_Fluent() { using var r = TorchFluent.Tensors.Cat([x, y, z], 1); }

    [Benchmark(Baseline = true), BenchmarkCategory("Stack")]
    public void Stack_Raw() { using var r = stack(new[] { p, q }, 0); }

    [Benchmark, BenchmarkCategory("Stack")]
    public void Stack_Fluent() { using var r = TorchFluent.Tensors.Stack([p, q], 0); }
}
