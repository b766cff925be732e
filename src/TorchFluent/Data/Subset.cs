using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// The samples of another dataset at given indices, in that order (PyTorch's <c>Subset</c>); create it with
/// <see cref="Dataset.Subset{TSample}(Dataset{TSample}, IReadOnlyList{int})"/> or
/// <see cref="Dataset.RandomSplit{TSample}(Dataset{TSample}, IReadOnlyList{int}, long)"/>.
/// </summary>
/// <typeparam name="TSample">The sample type.</typeparam>
/// <remarks>
/// The subset does not own the dataset it reads: disposing the subset leaves it alone. A subset of a
/// <see cref="TensorDataset{TSample}"/> keeps the batched fast path of <see cref="DataLoader"/>.
/// </remarks>
public sealed class Subset<TSample> : Dataset<TSample>
{
    readonly int[] indices;
    readonly object gate = new();
    Tensor? rowMap;
    bool disposed;

    internal Subset(Dataset<TSample> dataset, int[] indices)
    {
        var count = dataset.Count;
        for (var i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)count)
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i], Messages.SubsetIndexOutOfRange(i, indices[i], count));
        }
        Dataset = dataset;
        this.indices = indices;
    }

    /// <summary>The dataset the samples come from (PyTorch's <c>subset.dataset</c>).</summary>
    public Dataset<TSample> Dataset { get; }

    /// <summary>The indices into <see cref="Dataset"/>, in order (PyTorch's <c>subset.indices</c>).</summary>
    public IReadOnlyList<int> Indices => indices;

    /// <inheritdoc/>
    public override int Count => indices.Length;

    /// <summary>Sample <c>Indices[index]</c> of <see cref="Dataset"/>.</summary>
    /// <param name="index">The index into this subset, <c>0 &lt;= index &lt; Count</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public override TSample this[int index]
    {
        get
        {
            if ((uint)index >= (uint)indices.Length)
                throw new ArgumentOutOfRangeException(nameof(index), index, Messages.IndexOutOfRange(index, indices.Length));
            return Dataset[indices[index]];
        }
    }

    internal override TensorRows? GetTensorRows()
    {
        if (Dataset.GetTensorRows() is not { } inner) return null;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (rowMap is null)
            {
                // Composed once: the rows of the underlying tensors this subset serves, in order.
                var own = torch.tensor(indices.Select(i => (long)i).ToArray(), ScalarType.Int64);
                if (inner.RowMap is null)
                {
                    rowMap = own;
                }
                else
                {
                    using (own) rowMap = inner.RowMap.index_select(0, own);
                }
                rowMap.DetachFromDisposeScope();
            }
            return new TensorRows(inner.Columns, rowMap);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            if (disposing) rowMap?.Dispose();
            rowMap = null;
        }
    }
}
