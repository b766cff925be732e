using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Optim;

/// <summary>
/// One optimizer step (SGD 0.1, Adam 1e-3) on the reference text's MLP (10-32-1, Sigmoid): TorchFluent's optimizer
/// (<c>Optim.Sgd(model.Parameters(), lr: 0.1)</c>) against raw TorchSharp's (<c>optim.SGD(model.parameters(), 0.1)</c>),
/// each on its own copy of the model, with gradients from one batch of 16. Target: within 3% of raw TorchSharp.
/// A third case gives raw TorchSharp a materialised parameter array, as TorchFluent does (raw <c>model.parameters()</c>
/// is a lazy enumerable that TorchSharp walks again at every step): the difference left is TorchFluent's own cost.
/// <code>
/// dotnet run -c Release --project benchmarks/TorchFluent.Benchmarks -- --filter '*OptimizerStepBenchmarks*' --launchCount 3
/// </code>
/// </summary>
public class OptimizerStepBenchmarks
{
    nn.Module<Tensor, Tensor> rawModel = null!;
    nn.Module<Tensor, Tensor> fluentModel = null!;
    nn.Module<Tensor, Tensor> listModel = null!;
    optim.Optimizer raw = null!;
    optim.Optimizer fluent = null!;
    optim.Optimizer rawList = null!;

    /// <summary>The optimizer under test.</summary>
    [Params("SGD", "Adam")]
    public string Optimizer { get; set; } = "SGD";

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(1);
        manual_seed(0);
        rawModel = nn.Sequential(("0", nn.Linear(10, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 1)));
        fluentModel = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
        fluentModel.load_state_dict(rawModel.state_dict());
        listModel = nn.Sequential(("0", nn.Linear(10, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 1)));
        listModel.load_state_dict(rawModel.state_dict());
        raw = Optimizer == "SGD" ? optim.SGD(rawModel.parameters(), 0.1) : optim.Adam(rawModel.parameters(), lr: 1e-3);
        // Raw TorchSharp given a materialised list, as TorchFluent gives it: isolates TorchFluent's own cost.
        var list = listModel.parameters().ToArray();
        rawList = Optimizer == "SGD" ? optim.SGD(list, 0.1) : optim.Adam(list, lr: 1e-3);
        fluent = Optimizer == "SGD" ? TorchFluent.Optim.Sgd(fluentModel.Parameters(), lr: 0.1) : TorchFluent.Optim.Adam(fluentModel.Parameters(), lr: 1e-3);

        // Gradients from one batch; the benchmark then repeats only optimizer.step().
        using var x = randn(16, 10);
        using var y = randn(16, 1);
        foreach (var model in new[] { rawModel, fluentModel, listModel })
        {
            using var loss = nn.functional.mse_loss(model.call(x), y);
            loss.backward();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var d in new IDisposable[] { raw, fluent, rawList, rawModel, fluentModel, listModel }) d.Dispose();
    }

    // Steps per invocation: a single step (~7 us for SGD) is short enough for timer and scheduling noise to show.
    const int Steps = 100;

    [Benchmark(Baseline = true, Description = "raw TorchSharp step", OperationsPerInvoke = Steps)]
    public void RawSteps()
    {
        for (var i = 0; i < Steps; i++) raw.step();
    }

    [Benchmark(Description = "TorchFluent step", OperationsPerInvoke = Steps)]
    public void TorchFluentSteps()
    {
        for (var i = 0; i < Steps; i++) fluent.step();
    }

    [Benchmark(Description = "raw TorchSharp step, parameter array", OperationsPerInvoke = Steps)]
    public void RawListSteps()
    {
        for (var i = 0; i < Steps; i++) rawList.step();
    }

    /// <summary>One raw TorchSharp step over a parameter array (for the interleaved program).</summary>
    public void RawListStep() => rawList.step();

    /// <summary>One raw TorchSharp step (for the interleaved program).</summary>
    public void RawStep() => raw.step();

    /// <summary>One TorchFluent step (for the interleaved program).</summary>
    public void TorchFluentStep() => fluent.step();
}
