using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

public abstract partial class Dataset
{
    /// <summary>
    /// Splits <paramref name="dataset"/> into non-overlapping random subsets of the given sizes (PyTorch's
    /// <c>random_split(dataset, lengths, generator)</c>). With a seed the split equals PyTorch's with
    /// <c>generator=torch.Generator().manual_seed(seed)</c>, index for index.
    /// </summary>
    /// <typeparam name="TSample">The sample type.</typeparam>
    /// <param name="dataset">The dataset to split; the subsets read it and do not own it.</param>
    /// <param name="lengths">The size of each subset; they must add up to <c>dataset.Count</c>.</param>
    /// <param name="seed">The seed of the permutation.</param>
    /// <returns>One subset per length, in order; <c>var (train, valid) = ...</c> deconstructs two or three.</returns>
    /// <exception cref="ArgumentException">A length is negative or the lengths do not add up to the dataset's size.</exception>
    public static Subset<TSample>[] RandomSplit<TSample>(Dataset<TSample> dataset, IReadOnlyList<int> lengths, long seed) =>
        SplitByLengths(dataset, lengths, seed);

    /// <summary>
    /// Splits <paramref name="dataset"/> into non-overlapping random subsets of the given sizes, drawing the
    /// permutation from TorchSharp's global generator (as PyTorch's <c>random_split</c> without a generator;
    /// reproducible after <c>torch.manual_seed</c>). Prefer the overload with a seed.
    /// </summary>
    /// <typeparam name="TSample">The sample type.</typeparam>
    /// <param name="dataset">The dataset to split; the subsets read it and do not own it.</param>
    /// <param name="lengths">The size of each subset; they must add up to <c>dataset.Count</c>.</param>
    /// <returns>One subset per length, in order.</returns>
    /// <exception cref="ArgumentException">A length is negative or the lengths do not add up to the dataset's size.</exception>
    public static Subset<TSample>[] RandomSplit<TSample>(Dataset<TSample> dataset, IReadOnlyList<int> lengths) =>
        SplitByLengths(dataset, lengths, null);

    static Subset<TSample>[] SplitByLengths<TSample>(Dataset<TSample> dataset, IReadOnlyList<int> lengths, long? seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(lengths);
        TorchRuntime.EnsureLoaded();
        for (var i = 0; i < lengths.Count; i++)
            if (lengths[i] < 0) throw new ArgumentException(Messages.SplitNegativeLength(i, lengths[i]), nameof(lengths));
        var count = dataset.Count;
        var sum = lengths.Sum(l => (long)l);
        if (sum != count) throw new ArgumentException(Messages.SplitLengthsSum(lengths, sum, count), nameof(lengths));
        return Split(dataset, [.. lengths], seed);
    }

    /// <summary>
    /// Splits <paramref name="dataset"/> into non-overlapping random subsets holding the given fractions of it
    /// (PyTorch's <c>random_split(dataset, [0.8, 0.2], generator)</c>): each subset gets <c>floor(Count * fraction)</c>
    /// samples and what is left is handed out one by one from the first subset on, as PyTorch does. With a seed the
    /// split equals PyTorch's with <c>generator=torch.Generator().manual_seed(seed)</c>.
    /// </summary>
    /// <typeparam name="TSample">The sample type.</typeparam>
    /// <param name="dataset">The dataset to split; the subsets read it and do not own it.</param>
    /// <param name="fractions">Fractions between 0 and 1 that add up to 1.</param>
    /// <param name="seed">The seed of the permutation.</param>
    /// <returns>One subset per fraction, in order; <c>var (train, valid) = ...</c> deconstructs two or three.</returns>
    /// <exception cref="ArgumentException">A fraction is outside [0, 1] or the fractions do not add up to 1.</exception>
    public static Subset<TSample>[] RandomSplit<TSample>(Dataset<TSample> dataset, IReadOnlyList<double> fractions, long seed) =>
        SplitByFractions(dataset, fractions, seed);

    /// <summary>
    /// Splits <paramref name="dataset"/> into random subsets holding the given fractions of it, drawing the
    /// permutation from TorchSharp's global generator (as PyTorch without a generator). Prefer the overload with a seed.
    /// </summary>
    /// <typeparam name="TSample">The sample type.</typeparam>
    /// <param name="dataset">The dataset to split; the subsets read it and do not own it.</param>
    /// <param name="fractions">Fractions between 0 and 1 that add up to 1.</param>
    /// <returns>One subset per fraction, in order.</returns>
    /// <exception cref="ArgumentException">A fraction is outside [0, 1] or the fractions do not add up to 1.</exception>
    public static Subset<TSample>[] RandomSplit<TSample>(Dataset<TSample> dataset, IReadOnlyList<double> fractions) =>
        SplitByFractions(dataset, fractions, null);

    static Subset<TSample>[] SplitByFractions<TSample>(Dataset<TSample> dataset, IReadOnlyList<double> fractions, long? seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(fractions);
        TorchRuntime.EnsureLoaded();
        for (var i = 0; i < fractions.Count; i++)
        {
            if (!(fractions[i] >= 0 && fractions[i] <= 1))
                throw new ArgumentException(Messages.SplitFractionRange(i, fractions[i]), nameof(fractions));
        }
        var total = fractions.Sum();
        // PyTorch: math.isclose(sum, 1) (relative tolerance 1e-9) and sum <= 1.
        if (!(Math.Abs(total - 1) <= 1e-9 * Math.Max(Math.Abs(total), 1) && total <= 1))
            throw new ArgumentException(Messages.SplitFractionsSum(fractions, total), nameof(fractions));
        var count = dataset.Count;
        var lengths = fractions.Select(f => (int)Math.Floor(count * f)).ToArray();
        var remainder = count - lengths.Sum();
        for (var i = 0; i < remainder; i++) lengths[i % lengths.Length]++;
        return Split(dataset, lengths, seed);
    }

    static Subset<TSample>[] Split<TSample>(Dataset<TSample> dataset, int[] lengths, long? seed)
    {
        var total = lengths.Sum();
        long[] permutation;
        // PyTorch: randperm(sum(lengths), generator=generator). A seeded TorchSharp generator draws the same numbers.
        using (var generator = seed is { } s ? new torch.Generator(unchecked((ulong)s)) : null)
        using (var perm = torch.randperm(total, ScalarType.Int64, generator: generator))
        {
            permutation = perm.data<long>().ToArray();
        }
        var result = new Subset<TSample>[lengths.Length];
        var offset = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            var indices = new int[lengths[i]];
            for (var j = 0; j < indices.Length; j++) indices[j] = (int)permutation[offset + j];
            offset += lengths[i];
            result[i] = new Subset<TSample>(dataset, indices);
        }
        return result;
    }
}
