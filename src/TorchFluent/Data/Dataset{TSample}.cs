using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// A dataset whose samples are of type <typeparamref name="TSample"/>: PyTorch's <c>Dataset</c> with its
/// <c>__len__</c> (<see cref="Dataset.Count"/>) and <c>__getitem__</c> (<see cref="this[int]"/>). Override both to
/// write your own; <typeparamref name="TSample"/> is commonly a <c>(Tensor X, Tensor Y)</c> tuple.
/// </summary>
/// <typeparam name="TSample">
/// The sample type. <see cref="DataLoader"/> collates tensors, .NET scalars (<c>float</c>, <c>double</c>, <c>int</c>,
/// <c>long</c>, <c>bool</c>, ...), arrays of scalars, tuples of those and arrays of tensors into batched tensors; any
/// other type needs a collate function.
/// </typeparam>
/// <remarks>
/// <para>
/// Ownership: a sample the indexer returns belongs to whoever asked for it. A <see cref="DataLoader{TBatch}"/> reads
/// samples inside a TorchSharp <c>DisposeScope</c>, so every tensor the indexer creates (views such as <c>x[i]</c>,
/// temporaries, results) is freed once the batch is collated, while tensors that existed before the call (tensors the
/// dataset stores and returns as they are) are left alone. To keep a tensor the indexer creates (a cache), call
/// <c>DetachFromDisposeScope()</c> on it.
/// </para>
/// <para>
/// With <see cref="DataLoaderBuilder{TSample, TBatch}.Workers"/>, the indexer is called from several threads at once:
/// it must be thread-safe (reading tensors is).
/// </para>
/// </remarks>
public abstract class Dataset<TSample> : Dataset
{
    /// <summary>Creates the dataset (and loads libtorch, with a clear error if it cannot load).</summary>
    // The non-generic base is only derivable through this class on purpose: every dataset has an indexer.
#pragma warning disable RS0022
    protected Dataset()
#pragma warning restore RS0022
    {
        // A derived constructor often makes tensors; the base constructor runs first, so the diagnosis comes first.
        TorchRuntime.EnsureLoaded();
    }

    /// <summary>Returns sample <paramref name="index"/> (PyTorch's <c>__getitem__</c>).</summary>
    /// <param name="index">The sample index, <c>0 &lt;= index &lt; Count</c>.</param>
    /// <returns>The sample; see the class remarks for who owns its tensors.</returns>
    public abstract TSample this[int index] { get; }

    /// <summary>
    /// The whole tensors this dataset's samples are rows of, and which rows in which order (null: all, in order); null
    /// when samples are not rows of whole tensors. A loader with default collation then gathers whole batches at once.
    /// </summary>
    internal virtual TensorRows? GetTensorRows() => null;
}

/// <summary>
/// The tensors a tensor-backed dataset serves rows of, and the rows (an int64 index tensor owned by the dataset; null
/// means every row in order).
/// </summary>
internal sealed record TensorRows(Tensor[] Columns, Tensor? RowMap);
