using System.Diagnostics;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Training;

using Optim = TorchFluent.Optim;

/// <summary>
/// Program "training-compute": a compute-bound check, MLP 784-512-512-10 at batch 128 (20,000 samples, one epoch,
/// MSE, SGD lr 0.01), Trainer.Fit against PyTorch (training_peer.py compute), one thread on both sides.
/// <code>
/// dotnet run -c Release --project benchmarks/TorchFluent.Benchmarks -- training-compute [--pairs 3]
/// </code>
/// </summary>
public static class TrainingCompute
{
    const int Samples = 20_000;

    public static void Run(string[] args)
    {
        var pairs = Options.Int(args, "--pairs", 3);
        var python = Options.Text(args, "--python", "/usr/bin/python3");
        set_num_threads(1);
        Measure();
        var ours = new List<double>();
        var theirs = new List<double>();
        for (var pair = 0; pair < pairs; pair++)
        {
            theirs.Add(Peer.Run(python, "compute", "--repeats", "1")[0].GetProperty("train_samples_per_s").GetDouble());
            ours.Add(Measure());
        }
        Console.WriteLine("| workload (1 thread) | samples/s (median) | ratio to PyTorch (median of pairs) |");
        Console.WriteLine("| --- | --- | --- |");
        Console.WriteLine($"| PyTorch 1.13 (Debian, OpenBLAS) MLP 784-512-512-10, batch 128 | {TrainingThroughput.Median(theirs):F0} | 1.00 |");
        Console.WriteLine($"| TorchFluent Trainer.Fit, same model | {TrainingThroughput.Median(ours):F0} | {TrainingThroughput.Median(ours.Zip(theirs, (a, b) => a / b).ToList()):F2} |");
    }

    static double Measure()
    {
        manual_seed(0);
        using var x = randn(Samples, 784);
        using var y = randn(Samples, 10);
        using var model = Sequential.Create().Linear(784, 512).ReLU().Linear(512).ReLU().Linear(10).Build();
        using var train = DataLoader.From(Dataset.FromTensors(x, y)).Batch(128).Shuffle(seed: 0).Build();
        var clock = Stopwatch.StartNew();
        // Threads(1): the comparison is one thread against one thread (the automatic policy would take every core here).
        Trainer.For(model).Loss(Losses.Mse()).Optimizer(Optim.Sgd(lr: 0.01)).Threads(1).Fit(train, epochs: 1);
        return Samples / clock.Elapsed.TotalSeconds;
    }
}
