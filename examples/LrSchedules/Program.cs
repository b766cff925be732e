// LrSchedules: the reference text's LambdaLR and its friends. Prints the learning rate each schedule sets per epoch
// (LambdaLR with 0.95^epoch from 0.1 gives 0.1, 0.095, 0.09025, 0.0857375, 0.081450625 ...), plots every curve, then
// trains a small model on the diabetes data with LambdaLR, logging the rate per epoch.
//   dotnet run --project examples/LrSchedules [-- --smoke | --epochs N | --out FOLDER]
using System.Globalization;
using TorchFluent;
using TorchFluent.Examples;
using static TorchSharp.torch;

var options = ExampleOptions.Parse(args, "LrSchedules");
var epochs = options.Epochs(full: 30, smoke: 6);
manual_seed(0);

var schedules = new (string Name, SchedulerSpec Spec)[]
{
    ("LambdaLR 0.95^e", Schedules.Lambda(epoch => Math.Pow(0.95, epoch))),
    ("StepLR 10, 0.5", Schedules.Step(stepSize: 10, gamma: 0.5)),
    ("MultiStepLR 5,15", Schedules.MultiStep([5, 15], gamma: 0.3)),
    ("ExponentialLR 0.9", Schedules.Exponential(gamma: 0.9)),
    ("CosineAnnealingLR", Schedules.CosineAnnealing(tMax: epochs)),
    ("warm-up + cosine", Schedules.Sequential([Schedules.Linear(startFactor: 0.1, totalIters: 5), Schedules.CosineAnnealing(tMax: epochs - 5)], milestones: [5])),
    ("OneCycleLR", Schedules.OneCycle(maxLr: 0.1, totalSteps: epochs + 1)),
};

var curves = new List<(string Name, double[] Rates)>();
foreach (var (name, spec) in schedules)
{
    // Each schedule drives its own optimizer (lr 0.1) over one parameter; the optimizer steps before the scheduler,
    // as PyTorch requires.
    using var weight = new TorchSharp.Modules.Parameter(zeros(1));
    using var optimizer = Optim.Sgd([weight], lr: 0.1);
    var scheduler = spec.Build(optimizer);
    var rates = new double[epochs];
    for (var epoch = 0; epoch < epochs; epoch++)
    {
        rates[epoch] = optimizer.LearningRate;
        optimizer.step();
        scheduler.step();
    }
    curves.Add((name, rates));
}

Console.WriteLine("epoch | " + string.Join(" | ", curves.Select(c => c.Name)));
for (var epoch = 0; epoch < epochs; epoch++)
    Console.WriteLine($"{epoch,5} | " + string.Join(" | ", curves.Select(c => c.Rates[epoch].ToString("G6", CultureInfo.InvariantCulture).PadLeft(c.Name.Length))));

var plot = new LinePlot("Learning rate per epoch", "epoch");
foreach (var (name, rates) in curves.Take(5)) plot.Add(name, Enumerable.Range(0, epochs).Select(e => (double)e).ToArray(), rates);
plot.SavePng(options.File("schedules.png"));
var second = new LinePlot("Warm-up and one-cycle schedules", "epoch");
foreach (var (name, rates) in curves.Skip(5)) second.Add(name, Enumerable.Range(0, epochs).Select(e => (double)e).ToArray(), rates);
second.SavePng(options.File("warmup-onecycle.png"));
Console.WriteLine($"plots: {options.File("schedules.png")}, {options.File("warmup-onecycle.png")}");

// Training with LambdaLR: the rate in effect during each epoch is logged and recorded in the history.
var (features, target) = ShippedData.Diabetes();
using var _f = features;
using var _t = target;
using var xScale = new Standardizer(features);
using var yScale = new Standardizer(target);
using var x = xScale.Apply(features);
using var y = yScale.Apply(target);
using var loader = DataLoader.From(Dataset.FromTensors(x, y)).Batch(16).Shuffle(seed: 0).Build();
using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
var history = Trainer.For(model)
    .Loss(Losses.Mse())
    .Optimizer(Optim.Sgd(lr: 0.1))
    .Schedule(Schedules.Lambda(epoch => Math.Pow(0.95, epoch)))
    .Callbacks(Callbacks.LearningRateLogger(Console.Out))
    .Fit(loader, epochs: Math.Min(epochs, 10));
Console.WriteLine($"training loss {history["loss"][0]:F4} -> {history["loss"][^1]:F4}");
