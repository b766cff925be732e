using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace TorchFluent;

/// <summary>
/// Makes an epoch's batches on background threads (PyTorch's <c>num_workers</c>). Worker <c>w</c> makes batches
/// <c>w, w + W, w + 2W, ...</c> into its own bounded queue, and the consumer takes batch <c>b</c> from queue
/// <c>b % W</c>: batches arrive in order, each worker holds at most <c>prefetch</c> finished batches, and since the
/// consumer drains the queues in the order the workers fill them, neither side can wait on the other forever.
/// A worker that fails puts its exception in its queue in place of the batch, so it surfaces on the consumer at
/// that batch.
/// </summary>
internal sealed class WorkerPipeline<TBatch> : IDisposable
{
    // How long disposal waits for a worker still inside a dataset's indexer. Workers check for cancellation between
    // samples, so this only matters for an indexer that blocks; its thread is a background thread and cleans up after
    // itself when the indexer returns.
    static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(10);

    readonly EpochBatches<TBatch> batches;
    readonly int batchCount;
    readonly BatchOps<TBatch>? ops;
    readonly BlockingCollection<Item>[] queues;
    readonly Thread[] threads;
    readonly CancellationTokenSource stop = new();

    public WorkerPipeline(EpochBatches<TBatch> batches, int batchCount, int workers, int prefetch, BatchOps<TBatch>? ops)
    {
        this.batches = batches;
        this.batchCount = batchCount;
        this.ops = ops;
        var count = Math.Min(workers, batchCount);
        queues = new BlockingCollection<Item>[count];
        threads = new Thread[count];
        for (var w = 0; w < count; w++)
        {
            queues[w] = new BlockingCollection<Item>(new ConcurrentQueue<Item>(), prefetch);
            var worker = w;
            threads[w] = new Thread(() => Run(worker)) { IsBackground = true, Name = $"TorchFluent DataLoader worker {w}" };
        }
        foreach (var thread in threads) thread.Start();
    }

    /// <summary>Takes batch <paramref name="batch"/>; waits for it, rethrows its worker's exception.</summary>
    public TBatch Take(int batch, CancellationToken cancellationToken)
    {
        var queue = queues[batch % queues.Length];
        Item item;
        try
        {
            item = queue.Take(cancellationToken);
        }
        catch (InvalidOperationException) when (queue.IsCompleted)
        {
            // A worker stops early only after queueing its failure or when stopped, so this is never expected.
            throw new InvalidOperationException(Messages.WorkerEndedEarly(batch));
        }
        item.Failure?.Throw();
        return item.Batch;
    }

    void Run(int worker)
    {
        var queue = queues[worker];
        var token = stop.Token;
        BatchCursor<TBatch>? cursor = null;
        try
        {
            cursor = batches.OpenCursor(sequential: false);
            for (var b = worker; b < batchCount && !token.IsCancellationRequested; b += queues.Length)
            {
                TBatch batch;
                try
                {
                    batch = cursor.Produce(b, token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    queue.Add(new Item(default!, ExceptionDispatchInfo.Capture(e)), token);
                    return;
                }
                try
                {
                    queue.Add(new Item(batch, null), token);
                }
                catch
                {
                    ops?.Dispose(batch);
                    throw;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            // Opening the cursor failed: report it at this worker's first batch.
            try
            {
                queue.Add(new Item(default!, ExceptionDispatchInfo.Capture(e)), token);
            }
            catch (Exception)
            {
            }
        }
        finally
        {
            cursor?.Dispose();
            try
            {
                queue.CompleteAdding();
                // Stopped while batches were waiting: nobody will take them now.
                if (token.IsCancellationRequested) Drain(queue);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    void Drain(BlockingCollection<Item> queue)
    {
        while (queue.TryTake(out var item))
        {
            if (item.Failure is null) ops?.Dispose(item.Batch);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        var finished = true;
        foreach (var thread in threads) finished &= thread.Join(JoinTimeout);
        foreach (var queue in queues) Drain(queue);
        // A worker still inside an indexer uses its queue when it returns: leave the queues and token to the GC then.
        if (!finished) return;
        foreach (var queue in queues) queue.Dispose();
        stop.Dispose();
    }

    readonly record struct Item(TBatch Batch, ExceptionDispatchInfo? Failure);
}
