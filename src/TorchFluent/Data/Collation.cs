using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Which batch is being collated, and the dataset indices of its samples (for messages).</summary>
internal readonly record struct CollateContext(int BatchIndex, int[] Indices);

/// <summary>
/// How samples become a batch (PyTorch's <c>default_collate</c> or a <c>collate_fn</c>). One collation serves a loader;
/// each thread that makes batches gets its own <see cref="Collator{TSample, TBatch}"/>.
/// </summary>
internal abstract class Collation<TSample, TBatch>
{
    /// <summary>Why this collation cannot work for its types (checked by Build), or null.</summary>
    public virtual string? Problem => null;

    public abstract Collator<TSample, TBatch> CreateCollator(int batchSize);
}

/// <summary>
/// Makes one batch at a time from samples given one by one. Runs inside the batch's DisposeScope: the batch it returns
/// has its tensors detached from every scope; anything else it creates is freed with the scope.
/// </summary>
internal abstract class Collator<TSample, TBatch>
{
    public abstract void Begin(int count, in CollateContext context);

    /// <summary>
    /// Takes sample <paramref name="j"/>. Default collation copies its tensors at once and frees the ones the indexer
    /// created (they are in <paramref name="scope"/>); tensors that existed before the read are left alone.
    /// </summary>
    public abstract void Add(int j, TSample sample, BatchScope scope);

    public abstract TBatch Finish();

    /// <summary>Drops references to samples (called after every batch, made or failed).</summary>
    public abstract void Clear();

    /// <summary>
    /// Frees a sample tensor a column is done with, when the indexer created it for this batch (it is in
    /// <paramref name="scope"/>) and no column still needs it (the same tensor may fill several elements).
    /// </summary>
    protected static void Release<T1, T2, T3>(Tensor? done, BatchScope scope, ElementColumn<T1>? a, ElementColumn<T2>? b = null, ElementColumn<T3>? c = null)
    {
        if (done is null || done.IsInvalid || !scope.Owns(done)) return;
        if ((a?.Holds(done) ?? false) || (b?.Holds(done) ?? false) || (c?.Holds(done) ?? false)) return;
        done.Dispose();
    }
}

/// <summary>Default collation (PyTorch's <c>default_collate</c>) for each supported sample shape, and custom collation.</summary>
internal static class Collation
{
    public static Collation<T, Tensor> Single<T>() => new SingleCollation<T>();

    public static Collation<(T1, T2), (Tensor X, Tensor Y)> Pair<T1, T2>() => new PairCollation<T1, T2>();

    public static Collation<(T1, T2, T3), (Tensor, Tensor, Tensor)> Triple<T1, T2, T3>() => new TripleCollation<T1, T2, T3>();

    public static Collation<Tensor[], Tensor[]> TensorArray() => new TensorArrayCollation();

    public static Collation<TSample, TBatch> Custom<TSample, TBatch>(Func<IReadOnlyList<TSample>, TBatch> collate) =>
        new CustomCollation<TSample, TBatch>(collate);

    static string? Problems(string sampleType, params string?[] problems)
    {
        var found = problems.Where(p => p is not null).ToList();
        return found.Count == 0 ? null : Messages.CollationUnsupported(sampleType, string.Join("; ", found));
    }

    static string? Element(int position, string? problem) => problem is null ? null : $"element {position}: {problem}";

    sealed class SingleCollation<T> : Collation<T, Tensor>
    {
        public override string? Problem => Problems(TypeNames.Of(typeof(T)), ElementCollator<T>.Problem);

        public override Collator<T, Tensor> CreateCollator(int batchSize) => new Single(ElementColumn<T>.Create(batchSize));

        sealed class Single(ElementColumn<T> column) : Collator<T, Tensor>
        {
            public override void Begin(int count, in CollateContext context) => column.Begin(count, context, null);

            BatchScope? scope;

            public override void Add(int j, T sample, BatchScope batchScope)
            {
                scope = batchScope;
                column.Add(j, sample, out var done);
                Release<T, T, T>(done, batchScope, column);
            }

