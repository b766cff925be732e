using TorchFluent.Snippets.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

using Losses = TorchFluent.Losses;
using Optim = TorchFluent.Optim;
using Schedules = TorchFluent.Schedules;

/// <summary>The C# blocks of docs/training.md.</summary>
public static class TrainingSnippets
{
    /// <summary>Seeded synthetic regression data: y = x · w + noise, 10 features, the same w for every split.</summary>
    static (Tensor X, Tensor Y) Data(int count, int seed)
    {
        manual_seed(100);
        using var w = randn(10, 1);
        manual_seed(seed);
        var x = randn(count, 10);
        using var noise = randn(count, 1);
        using var clean = x.matmul(w);
        return (x, clean.add(noise.mul(0.1)));
    }

    [Snippet("training-fit")]
    public static void Fit()
    {
        var (xTrain, yTrain) = Data(800, seed: 1);
        var (xValid, yValid) = Data(200, seed: 2);
        #region training-fit
        manual_seed(0);
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();   // MyModel
        using var train = DataLoader.From(Dataset.FromTensors(xTrain, yTrain)).Batch(16).Shuffle(seed: 0).Build();
        using var valid = DataLoader.From(Dataset.FromTensors(xValid, yValid)).Batch(16).Build();

        var history = Trainer.For(model)
            .Loss(Losses.Mse())
            .Optimizer(Optim.Sgd(lr: 0.1).Momentum(0.9))
            .Schedule(Schedules.Lambda(epoch => Math.Pow(0.95, epoch)))
            .Metrics(Metrics.Mae())
            .Fit(train, valid, epochs: 5);

        Console.WriteLine(string.Join(", ", history.Keys));
        Console.WriteLine($"validation loss fell: {history["val_loss"][^1] < history["val_loss"][0]}");
        Console.WriteLine($"lr per epoch: {string.Join(", ", history["lr"].Select(lr => lr.ToString("G6")))}");
        #endregion
        xTrain.Dispose(); yTrain.Dispose(); xValid.Dispose(); yValid.Dispose();
    }

    [Snippet("training-evaluate-predict")]
    public static void EvaluatePredict()
    {
        var (xTrain, yTrain) = Data(400, seed: 1);
        var (xTest, yTest) = Data(100, seed: 3);
        manual_seed(0);
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
        using var train = DataLoader.From(Dataset.FromTensors(xTrain, yTrain)).Batch(16).Shuffle(seed: 0).Build();
        #region training-evaluate-predict
        using var trainer = Trainer.For(model).Loss(Losses.Mse()).Optimizer(Optim.Sgd(lr: 0.1)).Build();
        trainer.Fit(train, epochs: 3);

        using var test = DataLoader.From(Dataset.FromTensors(xTest, yTest)).Batch(16).Build();
        var result = trainer.Evaluate(test);           // eval mode, no grad, loss averaged over samples
        using var predictions = trainer.Predict(test);  // [100, 1] on the CPU; yours to dispose
        Console.WriteLine($"{result.Samples} samples, prediction shape [{string.Join(", ", predictions.shape)}]");
        #endregion
        xTrain.Dispose(); yTrain.Dispose(); xTest.Dispose(); yTest.Dispose();
    }

    [Snippet("training-callbacks")]
    public static void CallbacksExample()
    {
        var (x, y) = Data(400, seed: 1);
        var (vx, vy) = Data(100, seed: 2);
        manual_seed(0);
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
        using var train = DataLoader.From(Dataset.FromTensors(x, y)).Batch(16).Shuffle(seed: 0).Build();
        using var valid = DataLoader.From(Dataset.FromTensors(vx, vy)).Batch(16).Build();
        var folder = Directory.CreateTempSubdirectory("tf-snippet-").FullName;
        var bestPath = Path.Combine(folder, "best.pth");
        #region training-callbacks
        var history = Trainer.For(model)
            .Loss(Losses.Mse())
            .Optimizer(Optim.Adam(lr: 0.01))
            .Callbacks(
                Callbacks.EarlyStopping(monitor: "val_loss", patience: 3, restoreBestWeights: true),
                Callbacks.BestModel(bestPath),                 // a .pth file PyTorch's torch.load reads
                Callbacks.LearningRateLogger(Console.Out))
            .Fit(train, valid, epochs: 2);
        #endregion
        Directory.Delete(folder, recursive: true);
        x.Dispose(); y.Dispose(); vx.Dispose(); vy.Dispose();
        _ = history;
    }

    [Snippet("training-hand-written")]
    public static void HandWritten()
    {
        var (xTrain, yTrain) = Data(160, seed: 1);
        var (xValid, yValid) = Data(48, seed: 2);
        manual_seed(0);
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
        using var trSet = DataLoader.From(Dataset.FromTensors(xTrain, yTrain)).Batch(16).Shuffle(seed: 0).Build();
        using var dvSet = DataLoader.From(Dataset.FromTensors(xValid, yValid)).Batch(16).Build();
        const int nEpochs = 3;
        #region training-hand-written
        using var criterion = Losses.Mse();
        using var optimizer = Optim.Sgd(model.Parameters(), lr: 0.1);

        for (var epoch = 0; epoch < nEpochs; epoch++)
        {
            model.Train();
            foreach (var (x, y) in trSet)                   // the loader frees each batch when the loop moves on
            {
                using var scope = NewDisposeScope();         // frees pred, loss and autograd's saved tensors
                optimizer.zero_grad();
                var pred = model.call(x);
                var loss = criterion.call(pred, y);
                loss.backward();
                optimizer.step();
            }
        }

        model.Eval();
        double totalLoss = 0;
        foreach (var (x, y) in dvSet)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var loss = criterion.call(model.call(x), y);
            totalLoss += loss.item<float>() * x.shape[0];
        }
        var avgLoss = totalLoss / dvSet.Dataset.Count;
        Console.WriteLine($"validation loss is finite: {double.IsFinite(avgLoss)}");
        #endregion
        xTrain.Dispose(); yTrain.Dispose(); xValid.Dispose(); yValid.Dispose();
    }

    [Snippet("training-progress")]
    public static void ProgressExample()
    {
        var (x, y) = Data(64, seed: 1);
        manual_seed(0);
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
        using var train = DataLoader.From(Dataset.FromTensors(x, y)).Batch(16).Build();
        #region training-progress
        // using TorchFluent;  (package TorchFluent.Terminal)
        Trainer.For(model)
            .Loss(Losses.Mse())
            .Optimizer(Optim.Sgd(lr: 0.1))
            .ShowProgress()          // a live Keras-style bar in a terminal; one line per epoch when redirected
            .Fit(train, epochs: 2);
        #endregion
        x.Dispose(); y.Dispose();
    }

    [Snippet("training-threads")]
    public static void ThreadsExample()
    {
        var (x, y) = Data(64, seed: 1);
        manual_seed(0);
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
        using var train = DataLoader.From(Dataset.FromTensors(x, y)).Batch(16).Build();
        #region training-threads
        Trainer.For(model)
            .Loss(Losses.Mse())
            .Optimizer(Optim.Sgd(lr: 0.1))
            .Threads(2)              // override the automatic choice (1 thread for small models)
            .Seed(42)                // same seed, data order and starting weights: bit-identical weights on the CPU
            .Fit(train, epochs: 1);
        #endregion
        x.Dispose(); y.Dispose();
    }
}
