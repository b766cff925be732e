using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>One pass over a dataset: its size, batching, and sample order (fixed when the epoch starts).</summary>
internal sealed class Epoch : IDisposable
{
    long[]? order;
    readonly Action<int>? exhausted;

    public Epoch(int sampleCount, int batchSize, bool dropLast, Tensor? permutation, Action<int>? exhausted = null)
    {
        this.exhausted = exhausted;
        SampleCount = sampleCount;
        BatchSize = batchSize;
        BatchCount = CountBatches(sampleCount, batchSize, dropLast);
        Permutation = permutation;
    }

    public int SampleCount { get; }

    public int BatchSize { get; }

    public int BatchCount { get; }

    /// <summary>The shuffled order as an int64 tensor (owned by the epoch), or null for 0, 1, 2, ...</summary>
    public Tensor? Permutation { get; }

    public static int CountBatches(int samples, int batchSize, bool dropLast) =>
        dropLast ? samples / batchSize : (int)(((long)samples + batchSize - 1) / batchSize);

    /// <summary>The first position in the epoch's order and the number of samples of batch <paramref name="batch"/>.</summary>
    public (int Start, int Length) Range(int batch)
    {
        var start = batch * BatchSize;
        return (start, Math.Min(BatchSize, SampleCount - start));
    }

    /// <summary>The number of positions of the order that batches use (all but a dropped short batch).</summary>
    public int UsedSamples => Math.Min(SampleCount, BatchCount * BatchSize);

    /// <summary>Copies the order to managed memory, for sources that read samples one by one. Call before sharing the epoch.</summary>
    public void MaterializeOrder()
    {
        if (Permutation is not null && order is null) order = Permutation.data<long>().ToArray();
    }

    /// <summary>The dataset index at a position of the epoch's order (after <see cref="MaterializeOrder"/>).</summary>
    public int SampleAt(int position) => order is null ? position : (int)order[position];

    /// <summary>Called once when the epoch has been read to the end (not when the loop stopped early).</summary>
    public void Complete() => exhausted?.Invoke(SampleCount);

    public void Dispose() => Permutation?.Dispose();
}