            public override Tensor Finish()
            {
                var batch = column.Finish(out var done);
                Release<T, T, T>(done, scope!, column);
                return batch.DetachFromDisposeScope();
            }

            public override void Clear() => column.Clear();
        }
    }

    sealed class PairCollation<T1, T2> : Collation<(T1, T2), (Tensor X, Tensor Y)>
    {
        public override string? Problem =>
            Problems(TypeNames.Of(typeof((T1, T2))), Element(0, ElementCollator<T1>.Problem), Element(1, ElementCollator<T2>.Problem));

        public override Collator<(T1, T2), (Tensor X, Tensor Y)> CreateCollator(int batchSize) =>
            new Pair(ElementColumn<T1>.Create(batchSize), ElementColumn<T2>.Create(batchSize));

        sealed class Pair(ElementColumn<T1> first, ElementColumn<T2> second) : Collator<(T1, T2), (Tensor X, Tensor Y)>
        {
            public override void Begin(int count, in CollateContext context)
            {
                first.Begin(count, context, 0);
                second.Begin(count, context, 1);
            }

            BatchScope? scope;

            public override void Add(int j, (T1, T2) sample, BatchScope batchScope)
            {
                scope = batchScope;
                first.Add(j, sample.Item1, out var doneFirst);
                second.Add(j, sample.Item2, out var doneSecond);
                Release<T1, T2, T2>(doneFirst, batchScope, first, second);
                Release<T1, T2, T2>(doneSecond, batchScope, first, second);
            }

            public override (Tensor X, Tensor Y) Finish()
            {
                var x = first.Finish(out var doneFirst);
                var y = second.Finish(out var doneSecond);
                Release<T1, T2, T2>(doneFirst, scope!, first, second);
                Release<T1, T2, T2>(doneSecond, scope!, first, second);
                return (x.DetachFromDisposeScope(), y.DetachFromDisposeScope());
            }

            public override void Clear()
            {
                first.Clear();
                second.Clear();
            }
        }
    }

    sealed class TripleCollation<T1, T2, T3> : Collation<(T1, T2, T3), (Tensor, Tensor, Tensor)>
    {
        public override string? Problem =>
            Problems(TypeNames.Of(typeof((T1, T2, T3))), Element(0, ElementCollator<T1>.Problem),
                Element(1, ElementCollator<T2>.Problem), Element(2, ElementCollator<T3>.Problem));

        public override Collator<(T1, T2, T3), (Tensor, Tensor, Tensor)> CreateCollator(int batchSize) =>
            new Triple(ElementColumn<T1>.Create(batchSize), ElementColumn<T2>.Create(batchSize), ElementColumn<T3>.Create(batchSize));

        sealed class Triple(ElementColumn<T1> first, ElementColumn<T2> second, ElementColumn<T3> third)
            : Collator<(T1, T2, T3), (Tensor, Tensor, Tensor)>
        {
            BatchScope? scope;

            public override void Begin(int count, in CollateContext context)
            {
                first.Begin(count, context, 0);
                second.Begin(count, context, 1);
                third.Begin(count, context, 2);
            }

            public override void Add(int j, (T1, T2, T3) sample, BatchScope batchScope)
            {
                scope = batchScope;
                first.Add(j, sample.Item1, out var a);
                second.Add(j, sample.Item2, out var b);
                third.Add(j, sample.Item3, out var c);
                Release(a, batchScope, first, second, third);
                Release(b, batchScope, first, second, third);
                Release(c, batchScope, first, second, third);
            }

            public override (Tensor, Tensor, Tensor) Finish()
            {
                var x = first.Finish(out var a);
                var y = second.Finish(out var b);
                var z = third.Finish(out var c);
                Release(a, scope!, first, second, third);
                Release(b, scope!, first, second, third);
                Release(c, scope!, first, second, third);
                return (x.DetachFromDisposeScope(), y.DetachFromDisposeScope(), z.DetachFromDisposeScope());
            }

            public override void Clear()
            {
                first.Clear();
                second.Clear();
                third.Clear();
            }
        }
    }

