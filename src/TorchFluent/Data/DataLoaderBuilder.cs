using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Options of a <see cref="DataLoader{TBatch}"/>, chained after <see cref="DataLoader.From(Dataset{ValueTuple{Tensor, Tensor}})"/>
/// and finished with <see cref="Build"/>. Every option is checked once, in <see cref="Build"/>, and all problems are
/// reported together. After <see cref="Build"/> (or <see cref="Collate{TNewBatch}"/>) the builder is frozen.
/// </summary>
/// <typeparam name="TSample">The dataset's sample type.</typeparam>
/// <typeparam name="TBatch">The batch type the loader yields.</typeparam>
/// <remarks>
/// <para>Defaults, as in PyTorch: batch size 1, no shuffling, the last short batch kept, no workers, batches on the
/// CPU (where the dataset's tensors are).</para>
/// <para>
/// Default collation dtypes: tensors keep theirs; <c>float</c> gives float32, <c>double</c> float64, <c>Half</c>
/// float16, <c>long</c> and <c>int</c> give int64 (PyTorch's dtype for Python ints and class indices), <c>short</c>
/// int16, <c>sbyte</c> int8, <c>byte</c> uint8, <c>bool</c> bool; arrays of those keep the same mapping.
/// </para>
/// </remarks>
public sealed class DataLoaderBuilder<TSample, TBatch>
{
    readonly Dataset<TSample> dataset;
    readonly Collation<TSample, TBatch> collation;
    readonly Func<Tensor[], TBatch>? gather;
    readonly LoaderOptions options;
    bool frozen;

    internal DataLoaderBuilder(Dataset<TSample> dataset, Collation<TSample, TBatch> collation, Func<Tensor[], TBatch>? gather, LoaderOptions? options = null)
    {
        this.dataset = dataset;
        this.collation = collation;
        this.gather = gather;
        this.options = options ?? new LoaderOptions();
    }

    /// <summary>The number of samples per batch (PyTorch's <c>batch_size</c>; default 1).</summary>
    /// <param name="size">At least 1.</param>
    /// <returns>This builder.</returns>
    public DataLoaderBuilder<TSample, TBatch> Batch(int size) => Set(() => options.BatchSize = size);

    /// <summary>
    /// Shuffles the samples every epoch (PyTorch's <c>shuffle=True</c>). Each enumeration of the loader is an epoch
    /// with a new order; every sample appears exactly once per epoch.
    /// </summary>
    /// <param name="seed">
    /// The seed: the sequence of epoch orders is then the same on every run, and equals PyTorch's DataLoader with
    /// <c>generator=torch.Generator().manual_seed(seed)</c>. Null draws each epoch's order from TorchSharp's global
    /// generator, as PyTorch does without a generator (reproducible after <c>torch.manual_seed</c>).
    /// </param>
    /// <returns>This builder.</returns>
    public DataLoaderBuilder<TSample, TBatch> Shuffle(long? seed = null) => Set(() => (options.Shuffle, options.Seed) = (true, seed));

    /// <summary>
    /// Drops the last batch of an epoch when it is shorter than the batch size (PyTorch's <c>drop_last=True</c>).
    /// </summary>
    /// <param name="dropLast">True to drop it (the default of this method); false keeps it, as the loader does by default.</param>
    /// <returns>This builder.</returns>
    public DataLoaderBuilder<TSample, TBatch> DropLast(bool dropLast = true) => Set(() => options.DropLast = dropLast);

    /// <summary>
    /// Makes batches on <paramref name="count"/> background threads (PyTorch's <c>num_workers</c> and
    /// <c>prefetch_factor</c>). Batches still arrive in order. At most <paramref name="prefetch"/> finished batches
    /// wait per worker, so memory stays bounded. Worth it when reading a sample is slow (decoding, augmenting); an
    /// in-memory <see cref="TensorDataset{TSample}"/> is faster without. The dataset's indexer must be thread-safe.
    /// </summary>
    /// <param name="count">The number of worker threads; 0 (the default) reads on the thread that enumerates.</param>
    /// <param name="prefetch">Finished batches each worker may hold ahead of the consumer; at least 1 (default 2).</param>
    /// <returns>This builder.</returns>
    public DataLoaderBuilder<TSample, TBatch> Workers(int count, int prefetch = 2) => Set(() => (options.Workers, options.Prefetch) = (count, prefetch));

