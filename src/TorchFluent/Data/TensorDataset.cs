using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// A dataset over whole tensors that share their first dimension (PyTorch's <c>TensorDataset</c>); create it with
/// <see cref="Dataset.FromTensors(Tensor, Tensor)"/> or read one from a file with <see cref="Dataset.FromCsv"/> or
/// <see cref="Dataset.FromNpy(string, string)"/>. Sample <c>i</c> is row <c>i</c> of each tensor.
/// </summary>
/// <typeparam name="TSample">
/// <see cref="Tensor"/> for one tensor, <c>(Tensor X, Tensor Y)</c> for two, <c>(Tensor, Tensor, Tensor)</c> for three.
/// </typeparam>
/// <remarks>
/// <para>
/// A <see cref="DataLoader{TBatch}"/> with default collation does not read such a dataset sample by sample: it gathers
/// the rows of many batches with one <c>index_select</c> per tensor and hands out views of that block, which is what
/// makes it several times faster than PyTorch's DataLoader on in-memory data. The same holds for a
/// <see cref="Subset{TSample}"/> of it (and so for <see cref="Dataset.RandomSplit{TSample}(Dataset{TSample}, IReadOnlyList{double}, long)"/>).
/// </para>
/// <para>
/// Ownership: the dataset keeps its own references to the tensors (aliases: same memory, no copy), so disposing yours
/// does not break it; disposing the dataset releases its references. The memory is freed when the last reference goes.
/// The indexer returns new views (<c>x[i]</c>), which the caller owns.
/// </para>
/// </remarks>
public sealed class TensorDataset<TSample> : Dataset<TSample>
{
    readonly Tensor[] tensors;
    readonly Func<Tensor[], int, TSample> read;
    readonly int count;
    bool disposed;

    internal TensorDataset(Tensor[] tensors, string[] names, Func<Tensor[], int, TSample> read)
    {
        for (var i = 0; i < tensors.Length; i++)
            ArgumentNullException.ThrowIfNull(tensors[i], names[i]);
        for (var i = 0; i < tensors.Length; i++)
        {
            if (tensors[i].IsInvalid) throw new ArgumentException(Messages.TensorDatasetDisposed(names[i]), names[i]);
            if (tensors[i].dim() == 0) throw new ArgumentException(Messages.TensorDatasetScalar(names[i]), names[i]);
        }
        var first = tensors[0].shape;
        for (var i = 1; i < tensors.Length; i++)
        {
            var shape = tensors[i].shape;
            if (shape[0] != first[0])
                throw new ArgumentException(Messages.TensorDatasetRowsDiffer(names[0], first, names[i], shape), names[i]);
        }
        if (first[0] > int.MaxValue)
            throw new ArgumentException(Messages.TensorDatasetTooLarge(names[0], first), names[0]);
        count = (int)first[0];
        // Own references (aliases) keep the data alive however the caller disposes theirs; detached from any
        // DisposeScope the caller has open, since a dataset outlives the scope it was made in.
        this.tensors = tensors.Select(t => t.alias().DetachFromDisposeScope()).ToArray();
        this.read = read;
    }

    /// <inheritdoc/>
    public override int Count => count;

    /// <summary>Row <paramref name="index"/> of every tensor, as new views the caller owns.</summary>
    /// <param name="index">The sample index, <c>0 &lt;= index &lt; Count</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The dataset has been disposed.</exception>
    public override TSample this[int index]
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if ((uint)index >= (uint)count)
                throw new ArgumentOutOfRangeException(nameof(index), index, Messages.IndexOutOfRange(index, count));
            return read(tensors, index);
        }
    }

    /// <summary>
    /// The dataset's own references to its tensors, in the order they were given. They stay the dataset's: do not
    /// dispose them.
    /// </summary>
    public IReadOnlyList<Tensor> Tensors
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return tensors;
        }
    }

    internal override TensorRows? GetTensorRows()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return new TensorRows(tensors, null);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposed) return;
        disposed = true;
        if (!disposing) return;
        foreach (var t in tensors) t.Dispose();
    }
}
