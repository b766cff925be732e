using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Training;

using Optim = TorchFluent.Optim;

/// <summary>
/// Program "training": samples/s of the reference text's Entire Procedure against PyTorch (benchmarks/peers/training_peer.py)
/// and against the best raw TorchSharp loop, in one run, one thread everywhere.
/// <code>
/// dotnet run -c Release --project benchmarks/TorchFluent.Benchmarks -- training [--pairs 5] [--python /usr/bin/python3]
/// </code>
/// Workload: MLP 10-32-1 (Linear, Sigmoid, Linear), MSE, SGD lr 0.1, batch 16, 20,000 training samples (shuffled)
/// and 5,000 validation samples, 5 epochs each with a validation pass. samples/s = 100,000 training samples / wall
/// time (validation included), as the peer counts. Each pair runs PyTorch once and each C# variant once, back to
/// back; the table gives medians and the median of the per-pair ratios.
/// </summary>
public static class TrainingThroughput
{
    const int TrainSamples = 20_000, ValidSamples = 5_000, Batch = 16, Epochs = 5;

    public static void Run(string[] args)
    {
        var pairs = Options.Int(args, "--pairs", 5);
        var python = Options.Text(args, "--python", "/usr/bin/python3");
        set_num_threads(1);

        var variants = new (string Name, Func<double> Measure)[]
        {
            ("raw TorchSharp, best hand-written loop", RawLoop),
            ("TorchFluent Trainer.Fit", TrainerFit),
            ("TorchFluent hand-written loop (DataLoader + DisposeScope)", FluentLoop),
        };
        var rates = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var peerRates = new List<double>();
        var ratios = variants.ToDictionary(v => v.Name, _ => new List<double>());

        foreach (var (_, measure) in variants) measure(); // warm-up: JIT, libtorch's first-call costs
        for (var pair = 0; pair < pairs; pair++)
        {
            var peer = Peer.Run(python, "procedure", "--repeats", "1")[0].GetProperty("train_samples_per_s").GetDouble();
            peerRates.Add(peer);
            foreach (var (name, measure) in variants)
            {
                var rate = measure();
                rates[name].Add(rate);
                ratios[name].Add(rate / peer);
            }
        }

        Console.WriteLine($"| workload (1 thread) | samples/s (median of {pairs}) | ratio to PyTorch (median of pairs) | ratio to raw TorchSharp |");
        Console.WriteLine("| --- | --- | --- | --- |");
        Console.WriteLine($"| PyTorch 1.13 DataLoader loop (peer) | {Median(peerRates):F0} | 1.00 | |");
        var raw = rates[variants[0].Name];
        foreach (var (name, _) in variants)
        {
            var own = rates[name];
            var toRaw = Median(own.Zip(raw, (a, b) => a / b).ToList());
            Console.WriteLine($"| {name} | {Median(own):F0} | {Median(ratios[name]):F2} | {toRaw:F2} |");
        }
    }

    static (Tensor X, Tensor Y, Tensor VX, Tensor VY) Data()
    {
        manual_seed(0);
        return (randn(TrainSamples, 10), randn(TrainSamples, 1), randn(ValidSamples, 10), randn(ValidSamples, 1));
    }

    static TorchSharp.Modules.Sequential RawModel()
    {
        manual_seed(0);
        return nn.Sequential(("0", nn.Linear(10, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 1)));
    }

    /// <summary>The fastest raw TorchSharp loop we know: randperm + index_select batches, every temporary disposed by hand.</summary>
    static double RawLoop()
    {
        var (x, y, vx, vy) = Data();
        using var _x = x; using var _y = y; using var _vx = vx; using var _vy = vy;
        using var model = RawModel();
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        using var criterion = nn.MSELoss();
        var clock = Stopwatch.StartNew();
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            model.train();
            using var order = randperm(TrainSamples);
            for (long start = 0; start < TrainSamples; start += Batch)
            {
                using var index = order.narrow(0, start, Math.Min(Batch, TrainSamples - start));
                using var xb = x.index_select(0, index);
                using var yb = y.index_select(0, index);
                optimizer.zero_grad();
                using var pred = model.call(xb);
                using var loss = criterion.call(pred, yb);
                loss.backward();
                optimizer.step();
            }
            model.eval();
            double total = 0;
            using (no_grad())
            {
                for (long start = 0; start < ValidSamples; start += Batch)
                {
                    var n = Math.Min(Batch, ValidSamples - start);
                    using var xb = vx.narrow(0, start, n);
                    using var yb = vy.narrow(0, start, n);
                    using var pred = model.call(xb);
                    using var loss = criterion.call(pred, yb);
                    total += loss.item<float>() * n;
                }
            }
            GC.KeepAlive(total);
        }
        return TrainSamples * (double)Epochs / clock.Elapsed.TotalSeconds;
    }

    static double TrainerFit()
    {
        var (x, y, vx, vy) = Data();
        using var _x = x; using var _y = y; using var _vx = vx; using var _vy = vy;
        manual_seed(0);
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
        using var train = DataLoader.From(Dataset.FromTensors(x, y)).Batch(Batch).Shuffle(seed: 0).Build();
        using var valid = DataLoader.From(Dataset.FromTensors(vx, vy)).Batch(Batch).Build();
        var clock = Stopwatch.StartNew();
        Trainer.For(model).Loss(Losses.Mse()).Optimizer(Optim.Sgd(lr: 0.1)).Fit(train, valid, Epochs);
        return TrainSamples * (double)Epochs / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The reference text's loops written with TorchFluent's loader and a DisposeScope per step.</summary>
    static double FluentLoop()
    {
        var (x, y, vx, vy) = Data();
        using var _x = x; using var _y = y; using var _vx = vx; using var _vy = vy;
        manual_seed(0);
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
        using var trSet = DataLoader.From(Dataset.FromTensors(x, y)).Batch(Batch).Shuffle(seed: 0).Build();
        using var dvSet = DataLoader.From(Dataset.FromTensors(vx, vy)).Batch(Batch).Build();
        using var criterion = Losses.Mse();
        using var optimizer = Optim.Sgd(model.Parameters(), lr: 0.1);
        var clock = Stopwatch.StartNew();
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            model.Train();
            foreach (var (xb, yb) in trSet)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = criterion.call(model.call(xb), yb);
                loss.backward();
                optimizer.step();
            }
            model.Eval();
            double total = 0;
            foreach (var (xb, yb) in dvSet)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                total += criterion.call(model.call(xb), yb).item<float>() * xb.shape[0];
            }
            GC.KeepAlive(total);
        }
        return TrainSamples * (double)Epochs / clock.Elapsed.TotalSeconds;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>Runs the PyTorch peer script once and parses its JSON lines.</summary>
internal static class Peer
{
    public static List<JsonElement> Run(string python, params string[] arguments)
    {
        var script = Path.Combine(Options.RepoRoot, "benchmarks", "peers", "training_peer.py");
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{python} {script} failed ({process.ExitCode}): {errors}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}

/// <summary>Command-line options of the benchmark programs.</summary>
internal static class Options
{
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static string Text(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    /// <summary>The repository root: the nearest folder above the working directory or the binary that holds Wrapper.sln.</summary>
    public static string RepoRoot
    {
        get
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                    if (File.Exists(Path.Combine(dir.FullName, "Wrapper.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("Run the benchmarks from inside the repository (Wrapper.sln not found).");
        }
    }
}
