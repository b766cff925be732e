// Regression: the reference text's Entire Procedure with MyNet(10, 20, 1) on the shipped diabetes data.
// Train / validation / test split, loss per epoch, early stopping on the validation loss, the best model saved as a
// PyTorch .pth file, a PNG of the loss curves, and the test error in the data's own units.
//   dotnet run --project examples/Regression [-- --smoke | --epochs N | --out FOLDER]
using TorchFluent;
using TorchFluent.Examples;
using static TorchSharp.torch;

var options = ExampleOptions.Parse(args, "Regression");
var epochs = options.Epochs(full: 200, smoke: 3);
manual_seed(0);

// Data: 442 patients, 10 features; split 70 / 15 / 15 with a seed; standardise with the training split's statistics.
var (features, target) = ShippedData.Diabetes();
using var _f = features;
using var _t = target;
var split = Dataset.RandomSplit(Dataset.FromTensors(features, target), [0.7, 0.15, 0.15], seed: 42);
Tensor Take(Tensor all, int part)
{
    using var rows = tensor(split[part].Indices.Select(i => (long)i).ToArray());
    return all.index_select(0, rows);
}
using var xTrainRaw = Take(features, 0);
using var xValidRaw = Take(features, 1);
using var xTestRaw = Take(features, 2);
using var yTrainRaw = Take(target, 0);
using var yValidRaw = Take(target, 1);
using var yTestRaw = Take(target, 2);
using var xScale = new Standardizer(xTrainRaw);
using var yScale = new Standardizer(yTrainRaw);
using var xTrain = xScale.Apply(xTrainRaw);
using var xValid = xScale.Apply(xValidRaw);
using var xTest = xScale.Apply(xTestRaw);
using var yTrain = yScale.Apply(yTrainRaw);
using var yValid = yScale.Apply(yValidRaw);
using var yTest = yScale.Apply(yTestRaw);
Console.WriteLine($"diabetes: {xTrain.shape[0]} train, {xValid.shape[0]} validation, {xTest.shape[0]} test samples of {xTrain.shape[1]} features");

using var trSet = DataLoader.From(Dataset.FromTensors(xTrain, yTrain)).Batch(16).Shuffle(seed: 0).Build();
using var dvSet = DataLoader.From(Dataset.FromTensors(xValid, yValid)).Batch(16).Build();
using var ttSet = DataLoader.From(Dataset.FromTensors(xTest, yTest)).Batch(16).Build();

using var model = new MyNet(10, 20, 1);
var modelPath = options.File("model.pth");
using var trainer = Trainer.For(model)
    .Loss(Losses.Mse())
    .Optimizer(Optim.Sgd(lr: 0.01).Momentum(0.9))
    .Metrics(Metrics.Mae())
    .Callbacks(
        Callbacks.EarlyStopping(monitor: "val_loss", patience: 20, restoreBestWeights: true),
        Callbacks.BestModel(modelPath, monitor: "val_loss"))
    .ShowProgress()
    .Build();
var history = trainer.Fit(trSet, dvSet, epochs);
if (history.StoppedEarly) Console.WriteLine(history.StopReason);

// Test: the error in the target's own units (disease progression), and R² against predicting the training mean.
var test = trainer.Evaluate(ttSet);
using var predictions = trainer.Predict(ttSet);
double rmse, r2;
using (NewDisposeScope())   // frees the temporaries of these few lines
{
    var errors = predictions.mul(yTrainRaw.std()).add(yTrainRaw.mean()).sub(yTestRaw);
    rmse = Math.Sqrt(errors.square().mean().item<float>());
    r2 = 1 - errors.square().sum().item<float>() / yTestRaw.sub(yTestRaw.mean()).square().sum().item<float>();
}
Console.WriteLine($"test: MSE {test.Loss:F4} (standardised), RMSE {rmse:F1} progression units, R² {r2:F3}");

// The saved best model loads back (also with PyTorch's torch.load).
using var reloaded = new MyNet(10, 20, 1);
reloaded.LoadStateDict(modelPath);
Console.WriteLine($"saved best model: {modelPath}");

var plot = options.File("loss.png");
new LinePlot("MyNet(10, 20, 1) on diabetes: MSE per epoch", "epoch")
    .Curves(history, "loss")
    .SavePng(plot);
Console.WriteLine($"loss curves: {plot}");
