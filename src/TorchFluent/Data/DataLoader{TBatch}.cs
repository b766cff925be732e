using System.Collections;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Reads a dataset in batches (PyTorch's <c>DataLoader</c>); build one with <see cref="DataLoader.From(Dataset{ValueTuple{Tensor, Tensor}})"/>.
/// Each enumeration is one epoch: <c>foreach (var (xb, yb) in loader) { ... }</c>.
/// </summary>
/// <typeparam name="TBatch">
/// The batch type: <see cref="Tensor"/>, <c>(Tensor X, Tensor Y)</c>, <c>(Tensor, Tensor, Tensor)</c>,
/// <c>Tensor[]</c>, or what a collate function returns.
/// </typeparam>
/// <remarks>
/// <para>
/// Ownership: the loader owns each batch it yields and frees its tensors when the loop asks for the next batch, and
/// when the loop ends, breaks or throws. A loop body therefore never disposes batch tensors, and must not use them
/// after its iteration. To keep a tensor longer, take <c>xb.alias()</c> (a new reference to the same memory, yours to
/// dispose) or <c>xb.clone()</c> (a copy); or build with <see cref="DataLoaderBuilder{TSample, TBatch}.KeepBatches"/>
/// and dispose every batch yourself. Batch tensors never belong to a TorchSharp <c>DisposeScope</c>, so a scope in
/// the loop body neither frees nor keeps them.
/// </para>
/// <para>
/// Epochs: each call to <see cref="GetEnumerator()"/> starts an epoch; with shuffling each epoch has a new order
/// (reproducible with a seed). Several enumerations may run at once; each is independent.
/// </para>
/// <para>
/// Cancellation: <see cref="WithCancellation"/> stops an epoch within one batch with an
/// <see cref="OperationCanceledException"/>, and stops the workers.
/// </para>
/// </remarks>
public sealed class DataLoader<TBatch> : IEnumerable<TBatch>, IDisposable
{
    readonly BatchSource<TBatch> source;
    readonly BatchOps<TBatch>? ops;
    readonly LoaderOptions options;
    readonly EpochSampler sampler;
    bool disposed;

    internal DataLoader(Dataset dataset, BatchSource<TBatch> source, BatchOps<TBatch>? ops, LoaderOptions options)
    {
        Dataset = dataset;
        this.source = source;
        this.ops = ops;
        this.options = options;
        sampler = new EpochSampler(options.Shuffle, options.Seed);
    }

    /// <summary>The dataset the loader reads (PyTorch's <c>loader.dataset</c>); <c>Dataset.Count</c> is its size.</summary>
    public Dataset Dataset { get; }

    /// <summary>The number of samples per batch (the last batch of an epoch may be shorter unless <see cref="DropLast"/>).</summary>
    public int BatchSize => options.BatchSize;

    /// <summary>The number of batches per epoch (PyTorch's <c>len(loader)</c>), from the dataset's current size.</summary>
    public int Count => Epoch.CountBatches(Dataset.Count, options.BatchSize, options.DropLast);

    /// <summary>True when each epoch is shuffled.</summary>
    public bool Shuffles => options.Shuffle;

    /// <summary>The shuffle seed, or null (no shuffling, or shuffling from the global generator).</summary>
    public long? Seed => options.Seed;

    /// <summary>True when the last short batch of an epoch is dropped.</summary>
    public bool DropLast => options.DropLast;

    /// <summary>The number of worker threads (0: batches are made on the enumerating thread).</summary>
    public int Workers => options.Workers;

    /// <summary>The device batches are moved to, or null when they stay where the dataset's tensors are.</summary>
    public Device? Device => options.Device;

    /// <summary>True when the caller owns the batches (<see cref="DataLoaderBuilder{TSample, TBatch}.KeepBatches"/>).</summary>
    public bool KeepsBatches => options.KeepBatches;

    /// <summary>Starts an epoch. The order of a shuffled epoch is drawn now.</summary>
    /// <returns>The epoch's batches; dispose the enumerator (foreach does) to free the last batch and stop the workers.</returns>
    /// <exception cref="InvalidOperationException">The dataset has become empty.</exception>
    /// <exception cref="ObjectDisposedException">The loader has been disposed.</exception>
    public IEnumerator<TBatch> GetEnumerator() => GetEnumerator(CancellationToken.None);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The same epoch as <see cref="GetEnumerator()"/>, stopped by <paramref name="cancellationToken"/>: once it is
    /// cancelled, the next step of the loop throws <see cref="OperationCanceledException"/> (at most the batch in
    /// hand is finished) and the workers stop. <c>foreach (var (xb, yb) in loader.WithCancellation(token))</c>
    /// </summary>
    /// <param name="cancellationToken">The token.</param>
    /// <returns>An enumerable of one epoch per enumeration.</returns>
    public IEnumerable<TBatch> WithCancellation(CancellationToken cancellationToken) => new Cancellable(this, cancellationToken);

    /// <summary>
    /// Releases the loader's own native resources (its random generator). The dataset is not disposed; epochs in
    /// progress finish normally.
    /// </summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        sampler.Dispose();
    }

    IEnumerator<TBatch> GetEnumerator(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var count = Dataset.Count;
        if (count == 0) throw new InvalidOperationException(Messages.DatasetEmptyAtEpoch(TypeNames.OfDataset(Dataset.GetType())));
        var epoch = new Epoch(count, options.BatchSize, options.DropLast, sampler.NextPermutation(count), sampler.Exhausted);
        try
        {
            return new DataLoaderEnumerator<TBatch>(source.OpenEpoch(epoch), epoch, ops, options, cancellationToken);
        }
        catch
        {
            epoch.Dispose();
            throw;
        }
    }

    sealed class Cancellable(DataLoader<TBatch> loader, CancellationToken token) : IEnumerable<TBatch>
    {
        public IEnumerator<TBatch> GetEnumerator() => loader.GetEnumerator(token);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
