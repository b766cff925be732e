// QuickStart, the README's main job: the reference text's gradient example, then its MyNet(10, 20, 1) trained on the
// shipped diabetes data with a Trainer, tested on held-out patients, saved as a PyTorch .pth file and plotted.
//   dotnet run --project examples/QuickStart [-- --smoke | --epochs N | --out FOLDER]
using TorchFluent;
using TorchFluent.Examples;
using static TorchSharp.torch;

var options = ExampleOptions.Parse(args, "QuickStart");
var epochs = options.Epochs(full: 30, smoke: 2);
manual_seed(0);

// x = torch.tensor([[1., 0.], [-1., 1.]], requires_grad=True); z = x.pow(2).sum(); z.backward(); x.grad
using (var x = Tensors.From(new float[,] { { 1, 0 }, { -1, 1 } }, requiresGrad: true))
using (var z = x.Pow(2).Sum())
{
    z.Backward();
    var g = x.Grad!.data<float>().ToArray();
    Console.WriteLine($"z = {z.item<float>()}, x.grad = [[{g[0]}, {g[1]}], [{g[2]}, {g[3]}]]");
}

// 442 patients, 10 features, disease progression a year later. 80% to train, 20% to test, split with a seed;
// both standardised with the training rows' statistics.
var (features, target) = ShippedData.Diabetes();
using var _f = features;
using var _t = target;
var (train, test) = Split(features, target, trainFraction: 0.8, seed: 42);
using var _train = train;
using var _test = test;
Console.WriteLine($"diabetes: {train.Count} training and {test.Count} test samples x {features.shape[1]} features (standardised)");

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

var result = trainer.Evaluate(testLoader);
Console.WriteLine($"test: MSE {result.Loss:F4}, MAE {result.Values["mae"]:F4} (standardised units)");

var modelPath = options.File("model.pth");
model.SaveStateDict(modelPath);   // torch.save(model.state_dict(), path): Python's torch.load reads it
Console.WriteLine($"saved model: {modelPath}");

var plot = options.File("loss.png");
new LinePlot("MyNet(10, 20, 1) on diabetes: MSE per epoch", "epoch")
    .Add("train loss", history["loss"])
    .Add("test loss", history["val_loss"])
    .SavePng(plot);
Console.WriteLine($"loss curves: {plot}");

// Standardises with the training rows' mean and std (no test-set leakage) and returns the two tensor datasets.
static (TensorDataset<(Tensor X, Tensor Y)> Train, TensorDataset<(Tensor X, Tensor Y)> Test) Split(Tensor x, Tensor y, double trainFraction, long seed)
{
    var parts = Dataset.RandomSplit(Dataset.FromTensors(x, y), [trainFraction, 1 - trainFraction], seed);
    using var trainRows = Tensors.From(parts[0].Indices.Select(i => (long)i).ToArray());
    using var testRows = Tensors.From(parts[1].Indices.Select(i => (long)i).ToArray());
    using var xTrain = x.index_select(0, trainRows);
    using var yTrain = y.index_select(0, trainRows);
    using var xTest = x.index_select(0, testRows);
    using var yTest = y.index_select(0, testRows);
    using var xScale = new Standardizer(xTrain);
    using var yScale = new Standardizer(yTrain);
    using var xTrainScaled = xScale.Apply(xTrain);
    using var yTrainScaled = yScale.Apply(yTrain);
    using var xTestScaled = xScale.Apply(xTest);
    using var yTestScaled = yScale.Apply(yTest);
    // A TensorDataset keeps its own reference to the tensors: disposing these handles here frees nothing it needs.
    return (Dataset.FromTensors(xTrainScaled, yTrainScaled), Dataset.FromTensors(xTestScaled, yTestScaled));
}
