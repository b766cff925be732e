using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// The fast path for datasets whose samples are rows of whole tensors (<see cref="TensorDataset{TSample}"/> and subsets
/// of it): no per-sample reads and no stacking. A sequential cursor gathers the rows of a block of consecutive batches
/// with one <c>index_select</c> per tensor, then hands out each batch as a view (<c>narrow</c>) of that block, so a
/// batch costs two native calls per tensor. Batches never alias the dataset: a block is a copy, and the views of a
/// block do not overlap.
/// </summary>
internal sealed class GatherSource<TBatch>(TensorRows rows, Func<Tensor[], TBatch> makeBatch, LoaderOptions options)
    : BatchSource<TBatch>
{
    readonly TensorRows rows = rows;
    readonly Func<Tensor[], TBatch> makeBatch = makeBatch;
    readonly LoaderOptions options = options;

    // A block holds up to this many batches and about this many bytes: enough to make the gather's fixed cost
    // negligible per batch, small enough that a batch kept by the caller (which keeps its block alive) costs little.
    const int MaxBatchesPerBlock = 64;
    const long BlockBytes = 1 << 20;

    public override EpochBatches<TBatch> OpenEpoch(Epoch epoch)
    {
        // The rows of the underlying tensors in this epoch's order: the permutation mapped through a subset's rows.
        Tensor? order = null;
        var owned = false;
        if (epoch.Permutation is { } permutation)
        {
            if (rows.RowMap is { } map)
            {
                order = map.index_select(0, permutation).DetachFromDisposeScope();
                owned = true;
            }
            else
            {
                order = permutation;
            }
        }
        else
        {
            order = rows.RowMap;
        }
        var device = rows.Columns[0].device;
        if (order is not null && order.device_type != device.type)
        {
            var moved = order.to(device).DetachFromDisposeScope();
            if (owned) order.Dispose();
            (order, owned) = (moved, true);
        }
        long bytesPerSample = 0;
        foreach (var column in rows.Columns)
            bytesPerSample += column.shape.Skip(1).Aggregate(1L, (a, b) => a * b) * column.element_size();
        var bytesPerBatch = Math.Max(1, bytesPerSample * epoch.BatchSize);
        var batchesPerBlock = (int)Math.Clamp(BlockBytes / bytesPerBatch, 1, MaxBatchesPerBlock);
        return new Batches(this, epoch, order, owned, batchesPerBlock);
    }

    sealed class Batches(GatherSource<TBatch> source, Epoch epoch, Tensor? order, bool ownsOrder, int batchesPerBlock) : EpochBatches<TBatch>
    {
        public override BatchCursor<TBatch> OpenCursor(bool sequential) =>
            new Cursor(source, epoch, order, sequential ? batchesPerBlock : 1);

        public override void Dispose()
        {
            if (ownsOrder) order?.Dispose();
        }
    }

    sealed class Cursor(GatherSource<TBatch> source, Epoch epoch, Tensor? order, int batchesPerBlock) : BatchCursor<TBatch>
    {
        readonly Tensor[] block = new Tensor[source.rows.Columns.Length];
        readonly Tensor[] views = new Tensor[source.rows.Columns.Length];
        int blockFirst = -1, blockEnd = -1;

        public override TBatch Produce(int batch, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (batch < blockFirst || batch >= blockEnd) LoadBlock(batch);
            var (start, length) = epoch.Range(batch);
            var offset = start - blockFirst * epoch.BatchSize;
            for (var c = 0; c < block.Length; c++)
                views[c] = block[c].narrow(0, offset, length).DetachFromDisposeScope();
            // The views keep the block's memory alive; the block's own handles are not needed after its last batch.
            if (batch == blockEnd - 1) ReleaseBlock();
            return source.makeBatch(views);
        }

        void LoadBlock(int batch)
        {
            ReleaseBlock();
            blockFirst = batch;
            blockEnd = Math.Min(batch + batchesPerBlock, epoch.BatchCount);
            var start = (long)batch * epoch.BatchSize;
            var length = Math.Min((long)blockEnd * epoch.BatchSize, epoch.UsedSamples) - start;
            var columns = source.rows.Columns;
            using var index = order?.narrow(0, start, length);
            for (var c = 0; c < columns.Length; c++)
            {
                Tensor gathered;
                if (index is null)
                {
                    using var slice = columns[c].narrow(0, start, length);
                    gathered = slice.clone();
                }
                else
                {
                    gathered = columns[c].index_select(0, index);
                }
                if (source.options.Device is { } device && !BatchOps.IsOn(gathered, device))
                {
                    var moved = gathered.to(device);
                    gathered.Dispose();
                    gathered = moved;
                }
                block[c] = gathered.DetachFromDisposeScope();
            }
        }

        void ReleaseBlock()
        {
            for (var c = 0; c < block.Length; c++)
            {
                block[c]?.Dispose();
                block[c] = null!;
            }
            blockFirst = blockEnd = -1;
        }

        public override void Dispose() => ReleaseBlock();
    }
}
