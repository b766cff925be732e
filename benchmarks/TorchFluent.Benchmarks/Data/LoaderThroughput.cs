using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Data;

/// <summary>
/// Program "loader": batches/s of TorchFluent's DataLoader against the PyTorch peer (benchmarks/peers/data_loader.py),
/// measured in one run. 100,000 samples of x[10] and y[1], batch 16, shuffled, one thread on both sides.
/// <code>
/// dotnet run -c Release --project benchmarks/TorchFluent.Benchmarks -- loader [--rounds 3] [--epochs 5] [--python /usr/bin/python3] [--no-peer]
/// </code>
/// Each round runs the peer (every mode, a warm-up epoch then --epochs epochs) and then every C# mode the same way;
/// a round's ratio compares medians measured minutes apart at most. The summary gives the median over rounds.
/// </summary>
public static class LoaderThroughput
{
    const int Samples = 100_000, Features = 10, BatchSize = 16;

    /// <summary>The reference text's MyDataset: one sample per call, as (x[i], y[i]).</summary>
    sealed class PerSampleDataset(Tensor x, Tensor y) : Dataset<(Tensor X, Tensor Y)>
    {
        public override int Count => (int)x.shape[0];

        public override (Tensor X, Tensor Y) this[int index] => (x[index], y[index]);
    }

    public static void Run(string[] args)
    {
        var rounds = Option(args, "--rounds", 3);
        var epochs = Option(args, "--epochs", 5);
        var python = OptionText(args, "--python", "/usr/bin/python3");
        var peer = !args.Contains("--no-peer");

        torch.set_num_threads(1);
        torch.manual_seed(0);
        using var x = randn(Samples, Features);
        using var y = randn(Samples, 1);
        using var tensors = Dataset.FromTensors(x, y);
        using var tensorLoader = DataLoader.From(tensors).Batch(BatchSize).Shuffle(seed: 0).Build();
        using var sampleLoader = DataLoader.From(new PerSampleDataset(x, y)).Batch(BatchSize).Shuffle(seed: 0).Build();
        using var torchSharpDataset = torch.utils.data.TensorDataset(x, y);
        using var torchSharpLoader = new TorchSharp.Modules.DataLoader<IList<Tensor>, IList<Tensor>>(
            torchSharpDataset, BatchSize, Collate, shuffle: true, seed: 0, num_worker: 1, disposeDataset: false);

        var modes = new (string Name, Func<int> Epoch)[]
        {
            ("tensor", () => Count(tensorLoader)),
            ("persample", () => Count(sampleLoader)),
            ("handmade", () => Handmade(x, y)),
            ("torchsharp", () => Count(torchSharpLoader)),
        };

        var results = new List<Dictionary<string, double>>();
        for (var round = 0; round < rounds; round++)
        {
            var rates = new Dictionary<string, double>();
            if (peer)
            {
                foreach (var (mode, rate) in RunPeer(python, epochs)) rates["pytorch " + mode] = rate;
            }
            foreach (var (name, epoch) in modes)
            {
                epoch();
                var perEpoch = Enumerable.Range(0, epochs).Select(_ => Rate(epoch)).ToList();
                rates["torchfluent " + name] = Median(perEpoch);
                Console.WriteLine($"round {round + 1}: {name} {Median(perEpoch):F0} batches/s ({string.Join(", ", perEpoch.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))})");
            }
            if (peer) PrintRatios($"round {round + 1}", rates);
            results.Add(rates);
        }

        Console.WriteLine();
        Console.WriteLine($"| measure | median over {rounds} rounds |");
        Console.WriteLine("| --- | --- |");
        foreach (var key in results[0].Keys)
            Console.WriteLine($"| {key} batches/s | {Median(results.Select(r => r[key])):F0} |");
        if (!peer) return;
        foreach (var (label, ours, theirs) in Ratios)
            Console.WriteLine($"| {label} | {Median(results.Select(r => r["torchfluent " + ours] / r["pytorch " + theirs])):F2}x |");
    }

    static readonly (string Label, string Ours, string Theirs)[] Ratios =
    [
        ("TensorDataset path / PyTorch DataLoader(TensorDataset)", "tensor", "tensor"),
        ("per-sample Dataset<T> / PyTorch DataLoader(per-sample Dataset)", "persample", "persample"),
        ("raw TorchSharp randperm + index_select / PyTorch DataLoader(TensorDataset)", "handmade", "tensor"),
        ("TorchSharp's DataLoader / PyTorch DataLoader(TensorDataset)", "torchsharp", "tensor"),
    ];

    static void PrintRatios(string label, Dictionary<string, double> rates)
    {
        foreach (var (name, ours, theirs) in Ratios)
            Console.WriteLine($"{label}: {name}: {rates["torchfluent " + ours] / rates["pytorch " + theirs]:F2}x");
    }

    static int Count<TBatch>(IEnumerable<TBatch> loader)
    {
        var batches = 0;
        foreach (var _ in loader) batches++;
        return batches;
    }

    static int Handmade(Tensor x, Tensor y)
    {
        var batches = 0;
        using var perm = randperm(Samples);
        for (long start = 0; start < Samples; start += BatchSize)
        {
            using var index = perm.narrow(0, start, Math.Min(BatchSize, Samples - start));
            using var xb = x.index_select(0, index);
            using var yb = y.index_select(0, index);
            batches++;
        }
        return batches;
    }

    static IList<Tensor> Collate(IEnumerable<IList<Tensor>> samples, Device device)
    {
        using var scope = NewDisposeScope();
        var list = samples.ToList();
        var batch = new List<Tensor>();
        for (var i = 0; i < list[0].Count; i++)
            batch.Add(stack(list.Select(s => s[i])).MoveToOuterDisposeScope());
        return batch;
    }

    static double Rate(Func<int> epoch)
    {
        var watch = Stopwatch.StartNew();
        var batches = epoch();
        return batches / watch.Elapsed.TotalSeconds;
    }

    static IEnumerable<(string Mode, double Rate)> RunPeer(string python, int epochs)
    {
        var script = Path.Combine(RepoRoot(), "benchmarks", "peers", "data_loader.py");
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("--epochs");
        info.ArgumentList.Add(epochs.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {python}");
        var lines = new List<(string, double)>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            Console.WriteLine($"  pytorch {line}");
            lines.Add((parts[0], double.Parse(parts[1], CultureInfo.InvariantCulture)));
        }
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} exited with {process.ExitCode}");
        return lines;
    }

    internal static string RepoRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Wrapper.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("run from inside the repository");
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static int Option(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    internal static string OptionText(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
