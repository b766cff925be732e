namespace TorchFluent;

/// <summary>Where a loader's batches come from: samples read one by one, or rows gathered from whole tensors.</summary>
internal abstract class BatchSource<TBatch>
{
    /// <summary>Prepares one epoch (called on the enumerating thread, before any worker starts).</summary>
    public abstract EpochBatches<TBatch> OpenEpoch(Epoch epoch);
}

/// <summary>An epoch's batches: shared by the threads that make them, each through its own cursor.</summary>
internal abstract class EpochBatches<TBatch> : IDisposable
{
    /// <summary>
    /// A cursor for one thread. <paramref name="sequential"/>: the thread asks for batches 0, 1, 2, ... in order, so the
    /// cursor may prepare several at once.
    /// </summary>
    public abstract BatchCursor<TBatch> OpenCursor(bool sequential);

    public virtual void Dispose()
    {
    }
}

/// <summary>Makes batches for one thread.</summary>
internal abstract class BatchCursor<TBatch> : IDisposable
{
    /// <summary>
    /// Makes batch <paramref name="batch"/>: its tensors are new, belong to no DisposeScope, and are on the loader's
    /// device. Throws <see cref="DataLoaderException"/> when the batch cannot be made.
    /// </summary>
    public abstract TBatch Produce(int batch, CancellationToken cancellationToken);

    public virtual void Dispose()
    {
    }
}
