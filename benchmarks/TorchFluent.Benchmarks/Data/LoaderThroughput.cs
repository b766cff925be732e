using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Data;

/// <summary>
/// Program "loader": batches/s of TorchFluent's DataLoader against the PyTorch peer (benchmarks/peers/data_loader.py),
/// in one run. 100,000 samples of x[10] and y[1], batch 16, shuffled, one thread on both sides.
/// <code>
/// dotnet run -c Release --project benchmarks/TorchFluent.Benchmarks -- loader [--pairs 15] [--modes persample,indexer] [--python /usr/bin/python3]
/// dotnet run -c Release --project benchmarks/TorchFluent.Benchmarks -- loader --self [--pairs 15]   (the loader's own cost per batch, no peer)
/// </code>
/// The peer runs as a child process serving measurements on request. For each comparison the program alternates a
/// PyTorch measurement and a C# one, --pairs times, and reports the median of the pairs' ratios: on a machine whose
/// speed drifts, each pair is measured under nearly the same conditions. A measurement is as many whole epochs as
/// take about half a second on that side (counted after a warm-up epoch), so short epochs are not timer noise.
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

    /// <summary>What is compared: a C# epoch against a PyTorch epoch.</summary>
    sealed record Comparison(string Label, string Ours, string Theirs);

    static readonly Comparison[] Comparisons =
    [
        new("TorchFluent TensorDataset path / PyTorch DataLoader(TensorDataset)", "tensor", "tensor"),
        new("TorchFluent per-sample Dataset<T> / PyTorch DataLoader(per-sample Dataset)", "persample", "persample"),
        new("raw TorchSharp randperm + index_select / PyTorch DataLoader(TensorDataset)", "handmade", "tensor"),
        new("TorchSharp's own DataLoader(TensorDataset) / PyTorch DataLoader(TensorDataset)", "torchsharp", "tensor"),
        new("C# per-sample indexer alone, no loader / PyTorch DataLoader(per-sample Dataset)", "indexer", "persample"),
        new("C# per-sample indexer alone / Python per-sample indexer alone", "indexer", "indexer"),
    ];

    public static void Run(string[] args)
    {
        var pairs = Option(args, "--pairs", 15);
        var python = OptionText(args, "--python", "/usr/bin/python3");
        var only = OptionText(args, "--modes", "").Split(',', StringSplitOptions.RemoveEmptyEntries);

        torch.set_num_threads(1);
        torch.manual_seed(0);
        using var x = randn(Samples, Features);
        using var y = randn(Samples, 1);
        using var tensors = Dataset.FromTensors(x, y);
        using var tensorLoader = DataLoader.From(tensors).Batch(BatchSize).Shuffle(seed: 0).Build();
        var perSample = new PerSampleDataset(x, y);
        using var sampleLoader = DataLoader.From(perSample).Batch(BatchSize).Shuffle(seed: 0).Build();
        using var torchSharpDataset = torch.utils.data.TensorDataset(x, y);
        using var torchSharpLoader = new TorchSharp.Modules.DataLoader<IList<Tensor>, IList<Tensor>>(
            torchSharpDataset, BatchSize, Collate, shuffle: true, seed: 0, num_worker: 1, disposeDataset: false);

        var ours = new Dictionary<string, Func<int>>
        {
            ["tensor"] = () => Count(tensorLoader),
            ["persample"] = () => Count(sampleLoader),
            ["handmade"] = () => Handmade(x, y),
            ["torchsharp"] = () => Count(torchSharpLoader),
            ["indexer"] = () => IndexerOnly(perSample),
        };

        if (args.Contains("--self"))
        {
            SelfCost(ours["persample"], ours["indexer"], pairs);
            return;
        }

        using var peer = new Peer(python);
        Console.WriteLine($"| comparison | median ratio of {pairs} paired epochs | C# batches/s (median) | PyTorch batches/s (median) | ratio range |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var comparison in Comparisons.Where(c => only.Length == 0 || only.Contains(c.Ours)))
        {
            // Warm-up epochs, which also tell how many epochs make half a second on each side.
            var theirEpochs = EpochsFor(peer.Epochs(comparison.Theirs, 1));
            var ourEpochs = EpochsFor(Rate(ours[comparison.Ours], 1));
            var ratios = new List<double>();
            var oursRates = new List<double>();
            var theirRates = new List<double>();
            for (var i = 0; i < pairs; i++)
            {
                var theirs = peer.Epochs(comparison.Theirs, theirEpochs);
                var rate = Rate(ours[comparison.Ours], ourEpochs);
                theirRates.Add(theirs);
                oursRates.Add(rate);
                ratios.Add(rate / theirs);
            }
            ratios.Sort();
            Console.WriteLine(
                $"| {comparison.Label} | {Median(ratios):F2}x | {Median(oursRates):F0} | {Median(theirRates):F0} | " +
                $"{ratios[0]:F2}x to {ratios[^1]:F2}x |");
        }
    }

    /// <summary>
    /// The loader's own cost on a per-sample dataset, without the peer: rounds of an epoch through the loader, an epoch
    /// through the loader with a DisposeScope of its own for every batch (the path taken when TorchSharp's internals
    /// cannot be used, see BatchScope), and an epoch of the bare indexer, in the same process. The differences per batch
    /// are what collation and the loader add, and what reusing one scope saves.
    /// </summary>
    static void SelfCost(Func<int> loader, Func<int> indexer, int pairs)
    {
        int ScopePerBatch()
        {
            BatchScope.Disabled = true;
            try
            {
                return loader();
            }
            finally
            {
                BatchScope.Disabled = false;
            }
        }

        Rate(loader, 1);
        Rate(ScopePerBatch, 1);
        Rate(indexer, 1);
        var (loaderTimes, perBatchTimes, indexerTimes) = (new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < pairs; i++)
        {
            loaderTimes.Add(1e6 / Rate(loader, 2));
            perBatchTimes.Add(1e6 / Rate(ScopePerBatch, 2));
            indexerTimes.Add(1e6 / Rate(indexer, 2));
        }
        static string Spread(List<double> a, List<double> b)
        {
            var d = a.Zip(b, (x, y) => x - y).Order().ToList();
            return $"{Median(d):F2} us per batch (range {d[0]:F2} to {d[^1]:F2})";
        }
        Console.WriteLine($"per-sample loader {1e6 / Median(loaderTimes):F0} batches/s, indexer alone {1e6 / Median(indexerTimes):F0} batches/s");
        Console.WriteLine($"loader's own cost: {Spread(loaderTimes, indexerTimes)}");
        Console.WriteLine($"with a DisposeScope per batch instead: {Spread(perBatchTimes, indexerTimes)}; difference {Spread(perBatchTimes, loaderTimes)}");
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

    /// <summary>
    /// The user's indexer over a shuffled epoch, 16 samples at a time, each sample disposed: what any loader must at
    /// least spend on a per-sample dataset, before collating anything.
    /// </summary>
    static int IndexerOnly(PerSampleDataset dataset)
    {
        var batches = 0;
        using var perm = randperm(Samples);
        var order = perm.data<long>().ToArray();
        for (var start = 0; start < Samples; start += BatchSize)
        {
            for (var i = start; i < Math.Min(start + BatchSize, Samples); i++)
            {
                var (xs, ys) = dataset[(int)order[i]];
                xs.Dispose();
                ys.Dispose();
            }
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

    const double MeasureSeconds = 0.5;

    static int EpochsFor(double batchesPerSecond) =>
        Math.Max(1, (int)Math.Ceiling(MeasureSeconds * batchesPerSecond / (Samples / BatchSize)));

    static double Rate(Func<int> epoch, int epochs)
    {
        var watch = Stopwatch.StartNew();
        var batches = 0;
        for (var i = 0; i < epochs; i++) batches += epoch();
        return batches / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The PyTorch peer in --serve mode: one epoch per request.</summary>
    sealed class Peer : IDisposable
    {
        readonly Process process;

        public Peer(string python)
        {
            var script = Path.Combine(RepoRoot(), "benchmarks", "peers", "data_loader.py");
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
            info.ArgumentList.Add(script);
            info.ArgumentList.Add("--serve");
            process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {python} {script}");
        }

        public double Epochs(string mode, int epochs)
        {
            process.StandardInput.WriteLine($"{mode} {epochs}");
            process.StandardInput.Flush();
            var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the PyTorch peer stopped");
            return double.Parse(line, CultureInfo.InvariantCulture);
        }

        public void Dispose()
        {
            process.StandardInput.WriteLine();
            process.StandardInput.Close();
            process.WaitForExit();
            process.Dispose();
        }
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
