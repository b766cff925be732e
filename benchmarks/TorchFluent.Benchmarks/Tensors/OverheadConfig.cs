using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace TorchFluent.Benchmarks.Tensors;

/// <summary>
/// Wrapper-overhead suites: each category pairs a raw TorchSharp call (the baseline) with the TorchFluent member that
/// wraps it, so the Ratio column is TorchFluent / raw, measured in the same run. In-process, so the patched native
/// library in this project's output folder is the one loaded; one libtorch thread, as in every benchmark here.
/// </summary>
public sealed class OverheadConfig : ManualConfig
{
    public OverheadConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(6)
            .WithIterationCount(30)
            .WithId("InProcess"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
