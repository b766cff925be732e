using System.Diagnostics;
using System.Globalization;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Optim;

/// <summary>
/// Program "optim-step": the same comparison as <see cref="OptimizerStepBenchmarks"/>, measured in one process with
/// raw and TorchFluent steps interleaved in alternating blocks, so that load from other processes on a shared machine
/// falls on every side alike. Prints the median time per step of each side and the medians of the per-round ratios
/// (rounds of <c>--steps</c> steps per side).
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
        Console.WriteLine($"| optimizer | raw TorchSharp step | raw, parameter array | TorchFluent step | TorchFluent / raw | TorchFluent / raw with array |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var kind in new[] { "SGD", "Adam" })
        {
            var bench = new OptimizerStepBenchmarks { Optimizer = kind };
            bench.Setup();
            try
            {
                Action[] sides = [bench.RawStep, bench.RawListStep, bench.TorchFluentStep];
                var times = sides.Select(_ => new List<double>()).ToArray();
                var ratios = new List<double>();
                var listRatios = new List<double>();
                foreach (var side in sides) Time(side, steps);
                for (var round = 0; round < rounds; round++)
                {
                    // Rotate which side goes first, so none always runs right after another.
                    var t = new double[sides.Length];
                    for (var k = 0; k < sides.Length; k++)
                    {
                        var s = (k + round) % sides.Length;
                        t[s] = Time(sides[s], steps);
                    }
                    for (var s = 0; s < sides.Length; s++) times[s].Add(t[s]);
                    ratios.Add(t[2] / t[0]);
                    listRatios.Add(t[2] / t[1]);
                }
                Console.WriteLine($"| {kind} | {Median(times[0]):F2} us | {Median(times[1]):F2} us | {Median(times[2]):F2} us | " +
                                  $"{Median(ratios).ToString("F3", CultureInfo.InvariantCulture)} | {Median(listRatios).ToString("F3", CultureInfo.InvariantCulture)} |");
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
