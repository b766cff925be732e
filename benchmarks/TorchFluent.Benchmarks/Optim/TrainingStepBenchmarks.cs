using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Optim;

/// <summary>
/// A whole training step of the reference text's procedure (zero_grad, forward, MSE, backward, step; batch 16) on its
/// MLP: TorchFluent (Sequential builder, <c>Losses.Mse()</c> with its shape check, <c>Optim.*</c>) against raw
/// TorchSharp (<c>nn.Sequential</c>, <c>nn.MSELoss()</c>, <c>optim.*</c>). Informative: the target is on the step alone.
/// <code>
/// dotnet run -c Release --project benchmarks/TorchFluent.Benchmarks -- --filter '*TrainingStepBenchmarks*'
/// </code>
/// </summary>
public class TrainingStepBenchmarks
{
    nn.Module<Tensor, Tensor> rawModel = null!;
    nn.Module<Tensor, Tensor> fluentModel = null!;
    nn.Module<Tensor, Tensor, Tensor> rawLoss = null!;
    nn.Module<Tensor, Tensor, Tensor> fluentLoss = null!;
    optim.Optimizer raw = null!;
    optim.Optimizer fluent = null!;
    Tensor x = null!;
    Tensor y = null!;

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
        rawLoss = nn.MSELoss();
        fluentLoss = TorchFluent.Losses.Mse();
        raw = Optimizer == "SGD" ? optim.SGD(rawModel.parameters(), 0.1) : optim.Adam(rawModel.parameters(), lr: 1e-3);
        fluent = Optimizer == "SGD" ? TorchFluent.Optim.Sgd(fluentModel.Parameters(), lr: 0.1) : TorchFluent.Optim.Adam(fluentModel.Parameters(), lr: 1e-3);
        x = randn(16, 10);
        y = randn(16, 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var d in new IDisposable[] { raw, fluent, rawModel, fluentModel, rawLoss, fluentLoss, x, y }) d.Dispose();
    }

    static void Step(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor, Tensor> criterion, optim.Optimizer optimizer, Tensor x, Tensor y)
    {
        optimizer.zero_grad();
        using var output = model.call(x);
        using var loss = criterion.call(output, y);
        loss.backward();
        optimizer.step();
    }

    [Benchmark(Baseline = true, Description = "raw TorchSharp training step")]
    public void RawTrainingStep() => Step(rawModel, rawLoss, raw, x, y);

    [Benchmark(Description = "TorchFluent training step")]
    public void TorchFluentTrainingStep() => Step(fluentModel, fluentLoss, fluent, x, y);
}
