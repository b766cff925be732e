using TorchFluent.Snippets.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

using Losses = TorchFluent.Losses;
using Optim = TorchFluent.Optim;

/// <summary>The C# blocks of docs/index.md (getting started).</summary>
public static class GettingStartedSnippets
{
    [Snippet("getting-started-first-model")]
    public static void FirstModel()
    {
        #region getting-started-first-model
        manual_seed(0);
        using var x = rand(1000, 1).mul(4).sub(2);                  // 1,000 points in [-2, 2)
        using var noise = randn(1000, 1).mul(0.05);
        using var y = x.Pow(2).Add(noise);                          // y = x² + noise

        var parts = Dataset.RandomSplit(Dataset.FromTensors(x, y), [0.8, 0.2], seed: 0);
        using var train = DataLoader.From(parts[0]).Batch(32).Shuffle(seed: 0).Build();
        using var test = DataLoader.From(parts[1]).Batch(200).Build();

        using var model = Sequential.Create().Linear(1, 32).Tanh().Linear(32).Tanh().Linear(1).Build();
        using var trainer = Trainer.For(model).Loss(Losses.Mse()).Optimizer(Optim.Adam(lr: 0.01)).Build();
        var history = trainer.Fit(train, test, epochs: 40);
        Console.WriteLine($"epochs: {history.Epochs.Count}, test MSE below 0.01: {trainer.Evaluate(test).Loss < 0.01}");

        var path = Path.Combine(Path.GetTempPath(), "first-model.pth");
        model.SaveStateDict(path);                                   // torch.save(model.state_dict(), path)

        using var loaded = Sequential.Create().Linear(1, 32).Tanh().Linear(32).Tanh().Linear(1).Build();
        loaded.LoadStateDict(path);                                  // strict: every key and shape must match
        using var input = Tensors.From(new float[,] { { 1.5f } });
        using var prediction = loaded.Eval().call(input);
        Console.WriteLine($"f(1.5) is within 0.1 of 2.25: {Math.Abs(prediction.item<float>() - 2.25) < 0.1}");
        #endregion
        File.Delete(path);
    }
}
