// Classification: handwritten digits (the shipped 8x8 digits data, 10 classes) with CrossEntropy.
// An MLP with dropout, Adam, accuracy per epoch on a validation split, and the test accuracy at the end
// (above 95% with the full run). Writes a PNG of the loss and accuracy curves.
//   dotnet run --project examples/Classification [-- --smoke | --epochs N | --out FOLDER]
using TorchFluent;
using TorchFluent.Examples;
using static TorchSharp.torch;

var options = ExampleOptions.Parse(args, "Classification");
var epochs = options.Epochs(full: 100, smoke: 2);
manual_seed(0);

var (pixels, labels) = ShippedData.Digits();
using var _p = pixels;
using var _l = labels;
using var scaled = pixels.div(16.0);   // pixel values 0..16 -> 0..1
using var all = Dataset.FromTensors(scaled, labels);
var split = Dataset.RandomSplit(all, [0.7, 0.1, 0.2], seed: 42);
Console.WriteLine($"digits: {split[0].Count} train, {split[1].Count} validation, {split[2].Count} test images of 8x8 pixels, 10 classes");

// Subsets of a TensorDataset keep the fast batched path (one gather per batch).
using var train = DataLoader.From(split[0]).Batch(32).Shuffle(seed: 0).Build();
using var valid = DataLoader.From(split[1]).Batch(256).Build();
using var test = DataLoader.From(split[2]).Batch(256).Build();

using var model = Sequential.Create()
    .Linear(64, 256).ReLU().Dropout(0.2)
    .Linear(128).ReLU()
    .Linear(10)                               // raw class scores: CrossEntropy applies log-softmax itself
    .Build();
Console.WriteLine(model.Summary(1, 64));

using var trainer = Trainer.For(model)
    .Loss(Losses.CrossEntropy())
    .Optimizer(Optim.Adam(lr: 1e-3))
    .Schedule(Schedules.CosineAnnealing(tMax: epochs))
    .Metrics(Metrics.Accuracy())
    .Seed(0)
    .ShowProgress()
    .Build();
var history = trainer.Fit(train, valid, epochs);

var result = trainer.Evaluate(test);
Console.WriteLine($"test: loss {result.Loss:F4}, accuracy {100 * result.Values["accuracy"]:F2}% on {result.Samples} images");
model.SaveStateDict(options.File("digits-mlp.pth"));

var plot = options.File("curves.png");
new LinePlot("Digits MLP: loss and accuracy per epoch", "epoch")
    .Curves(history, "loss", "accuracy")
    .SavePng(plot);
Console.WriteLine($"curves: {plot}");
