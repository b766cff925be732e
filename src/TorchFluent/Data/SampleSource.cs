using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Makes batches by reading samples through the dataset's indexer and collating them (any dataset, any collation).
/// </summary>
internal sealed class SampleSource<TSample, TBatch>(
    Dataset<TSample> dataset, Collation<TSample, TBatch> collation, BatchOps<TBatch>? ops, LoaderOptions options)
    : BatchSource<TBatch>
{
    readonly Dataset<TSample> dataset = dataset;
    readonly Collation<TSample, TBatch> collation = collation;
    readonly BatchOps<TBatch>? ops = ops;
    readonly LoaderOptions options = options;

    public override EpochBatches<TBatch> OpenEpoch(Epoch epoch)
    {
        epoch.MaterializeOrder();
        return new Batches(this, epoch);
    }

    sealed class Batches(SampleSource<TSample, TBatch> source, Epoch epoch) : EpochBatches<TBatch>
    {
        public override BatchCursor<TBatch> OpenCursor(bool sequential) => new Cursor(source, epoch);
    }

    sealed class Cursor(SampleSource<TSample, TBatch> source, Epoch epoch) : BatchCursor<TBatch>
    {
        // Reused from batch to batch: this cursor serves one thread.
        readonly Collator<TSample, TBatch> collator = source.collation.CreateCollator(epoch.BatchSize);
        readonly int[] indices = new int[epoch.BatchSize];
        readonly BatchScope scope = new();

        public override void Dispose() => scope.Dispose();

        public override TBatch Produce(int batch, CancellationToken cancellationToken)
        {
            var (start, length) = epoch.Range(batch);
            var dataset = source.dataset;
            TBatch result;
            // Everything the indexer and the collation create is registered in the batch's scope. Default collation
            // frees each sample's tensors once they are copied; the scope frees the rest when the batch is made (the
            // batch's own tensors are detached first) or has failed. Tensors that existed before, such as tensors a
            // dataset stores and returns as they are, are not in the scope and stay alive.
            scope.Enter();
            try
            {
                var context = new CollateContext(batch, indices);
                collator.Begin(length, context);
                for (var j = 0; j < length; j++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var index = epoch.SampleAt(start + j);
                    indices[j] = index;
                    TSample sample;
                    try
                    {
                        sample = dataset[index];
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        throw new DataLoaderException(
                            Messages.IndexerFailed(index, batch, TypeNames.OfDataset(dataset.GetType()), dataset.Count, e), batch, index, e);
                    }
                    collator.Add(j, sample, scope);
                }
                result = collator.Finish();
            }
            finally
            {
                // Drop references so samples do not outlive their batch through the collator's buffers.
                collator.Clear();
                scope.Exit();
            }
            if (source.options.Device is { } device) result = source.ops!.MoveTo(result, device, batch);
            return result;
        }
    }
}