    sealed class TensorArrayCollation : Collation<Tensor[], Tensor[]>
    {
        public override Collator<Tensor[], Tensor[]> CreateCollator(int batchSize) => new Arrays(batchSize);

        sealed class Arrays(int batchSize) : Collator<Tensor[], Tensor[]>
        {
            readonly List<TensorColumn> columns = [];
            readonly List<Tensor> done = [];
            BatchScope? scope;
            CollateContext context;
            int count;
            int width;

            public override void Begin(int samples, in CollateContext batchContext)
            {
                (count, context, width) = (samples, batchContext, -1);
            }

            public override void Add(int j, Tensor[] sample, BatchScope batchScope)
            {
                scope = batchScope;
                if (sample is null)
                    throw new DataLoaderException(Messages.NullSample(context.BatchIndex, context.Indices[j]), context.BatchIndex, context.Indices[j], null);
                if (width < 0)
                {
                    width = sample.Length;
                    while (columns.Count < width) columns.Add(new TensorColumn(batchSize));
                    for (var k = 0; k < width; k++) columns[k].Begin(count, context, k);
                }
                else if (sample.Length != width)
                {
                    throw new DataLoaderException(
                        Messages.TensorArrayLengthsDiffer(context.BatchIndex, context.Indices[j], sample.Length, context.Indices[0], width),
                        context.BatchIndex, context.Indices[j], null);
                }
                for (var k = 0; k < width; k++)
                {
                    columns[k].Add(j, sample[k], out var finished);
                    if (finished is not null) done.Add(finished);
                }
                ReleaseDone(batchScope);
            }

            public override Tensor[] Finish()
            {
                var result = new Tensor[width];
                for (var k = 0; k < width; k++)
                {
                    result[k] = columns[k].Finish(out var finished);
                    if (finished is not null) done.Add(finished);
                }
                ReleaseDone(scope!);
                foreach (var t in result) t.DetachFromDisposeScope();
                return result;
            }

            void ReleaseDone(BatchScope batchScope)
            {
                foreach (var t in done)
                {
                    if (t.IsInvalid || !batchScope.Owns(t)) continue;
                    var held = false;
                    for (var k = 0; k < width && !held; k++) held = columns[k].Holds(t);
                    if (!held) t.Dispose();
                }
                done.Clear();
            }

            public override void Clear()
            {
                foreach (var column in columns) column.Clear();
                done.Clear();
            }
        }
    }

    sealed class CustomCollation<TSample, TBatch>(Func<IReadOnlyList<TSample>, TBatch> collate) : Collation<TSample, TBatch>
    {
        public override Collator<TSample, TBatch> CreateCollator(int batchSize) => new Custom(collate, batchSize);

        sealed class Custom(Func<IReadOnlyList<TSample>, TBatch> collate, int batchSize) : Collator<TSample, TBatch>
        {
            readonly TSample[] samples = new TSample[batchSize];
            CollateContext context;
            int count;

            public override void Begin(int samplesInBatch, in CollateContext batchContext) => (count, context) = (samplesInBatch, batchContext);

            // The function needs all the samples: they are freed with the batch's scope after it returns.
            public override void Add(int j, TSample sample, BatchScope scope) => samples[j] = sample;

            public override TBatch Finish()
            {
                // A fresh array: the function may keep the list it is given.
                var list = samples[..count];
                var ops = BatchOps<TBatch>.Instance;
                using var scope = torch.NewDisposeScope();
                TBatch batch;
                try
                {
                    batch = collate(list);
                }
                catch (Exception e) when (e is not OperationCanceledException and not DataLoaderException)
                {
                    throw new DataLoaderException(Messages.CollateFailed(context.BatchIndex, context.Indices.AsSpan(0, count).ToArray(), e), context.BatchIndex, null, e);
                }
                if (ops is { FindsTensors: true })
                    ops.Detach(batch);
                else
                    // The loader cannot see inside this batch type: keep everything the function created.
                    scope.Detach(scope.DisposablesView);
                return batch;
            }

            public override void Clear() => Array.Clear(samples);
        }
    }
}
