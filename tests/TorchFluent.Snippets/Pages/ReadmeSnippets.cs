using TorchFluent.Snippets.Infrastructure;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

using Losses = TorchFluent.Losses;
using Optim = TorchFluent.Optim;

/// <summary>The C# blocks of README.md.</summary>
public static class ReadmeSnippets
{
    [Snippet("readme-gradient")]
    public static void Gradient()
    {
        #region readme-gradient
        TorchRuntime.EnsureLoaded();   // clear error if libtorch cannot load (TorchFluent's own entry points call it too)

        using var x = Tensors.From(new float[,] { { 1, 0 }, { -1, 1 } }, requiresGrad: true);
        using var z = x.Pow(2).Sum();
        z.Backward();
        Console.WriteLine(x.Grad!.ToString(TorchSharp.TensorStringStyle.Numpy));
        #endregion
    }

    /// <summary>examples/QuickStart's MyNet (the reference text's, registered by CustomModule).</summary>
    sealed class MyNet(int inputSize, int hiddenSize, int outputSize) : CustomModule
    {
        readonly Linear fc1 = nn.Linear(inputSize, hiddenSize);
        readonly Linear fc2 = nn.Linear(hiddenSize, outputSize);

        public override Tensor forward(Tensor x)
        {
            using var hidden = nn.functional.relu(fc1.call(x));
            return fc2.call(hidden);
        }
    }

    [Snippet("readme-quickstart")]
    public static void QuickStart()
    {
        // Stand-ins for the standardised diabetes splits QuickStart reads from data/diabetes.
        manual_seed(0);
        using var xs = randn(100, 10);
        using var ys = randn(100, 1);
        using var train = Dataset.FromTensors(xs, ys);
        using var test = Dataset.FromTensors(xs, ys);
        const int epochs = 2;
        var modelPath = Path.Combine(Path.GetTempPath(), $"readme-{Guid.NewGuid():N}.pth");
        try
        {
            #region readme-quickstart
            using var trainLoader = DataLoader.From(train).Batch(16).Shuffle(seed: 0).Build();
            using var testLoader = DataLoader.From(test).Batch(64).Build();

            using var model = new MyNet(10, 20, 1);
            using var trainer = Trainer.For(model)
                .Loss(Losses.Mse())
                .Optimizer(Optim.Sgd(lr: 0.01))
                .Metrics(Metrics.Mae())
                .ShowProgress()
                .Build();
            var history = trainer.Fit(trainLoader, testLoader, epochs);
            model.SaveStateDict(modelPath);
            #endregion
            if (history.Epochs.Count != epochs || !File.Exists(modelPath)) throw new InvalidOperationException("README quick start did not train and save.");
        }
        finally
        {
            File.Delete(modelPath);
        }
    }
}
