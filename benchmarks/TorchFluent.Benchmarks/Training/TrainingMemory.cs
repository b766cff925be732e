using System.Globalization;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Training;

using Optim = TorchFluent.Optim;

/// <summary>
/// Program "training-memory": resident memory of Trainer.Fit over many epochs of the reference text's procedure
/// (MLP 10-32-1, MSE, SGD 0.1, batch 16, 20,000 + 5,000 samples), against PyTorch's (training_peer.py rss).
/// <code>
/// dotnet run -c Release --project benchmarks/TorchFluent.Benchmarks -- training-memory [--epochs 50] [--verbose] [--collect]
/// </code>
/// Reports RSS after epoch 5 and after the last epoch (growth must stay under 2%) and the peak RSS of both processes.
/// </summary>
public static class TrainingMemory
{
    public static void Run(string[] args)
    {
        var epochs = Options.Int(args, "--epochs", 50);
        var python = Options.Text(args, "--python", "/usr/bin/python3");
        set_num_threads(1);
        manual_seed(0);
        using var x = randn(20_000, 10);
        using var y = randn(20_000, 1);
        using var vx = randn(5_000, 10);
        using var vy = randn(5_000, 1);
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
        using var train = DataLoader.From(Dataset.FromTensors(x, y)).Batch(16).Shuffle(seed: 0).Build();
        using var valid = DataLoader.From(Dataset.FromTensors(vx, vy)).Batch(16).Build();
        var rss = new List<double>();
        var verbose = args.Contains("--verbose");
        // --collect: a full collection before each reading takes out the sawtooth of the GC's gen0 budget (a few MB of
        // not-yet-collected managed garbage), so what remains is the trend: native memory and surviving objects.
        var collect = args.Contains("--collect");
        Trainer.For(model).Loss(Losses.Mse()).Optimizer(Optim.Sgd(lr: 0.1))
            .Callbacks(Callbacks.OnEpochEnd((_, epoch) =>
            {
                if (collect)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                }
                rss.Add(Rss("VmRSS"));
                if (verbose)
                    Console.WriteLine($"epoch {epoch.Epoch}: RSS {rss[^1]:F1} MB, managed heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F1} MB (committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:F1} MB), gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F1} MB");
            }))
            .Fit(train, valid, epochs);
        var peak = Rss("VmHWM");
        var peer = Peer.Run(python, "rss", "--epochs", epochs.ToString(CultureInfo.InvariantCulture))[0];

        Console.WriteLine("| process | RSS after epoch 5 (MB) | RSS after last epoch (MB) | growth epoch 5 -> last | peak RSS (MB) |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        Console.WriteLine($"| PyTorch 1.13 ({epochs} epochs) | {peer.GetProperty("rss_mb_epoch5").GetDouble():F1} | {peer.GetProperty("rss_mb_last").GetDouble():F1} | {peer.GetProperty("growth_percent").GetDouble():F2}% | {peer.GetProperty("peak_rss_mb").GetDouble():F1} |");
        Console.WriteLine($"| TorchFluent Trainer.Fit ({epochs} epochs) | {rss[4]:F1} | {rss[^1]:F1} | {100 * (rss[^1] - rss[4]) / rss[4]:F2}% | {peak:F1} |");
    }

    /// <summary>A memory figure of this process from /proc/self/status, in MB.</summary>
    static double Rss(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
            var kb = double.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return kb / 1024;
        }
        throw new InvalidOperationException($"/proc/self/status has no {field}.");
    }
}
