using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Builds a <see cref="DataLoader{TBatch}"/>: PyTorch's <c>DataLoader(dataset, batch_size, shuffle)</c> as a fluent
/// builder. <c>var loader = DataLoader.From(trainSet).Batch(16).Shuffle(seed: 0).Build();</c>
/// </summary>
/// <remarks>
/// The overload picks the batch type from the sample type, as PyTorch's default collation does: tensors are stacked
/// along a new first dimension, .NET scalars and arrays become tensors (see <see cref="DataLoaderBuilder{TSample, TBatch}"/>
/// for the dtypes), tuples give tuples, a <c>Tensor[]</c> gives a <c>Tensor[]</c>. Any other sample type needs
/// <see cref="DataLoaderBuilder{TSample, TBatch}.Collate{TNewBatch}"/>.
/// </remarks>
public static class DataLoader
{
    /// <summary>A loader whose batches stack single-tensor samples: samples of shape S give batches [B, ...S].</summary>
    /// <param name="dataset">The dataset; the loader reads it and does not own it.</param>
    /// <returns>The builder; finish with <see cref="DataLoaderBuilder{TSample, TBatch}.Build"/>.</returns>
    public static DataLoaderBuilder<Tensor, Tensor> From(Dataset<Tensor> dataset) =>
        new(Checked(dataset), Collation.Single<Tensor>(), columns => columns[0]);

    /// <summary>
    /// A loader of <c>(X, Y)</c> batches from <c>(X, Y)</c> samples (the common case): each element is stacked.
    /// <c>foreach (var (xb, yb) in loader) { ... }</c>
    /// </summary>
    /// <param name="dataset">The dataset; the loader reads it and does not own it.</param>
    /// <returns>The builder; finish with <see cref="DataLoaderBuilder{TSample, TBatch}.Build"/>.</returns>
    public static DataLoaderBuilder<(Tensor X, Tensor Y), (Tensor X, Tensor Y)> From(Dataset<(Tensor X, Tensor Y)> dataset) =>
        new(Checked(dataset), Collation.Pair<Tensor, Tensor>(), columns => (columns[0], columns[1]));

    /// <summary>A loader of three-tensor batches from three-tensor samples (for example features, targets, weights).</summary>
    /// <param name="dataset">The dataset; the loader reads it and does not own it.</param>
    /// <returns>The builder; finish with <see cref="DataLoaderBuilder{TSample, TBatch}.Build"/>.</returns>
    public static DataLoaderBuilder<(Tensor, Tensor, Tensor), (Tensor, Tensor, Tensor)> From(Dataset<(Tensor, Tensor, Tensor)> dataset) =>
        new(Checked(dataset), Collation.Triple<Tensor, Tensor, Tensor>(), columns => (columns[0], columns[1], columns[2]));

    /// <summary>
    /// A loader whose samples are arrays of tensors (PyTorch's list samples): batch element <c>k</c> stacks element
    /// <c>k</c> of every sample. Every sample must have the same number of tensors.
    /// </summary>
    /// <param name="dataset">The dataset; the loader reads it and does not own it.</param>
    /// <returns>The builder; finish with <see cref="DataLoaderBuilder{TSample, TBatch}.Build"/>.</returns>
    public static DataLoaderBuilder<Tensor[], Tensor[]> From(Dataset<Tensor[]> dataset) =>
        new(Checked(dataset), Collation.TensorArray(), columns => [.. columns]);

    /// <summary>
    /// A loader whose samples are one value each: a tensor, a .NET scalar (a batch of shape [B]) or an array of
    /// scalars (a batch of shape [B, ...array dimensions]). Other sample types need
    /// <see cref="DataLoaderBuilder{TSample, TBatch}.Collate{TNewBatch}"/>.
    /// </summary>
    /// <typeparam name="TSample">The sample type.</typeparam>
    /// <param name="dataset">The dataset; the loader reads it and does not own it.</param>
    /// <returns>The builder; finish with <see cref="DataLoaderBuilder{TSample, TBatch}.Build"/>.</returns>
    public static DataLoaderBuilder<TSample, Tensor> From<TSample>(Dataset<TSample> dataset) =>
        new(Checked(dataset), Collation.Single<TSample>(), null);

    /// <summary>
    /// A loader of <c>(X, Y)</c> batches from two-element samples whose elements are tensors, .NET scalars or arrays,
    /// for example <c>(float[] Features, int Label)</c>.
    /// </summary>
    /// <typeparam name="T1">The first element type.</typeparam>
    /// <typeparam name="T2">The second element type.</typeparam>
    /// <param name="dataset">The dataset; the loader reads it and does not own it.</param>
    /// <returns>The builder; finish with <see cref="DataLoaderBuilder{TSample, TBatch}.Build"/>.</returns>
    public static DataLoaderBuilder<(T1, T2), (Tensor X, Tensor Y)> From<T1, T2>(Dataset<(T1, T2)> dataset) =>
        new(Checked(dataset), Collation.Pair<T1, T2>(), null);

    /// <summary>A loader of three-tensor batches from three-element samples of tensors, .NET scalars or arrays.</summary>
    /// <typeparam name="T1">The first element type.</typeparam>
    /// <typeparam name="T2">The second element type.</typeparam>
    /// <typeparam name="T3">The third element type.</typeparam>
    /// <param name="dataset">The dataset; the loader reads it and does not own it.</param>
    /// <returns>The builder; finish with <see cref="DataLoaderBuilder{TSample, TBatch}.Build"/>.</returns>
    public static DataLoaderBuilder<(T1, T2, T3), (Tensor, Tensor, Tensor)> From<T1, T2, T3>(Dataset<(T1, T2, T3)> dataset) =>
        new(Checked(dataset), Collation.Triple<T1, T2, T3>(), null);

    static Dataset<TSample> Checked<TSample>(Dataset<TSample> dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        TorchRuntime.EnsureLoaded();
        return dataset;
    }
}
