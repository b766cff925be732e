using System.Collections;

namespace TorchFluent;

/// <summary>
/// One epoch of a loader. Owns the batch it last yielded (unless the loader keeps batches) and frees it when asked for
/// the next one or when disposed; owns the epoch's order, its cursor or worker threads.
/// </summary>
internal sealed class DataLoaderEnumerator<TBatch> : IEnumerator<TBatch>
{
    readonly EpochBatches<TBatch> batches;
    readonly Epoch epoch;
    readonly BatchOps<TBatch>? ops;
    readonly LoaderOptions options;
    readonly CancellationToken cancellationToken;
    BatchCursor<TBatch>? cursor;
    WorkerPipeline<TBatch>? workers;
    TBatch current = default!;
    bool hasCurrent;
    bool disposed;
    bool completed;
    bool released;
    int next;

    public DataLoaderEnumerator(EpochBatches<TBatch> batches, Epoch epoch, BatchOps<TBatch>? ops, LoaderOptions options, CancellationToken cancellationToken)
    {
        this.batches = batches;
        this.epoch = epoch;
        this.ops = ops;
        this.options = options;
        this.cancellationToken = cancellationToken;
    }

    public TBatch Current => current;

    object? IEnumerator.Current => current;

    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ReleaseCurrent();
        GarbagePacer.Step();
        if (next >= epoch.BatchCount)
        {
            if (!completed)
            {
                completed = true;
                epoch.Complete();
            }
            Release();
            return false;
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (options.Workers > 0)
        {
            // Started on the first step rather than by GetEnumerator, so an enumerator that is never stepped starts no threads.
            workers ??= new WorkerPipeline<TBatch>(batches, epoch.BatchCount, options.Workers, options.Prefetch, ops);
            current = workers.Take(next, cancellationToken);
        }
        else
        {
            cursor ??= batches.OpenCursor(sequential: true);
            current = cursor.Produce(next, cancellationToken);
        }
        hasCurrent = true;
        next++;
        return true;
    }

    public void Reset() => throw new NotSupportedException(Messages.EnumeratorReset);

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        ReleaseCurrent();
        Release();
    }

    void ReleaseCurrent()
    {
        if (hasCurrent && !options.KeepBatches) ops?.Dispose(current);
        hasCurrent = false;
        current = default!;
    }

    void Release()
    {
        if (released) return;
        released = true;
        workers?.Dispose();
        workers = null;
        cursor?.Dispose();
        cursor = null;
        batches.Dispose();
        epoch.Dispose();
    }
}
