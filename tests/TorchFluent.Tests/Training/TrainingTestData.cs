using static TorchSharp.torch;

namespace TorchFluent.Tests.Training;

// Sibling test namespaces (Tests.Losses, .Optim, .Schedules) would hide the library's classes of those names.
using Losses = TorchFluent.Losses;
using Optim = TorchFluent.Optim;

/// <summary>Small, seeded regression and classification problems for the trainer tests.</summary>
internal static class TrainingTestData
{
    /// <summary>y = x · w + noise, 10 features; <paramref name="count"/> samples.</summary>
    public static (Tensor X, Tensor Y) Regression(int count, long seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        var x = randn(count, 10, generator: generator);
        using var w = randn(10, 1, generator: generator);
        using var noise = randn(count, 1, generator: generator);
        using var clean = x.matmul(w);
        var y = clean.add(noise.mul(0.1));
        return (x, y);
    }

    /// <summary>The reference text's MyModel, seeded: Linear(10, 32), Sigmoid, Linear(32, 1).</summary>
    public static Sequential MyModel(long seed)
    {
        manual_seed(seed);
        return Sequential.Create().Linear(10, 32).Sigmoid().Linear(32, 1).Build();
    }

    public static TrainerBuilder SgdTrainer(Sequential model, double lr = 0.1) =>
        Trainer.For(model).Loss(Losses.Mse()).Optimizer(Optim.Sgd(lr: lr));

    public static DataLoader<(Tensor X, Tensor Y)> Loader(Tensor x, Tensor y, int batch = 16, long? shuffleSeed = null)
    {
        var builder = DataLoader.From(Dataset.FromTensors(x, y)).Batch(batch);
        return (shuffleSeed is { } seed ? builder.Shuffle(seed) : builder).Build();
    }
}