    /// <summary>
    /// Moves every batch to <paramref name="device"/> before handing it out (what the reference text's loop does with
    /// <c>x.to(device)</c>). Batches already there are not copied.
    /// </summary>
    /// <param name="device">The device, for example <c>torch.CPU</c> or <c>torch.CUDA</c>.</param>
    /// <returns>This builder.</returns>
    public DataLoaderBuilder<TSample, TBatch> To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return Set(() => options.Device = device);
    }

    /// <summary>
    /// Hands ownership of every batch to the caller: the loader no longer disposes a batch when the loop moves on,
    /// and you must dispose each one (or keep it as long as you need). Without this, a batch is freed when the loop
    /// asks for the next one; to keep one tensor of it, take <c>xb.alias()</c> (same memory) or <c>xb.clone()</c>.
    /// </summary>
    /// <returns>This builder.</returns>
    public DataLoaderBuilder<TSample, TBatch> KeepBatches() => Set(() => options.KeepBatches = true);

    /// <summary>
    /// Replaces default collation with your function (PyTorch's <c>collate_fn</c>): it receives the samples of one
    /// batch, in order, and returns the batch.
    /// </summary>
    /// <typeparam name="TNewBatch">
    /// The batch type: tensors, tuples, arrays, lists or dictionaries of tensors (the loader finds and frees them), or
    /// any type that implements <see cref="IDisposable"/> (the loader calls its Dispose).
    /// </typeparam>
    /// <param name="collate">
    /// Makes a batch from samples. The samples and every tensor created while reading them are freed after it
    /// returns, as are tensors it creates and does not return; return new tensors (not a sample's own).
    /// </param>
    /// <returns>A builder for the new batch type, with the options chosen so far; this builder is frozen.</returns>
    public DataLoaderBuilder<TSample, TNewBatch> Collate<TNewBatch>(Func<IReadOnlyList<TSample>, TNewBatch> collate)
    {
        ArgumentNullException.ThrowIfNull(collate);
        ThrowIfFrozen();
        frozen = true;
        return new DataLoaderBuilder<TSample, TNewBatch>(dataset, Collation.Custom(collate), null, options.Clone());
    }

    /// <summary>
    /// Checks every option and builds the loader.
    /// </summary>
    /// <returns>The loader; enumerate it once per epoch, and dispose it when done.</returns>
    /// <exception cref="ArgumentException">
    /// One or more options are invalid (batch size below 1, an empty dataset, negative workers, samples that cannot be
    /// collated by default, ...); the message lists every problem with its fix.
    /// </exception>
    public DataLoader<TBatch> Build()
    {
        frozen = true;
        var problems = new List<(string Message, string Parameter)>();
        if (options.BatchSize < 1) problems.Add((Messages.BatchSizeInvalid(options.BatchSize), "size"));
        if (dataset.Count == 0) problems.Add((Messages.DatasetEmpty(TypeNames.OfDataset(dataset.GetType())), "dataset"));
        if (options.Workers < 0) problems.Add((Messages.WorkersInvalid(options.Workers), "count"));
        if (options.Prefetch < 1) problems.Add((Messages.PrefetchInvalid(options.Prefetch), "prefetch"));
        if (collation.Problem is { } collateProblem) problems.Add((collateProblem, "dataset"));
        var ops = BatchOps<TBatch>.Instance;
        if (options.Device is { } device && !(ops?.CanMove ?? false))
            problems.Add((Messages.DeviceUnsupported(TypeNames.Of(typeof(TBatch)), device.ToString()), "device"));
        if (ops is null && !options.KeepBatches)
            problems.Add((Messages.BatchOwnershipUnsupported(TypeNames.Of(typeof(TBatch))), "collate"));
        if (problems.Count == 1) throw new ArgumentException(problems[0].Message, problems[0].Parameter);
        if (problems.Count > 1) throw new ArgumentException(Messages.LoaderProblems(problems.Select(p => p.Message).ToList()), problems[0].Parameter);

        var frozenOptions = options.Clone();
        var rows = gather is not null ? dataset.GetTensorRows() : null;
        BatchSource<TBatch> source = rows is not null
            ? new GatherSource<TBatch>(rows, gather!, frozenOptions)
            : new SampleSource<TSample, TBatch>(dataset, collation, ops, frozenOptions);
        return new DataLoader<TBatch>(dataset, source, ops, frozenOptions);
    }

    DataLoaderBuilder<TSample, TBatch> Set(Action set)
    {
        ThrowIfFrozen();
        set();
        return this;
    }

    void ThrowIfFrozen()
    {
        if (frozen) throw new InvalidOperationException(Messages.BuilderFrozen);
    }
}
