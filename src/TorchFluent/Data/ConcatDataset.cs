namespace TorchFluent;

/// <summary>
/// The samples of several datasets one after the other (PyTorch's <c>ConcatDataset</c>); create it with
/// <see cref="Dataset.Concat{TSample}(Dataset{TSample}[])"/>.
/// </summary>
/// <typeparam name="TSample">The sample type.</typeparam>
/// <remarks>
/// The sizes of the parts are read when the concatenation is made, as in PyTorch. It does not own the parts:
/// disposing it leaves them alone.
/// </remarks>
public sealed class ConcatDataset<TSample> : Dataset<TSample>
{
    readonly Dataset<TSample>[] datasets;
    readonly int[] ends;

    internal ConcatDataset(Dataset<TSample>[] datasets)
    {
        this.datasets = [.. datasets];
        ends = new int[datasets.Length];
        long total = 0;
        for (var i = 0; i < datasets.Length; i++)
        {
            total += datasets[i].Count;
            if (total > int.MaxValue) throw new ArgumentException(Messages.ConcatTooLarge(total), nameof(datasets));
            ends[i] = (int)total;
        }
    }

    /// <summary>The datasets, in order.</summary>
    public IReadOnlyList<Dataset<TSample>> Datasets => datasets;

    /// <summary>
    /// The running totals of the parts' sizes (PyTorch's <c>cumulative_sizes</c>): part <c>k</c> holds samples
    /// <c>CumulativeSizes[k-1]</c> up to but not including <c>CumulativeSizes[k]</c>.
    /// </summary>
    public IReadOnlyList<int> CumulativeSizes => ends;

    /// <inheritdoc/>
    public override int Count => ends[^1];

    /// <summary>Sample <paramref name="index"/> of the concatenation: the part that holds it, at the offset within it.</summary>
    /// <param name="index">The index, <c>0 &lt;= index &lt; Count</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public override TSample this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(index), index, Messages.IndexOutOfRange(index, Count));
            // The first part whose end is past the index (parts may be empty, so search for end > index).
            int lo = 0, hi = ends.Length - 1;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (ends[mid] > index) hi = mid; else lo = mid + 1;
            }
            var start = lo == 0 ? 0 : ends[lo - 1];
            return datasets[lo][index - start];
        }
    }
}
