using System.Globalization;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Data;

/// <summary>
/// Program "loader-memory": process RSS over 20 epochs of the loader benchmark's data (100,000 samples of x[10] and
/// y[1], batch 16, shuffled, one thread), for the TensorDataset path and the per-sample path, with the growth from
/// the end of epoch 5 to the end of epoch 20 (target: under 2%).
/// <code>
/// dotnet run -c Release --project benchmarks/TorchFluent.Benchmarks -- loader-memory [--epochs 20] [--collect] [--verbose]
/// </code>
/// </summary>
public static class LoaderMemory
{
    sealed class PerSampleDataset(Tensor x, Tensor y) : Dataset<(Tensor X, Tensor Y)>
    {
        public override int Count => (int)x.shape[0];

        public override (Tensor X, Tensor Y) this[int index] => (x[index], y[index]);
    }

    public static void Run(string[] args)
    {
        var epochs = LoaderThroughput.Option(args, "--epochs", 20);
        var verbose = args.Contains("--verbose");
        // --collect: a full, compacting GC before each reading, so RSS shows native memory and live managed objects
        // rather than how far the GC's first gen0 budget has filled (dead Tensor wrappers waiting for a collection).
        var collect = args.Contains("--collect");
        set_num_threads(1);
        manual_seed(0);
        using var x = randn(100_000, 10);
        using var y = randn(100_000, 1);
        using var tensors = Dataset.FromTensors(x, y);
        var paths = new (string Name, DataLoader<(Tensor X, Tensor Y)> Loader)[]
        {
            ("TensorDataset path", DataLoader.From(tensors).Batch(16).Shuffle(seed: 0).Build()),
            ("per-sample Dataset<T>", DataLoader.From(new PerSampleDataset(x, y)).Batch(16).Shuffle(seed: 0).Build()),
            ("per-sample Dataset<T>, 2 workers", DataLoader.From(new PerSampleDataset(x, y)).Batch(16).Shuffle(seed: 0).Workers(2).Build()),
        };
        Console.WriteLine("| path | RSS after epoch 1 | epoch 5 | epoch 20 | growth 5 -> 20 | live tensors after epoch 20 |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (name, loader) in paths)
        {
            using (loader)
            {
                var rss = new long[epochs + 1];
                for (var epoch = 1; epoch <= epochs; epoch++)
                {
                    foreach (var (xb, yb) in loader)
                    {
                        // Touch the batch the way a training step reads it.
                        _ = xb.shape[0] + yb.shape[0];
                    }
                    if (collect)
                    {
                        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                        GC.WaitForPendingFinalizers();
                    }
                    rss[epoch] = Rss();
                    if (verbose)
                        Console.WriteLine($"  {name} epoch {epoch}: RSS {Mb(rss[epoch])}, managed heap {Mb(GC.GetGCMemoryInfo().HeapSizeBytes)}, GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
                }
                var growth = (rss[epochs] - rss[5]) * 100.0 / rss[5];
                Console.WriteLine($"| {name} | {Mb(rss[1])} | {Mb(rss[5])} | {Mb(rss[epochs])} | {growth.ToString("+0.00;-0.00", CultureInfo.InvariantCulture)}% | {Tensor.TotalCount} |");
            }
        }
    }

    static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MB";

    static long Rss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException("no VmRSS in /proc/self/status");
    }
}
