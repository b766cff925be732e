using System.Diagnostics;
using System.Globalization;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Optim;

/// <summary>
/// Program "optim-step": the same comparison as <see cref="OptimizerStepBenchmarks"/>, measured in one process with
/// raw and TorchFluent steps interleaved in alternating blocks, so that load from other processes on a shared machine
/// falls on both sides alike. Prints the median time per step of each side and the median of the per-round ratios.
/// <code>
/// dotnet run -c Release --project benchmarks/TorchFluent.Benchmarks -- optim-step [--rounds 41] [--steps 2000]
/// </code>
/// </summary>
public static class OptimizerStepInterleaved
{
    public static void Run(string[] args)
    {
        var rounds = Option(args, "--rounds", 41);
        var steps = Option(args, "--steps", 2000);
        set_num_threads(1);
        Console.WriteLine($"| optimizer | raw TorchSharp step | TorchFluent step | ratio (median of {rounds} rounds of {steps} steps) |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var kind in new[] { "SGD", "Adam" })
        {
            var bench = new OptimizerStepBenchmarks { Optimizer = kind };
            bench.Setup();
            try
            {
                var raw = new List<double>();
                var fluent = new List<double>();
                var ratios = new List<double>();
                Time(bench.RawStep, steps);
                Time(bench.TorchFluentStep, steps);
                for (var round = 0; round < rounds; round++)
                {
                    // Alternate which side goes first, so neither always runs right after the other.
                    double r, f;
                    if (round % 2 == 0)
                    {
                        r = Time(bench.RawStep, steps);
                        f = Time(bench.TorchFluentStep, steps);
                    }
                    else
                    {
                        f = Time(bench.TorchFluentStep, steps);
                        r = Time(bench.RawStep, steps);
                    }
                    raw.Add(r);
                    fluent.Add(f);
                    ratios.Add(f / r);
                }
                Console.WriteLine($"| {kind} | {Median(raw):F2} us | {Median(fluent):F2} us | {Median(ratios).ToString("F3", CultureInfo.InvariantCulture)} |");
            }
            finally
            {
                bench.Cleanup();
            }
        }
    }

    /// <summary>Microseconds per call of <paramref name="step"/>, over <paramref name="steps"/> calls.</summary>
    static double Time(Action step, int steps)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) step();
        return clock.Elapsed.TotalMicroseconds / steps;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
