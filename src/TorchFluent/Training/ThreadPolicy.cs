using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// How many libtorch threads a trainer uses when the user does not say. libtorch defaults to every core, which is
/// much slower on small models: each op is too small to split and the threads only add synchronisation. Measured on
/// this project's 2-core machine (raw TorchSharp loop, samples/s, 1 vs 2 threads): MLP 10-32-32-1 at batch 16
/// (about 1.4k parameters x 16 samples per step): 66k vs 22k; MLP 100-256-256-10 at batch 64 (94k x 64): 74-84k vs
/// 93-97k; MLP 784-512-512-10 at batch 128 (670k x 128): 20k vs 32k. The work per step, parameters times batch size,
/// separates them: below about a million multiply-adds one thread wins. See benchmarks/RESULTS.md.
/// </summary>
internal static class ThreadPolicy
{
    /// <summary>Parameters x batch size from which all cores pay off.</summary>
    internal const long ParallelWorkThreshold = 1L << 20;

    /// <summary>The thread count for a model trained at a batch size: 1 for small work per step, else libtorch's default (all cores).</summary>
    public static int Choose(long parameterCount, long batchSize, int defaultThreads) =>
        parameterCount * Math.Max(1, batchSize) < ParallelWorkThreshold ? 1 : Math.Max(1, defaultThreads);

    /// <summary>Runs with <paramref name="threads"/> libtorch intra-op threads, then restores the previous setting.</summary>
    public static Scope Use(int threads) => new(threads);

    internal readonly struct Scope : IDisposable
    {
        readonly int previous;

        public Scope(int threads)
        {
            previous = get_num_threads();
            if (threads != previous) set_num_threads(threads);
        }

        public void Dispose()
        {
            if (get_num_threads() != previous) set_num_threads(previous);
        }
    }
}
