using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Tensors;

/// <summary>
/// Paired, interleaved overhead measurement of the wrapper suites (program "tensor-overhead").
/// </summary>
/// <remarks>
/// BenchmarkDotNet measures one benchmark after another, so on a shared 2-core machine a build running next door
/// during the raw run and not the wrapped one moves the ratio by far more than the 2% being checked. This program
/// runs the very same benchmark methods (the BenchmarkDotNet suites' baseline and wrapper of each category) in
/// alternating batches of about a millisecond, raw first in even rounds and wrapper first in odd ones, and reports the
/// median of the per-round ratios: load that comes and goes hits both sides of a round alike.
/// Usage: tensor-overhead [--rounds N] [--filter text]
/// </remarks>
public static class OverheadProgram
{
    static readonly Type[] Suites =
    [
        typeof(MathBenchmarks), typeof(ShapeBenchmarks), typeof(MatmulBenchmarks), typeof(JoinBenchmarks),
        typeof(CastBenchmarks), typeof(CreationBenchmarks), typeof(AutogradBenchmarks),
    ];

    public static void Run(string[] args)
    {
        var rounds = Option(args, "--rounds", 3001);
        var filter = args.SkipWhile(a => a != "--filter").Skip(1).FirstOrDefault();
        set_num_threads(1);
        Console.WriteLine($"Interleaved paired overhead, {rounds} rounds per pair, 1 libtorch thread, TorchSharp {TorchSharp.torch.__version__} runtime.");
        Console.WriteLine();
        Console.WriteLine("| Suite | Category | raw ns/op | TorchFluent ns/op | ratio (median) | 95% CI of the median | ratio p25-p75 | within 2% |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: |");
        foreach (var suite in Suites)
        {
            var instance = Activator.CreateInstance(suite)!;
            Invoke(suite, instance, typeof(GlobalSetupAttribute));
            try
            {
                foreach (var (category, raw, fluent) in Controls(suite, instance).Concat(Pairs(suite, instance)))
                {
                    if (filter is not null && !category.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
                    var r = Measure(raw, fluent, rounds);
                    var verdict = r.Ratio <= 1.02 ? "yes" : "NO";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {suite.Name} | {category} | {r.RawNs:F1} | {r.FluentNs:F1} | {r.Ratio:F3} | {r.CiLow:F3}-{r.CiHigh:F3} | {r.P25:F3}-{r.P75:F3} | {verdict} |"));
                }
            }
            finally
            {
                Invoke(suite, instance, typeof(GlobalCleanupAttribute));
            }
        }
    }

    static IEnumerable<(string Category, Action Raw, Action Fluent)> Pairs(Type suite, object instance)
    {
        var methods = suite.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).ToList();
        foreach (var group in methods.GroupBy(m => m.GetCustomAttribute<BenchmarkCategoryAttribute>()!.Categories[0]))
        {
            var raw = group.Single(m => m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline);
            var fluent = group.Single(m => !m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline);
            yield return (group.Key, raw.CreateDelegate<Action>(instance), fluent.CreateDelegate<Action>(instance));
        }
    }

    /// <summary>The first baseline measured against itself: the method's own bias and noise floor.</summary>
    static IEnumerable<(string Category, Action Raw, Action Fluent)> Controls(Type suite, object instance)
    {
        if (suite != Suites[0]) yield break;
        var (category, raw, _) = Pairs(suite, instance).First();
        yield return ($"control: {category} raw vs itself", raw, raw);
    }

    sealed record Result(double RawNs, double FluentNs, double Ratio, double CiLow, double CiHigh, double P25, double P75);

    static Result Measure(Action raw, Action fluent, int rounds)
    {
        // Warm up (JIT tiers, libtorch caches), then size batches to about a millisecond each.
        for (var i = 0; i < 3000; i++) { raw(); fluent(); }
        var probe = Stopwatch.StartNew();
        var calls = 0;
        while (probe.Elapsed.TotalMilliseconds < 20) { raw(); calls++; }
        var batch = Math.Max(1, (int)(calls / 40.0)); // about half a millisecond

        var ratios = new double[rounds];
        var rawTimes = new double[rounds];
        var fluentTimes = new double[rounds];
        for (var round = 0; round < rounds; round++)
        {
            double r, f;
            if (round % 2 == 0)
            {
                r = Time(raw, batch);
                f = Time(fluent, batch);
            }
            else
            {
                f = Time(fluent, batch);
                r = Time(raw, batch);
            }
            rawTimes[round] = r / batch;
            fluentTimes[round] = f / batch;
            ratios[round] = f / r;
        }
        Array.Sort(ratios);
        Array.Sort(rawTimes);
        Array.Sort(fluentTimes);
        // Distribution-free 95% confidence interval of the median: order statistics n/2 -+ 1.96 sqrt(n)/2.
        var half = (int)Math.Ceiling(1.96 * Math.Sqrt(rounds) / 2);
        return new Result(Median(rawTimes), Median(fluentTimes), Median(ratios),
            ratios[Math.Max(0, rounds / 2 - half)], ratios[Math.Min(rounds - 1, rounds / 2 + half)],
            ratios[rounds / 4], ratios[rounds * 3 / 4]);
    }

    static double Time(Action action, int batch)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < batch; i++) action();
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds;
    }

    static double Median(double[] sorted) => sorted[sorted.Length / 2];

    static void Invoke(Type suite, object instance, Type attribute)
    {
        foreach (var m in suite.GetMethods().Where(m => m.GetCustomAttribute(attribute) is not null)) m.Invoke(instance, null);
    }

    static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
