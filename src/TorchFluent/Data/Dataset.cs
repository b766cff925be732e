using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// A collection of samples that a <see cref="DataLoader{TBatch}"/> reads by index: PyTorch's
/// <c>torch.utils.data.Dataset</c>. Derive from <see cref="Dataset{TSample}"/> to write your own; this non-generic base
/// gives what every dataset has (its <see cref="Count"/>) and the factories for the built-in datasets
/// (<see cref="FromTensors(Tensor, Tensor)"/>, <see cref="FromCsv"/>, <see cref="FromNpy(string, string)"/>,
/// <see cref="Subset{TSample}(Dataset{TSample}, IReadOnlyList{int})"/>, <see cref="Concat{TSample}(Dataset{TSample}[])"/>,
/// <see cref="RandomSplit{TSample}(Dataset{TSample}, IReadOnlyList{int}, long)"/>).
/// </summary>
/// <remarks>
/// A dataset may hold native memory (a <see cref="TensorDataset{TSample}"/> holds its own references to the tensors it
/// serves): dispose it when you are done with it. A <see cref="DataLoader{TBatch}"/> never disposes its dataset, so one
/// dataset can feed several loaders.
/// </remarks>
public abstract partial class Dataset : IDisposable
{
    // Only Dataset<TSample> derives from this class: a dataset without an indexer cannot be loaded.
    private protected Dataset()
    {
    }

    /// <summary>The number of samples (PyTorch's <c>__len__</c>).</summary>
    public abstract int Count { get; }

    /// <summary>Releases the native memory the dataset holds (for example its references to tensors).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the dataset holds. The base implementation holds nothing.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>, false from a finalizer.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>
    /// A dataset over whole tensors (PyTorch's <c>TensorDataset(x)</c>): sample <c>i</c> is <c>x[i]</c>. Loaders built on it
    /// take a batched fast path (one gather per group of batches instead of one read per sample).
    /// </summary>
    /// <param name="x">The samples, stacked along the first dimension.</param>
    /// <returns>A dataset of <c>x.shape[0]</c> samples.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is a 0-d tensor or has been disposed.</exception>
    public static TensorDataset<Tensor> FromTensors(Tensor x)
    {
        TorchRuntime.EnsureLoaded();
        return new TensorDataset<Tensor>([x], ["x"], static (t, i) => t[0][i]);
    }

    /// <summary>
    /// A dataset over features and targets (PyTorch's <c>TensorDataset(x, y)</c>): sample <c>i</c> is
    /// <c>(x[i], y[i])</c>. Loaders built on it take a batched fast path (one gather per group of batches).
    /// </summary>
    /// <param name="x">The features, one sample per row (first dimension).</param>
    /// <param name="y">The targets, one sample per row; same first dimension as <paramref name="x"/>.</param>
    /// <returns>A dataset of <c>x.shape[0]</c> samples.</returns>
    /// <exception cref="ArgumentException">
    /// The first dimensions differ, a tensor is 0-d, or a tensor has been disposed; the message gives the shapes.
    /// </exception>
    public static TensorDataset<(Tensor X, Tensor Y)> FromTensors(Tensor x, Tensor y)
    {
        TorchRuntime.EnsureLoaded();
        return new TensorDataset<(Tensor X, Tensor Y)>([x, y], ["x", "y"], static (t, i) => (t[0][i], t[1][i]));
    }

    /// <summary>
    /// A dataset over three tensors (PyTorch's <c>TensorDataset(a, b, c)</c>): sample <c>i</c> is
    /// <c>(a[i], b[i], c[i])</c>, for example features, targets and per-sample weights.
    /// </summary>
    /// <param name="a">The first tensor.</param>
    /// <param name="b">The second tensor; same first dimension.</param>
    /// <param name="c">The third tensor; same first dimension.</param>
    /// <returns>A dataset of <c>a.shape[0]</c> samples.</returns>
    /// <exception cref="ArgumentException">The first dimensions differ, a tensor is 0-d, or a tensor has been disposed.</exception>
    public static TensorDataset<(Tensor, Tensor, Tensor)> FromTensors(Tensor a, Tensor b, Tensor c)
    {
        TorchRuntime.EnsureLoaded();
        return new TensorDataset<(Tensor, Tensor, Tensor)>([a, b, c], ["a", "b", "c"], static (t, i) => (t[0][i], t[1][i], t[2][i]));
    }

    /// <summary>
    /// A dataset whose samples are the items of a list (no copy; the list is read when a sample is asked for).
    /// Tensors in the list stay yours: a loader never disposes them.
    /// </summary>
    /// <typeparam name="TSample">The sample type.</typeparam>
    /// <param name="samples">The samples.</param>
    /// <returns>A dataset of <c>samples.Count</c> samples.</returns>
    public static Dataset<TSample> From<TSample>(IReadOnlyList<TSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        TorchRuntime.EnsureLoaded();
        return new DelegateDataset<TSample>(() => samples.Count, i => samples[i]);
    }

    /// <summary>
    /// A dataset of <paramref name="count"/> samples computed by a function, for when deriving from
    /// <see cref="Dataset{TSample}"/> is more than you need.
    /// </summary>
    /// <typeparam name="TSample">The sample type.</typeparam>
    /// <param name="count">The number of samples.</param>
    /// <param name="getItem">Returns sample <c>i</c> for <c>0 &lt;= i &lt; count</c> (PyTorch's <c>__getitem__</c>).</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static Dataset<TSample> From<TSample>(int count, Func<int, TSample> getItem)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(getItem);
        TorchRuntime.EnsureLoaded();
        return new DelegateDataset<TSample>(() => count, getItem);
    }

    /// <summary>
    /// The samples of <paramref name="dataset"/> at <paramref name="indices"/>, in that order (PyTorch's
    /// <c>Subset(dataset, indices)</c>). The indices are copied and checked now.
    /// </summary>
    /// <typeparam name="TSample">The sample type.</typeparam>
    /// <param name="dataset">The dataset to take samples from; the subset does not own it.</param>
    /// <param name="indices">Indices into <paramref name="dataset"/>; repeats are allowed.</param>
    /// <returns>The subset.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative or not less than <c>dataset.Count</c>.</exception>
    public static Subset<TSample> Subset<TSample>(Dataset<TSample> dataset, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(indices);
        TorchRuntime.EnsureLoaded();
        return new Subset<TSample>(dataset, [.. indices]);
    }

    /// <summary>
    /// The samples of several datasets one after the other (PyTorch's <c>ConcatDataset([a, b])</c>). The sizes are
    /// read now, as PyTorch does.
    /// </summary>
    /// <typeparam name="TSample">The sample type.</typeparam>
    /// <param name="datasets">The datasets, in order; the result does not own them.</param>
    /// <returns>The concatenation.</returns>
    /// <exception cref="ArgumentException">No datasets were given.</exception>
    public static ConcatDataset<TSample> Concat<TSample>(params Dataset<TSample>[] datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        if (datasets.Length == 0) throw new ArgumentException(Messages.ConcatNoDatasets, nameof(datasets));
        for (var i = 0; i < datasets.Length; i++)
            if (datasets[i] is null) throw new ArgumentNullException(nameof(datasets), Messages.ConcatNullDataset(i));
        TorchRuntime.EnsureLoaded();
        return new ConcatDataset<TSample>(datasets);
    }
}
