using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Tensors;

/// <summary>
/// Creation from .NET data. TorchFluent copies into libtorch's memory (torch.tensor semantics); TorchSharp's
/// tensor(T[]) clones the array and pins the clone for the tensor's life.
/// </summary>
[Config(typeof(OverheadConfig))]
public class CreationBenchmarks
{
    readonly float[] flat = [1, -1, -1, 1, 2, 3];
    readonly float[,] matrix = { { 1, -1 }, { -1, 1 } };
    readonly double[] doubles = [0.1, 0.2, 0.3, 0.4];
    readonly float[] large = new float[1 << 16];

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(1);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("FromArray")]
    public void FromArray_Raw() { using var r = tensor(flat); }

    [Benchmark, BenchmarkCategory("FromArray")]
    public void FromArray_Fluent() { using var r = TorchFluent.Tensors.From(flat); }

    [Benchmark(Baseline = true), BenchmarkCategory("FromMatrix")]
    public void FromMatrix_Raw() { using var r = tensor(matrix); }

    [Benchmark, BenchmarkCategory("FromMatrix")]
    public void FromMatrix_Fluent() { using var r = TorchFluent.Tensors.From(matrix); }

    [Benchmark(Baseline = true), BenchmarkCategory("FromDoubles")]
    public void FromDoubles_Raw() { using var r = tensor(doubles, ScalarType.Float32); }

    [Benchmark, BenchmarkCategory("FromDoubles")]
    public void FromDoubles_Fluent() { using var r = TorchFluent.Tensors.From(doubles); }

    [Benchmark(Baseline = true), BenchmarkCategory("FromLarge")]
    public void FromLarge_Raw() { using var r = tensor(large, [256, 256]); }

    [Benchmark, BenchmarkCategory("FromLarge")]
    public void FromLarge_Fluent() { using var r = TorchFluent.Tensors.From(large, [256, 256]); }

    [Benchmark(Baseline = true), BenchmarkCategory("Zeros")]
    public void Zeros_Raw() { using var r = zeros([2, 3]); }

    [Benchmark, BenchmarkCategory("Zeros")]
    public void Zeros_Fluent() { using var r = TorchFluent.Tensors.Zeros([2, 3]); }
}
