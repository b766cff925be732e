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
/// Makes one batch at a time from samples given one by one. Runs inside the batch's scope (<see cref="BatchScope"/>):
/// the batch it returns has its tensors detached from every scope; anything else it creates is freed with the scope.
/// </summary>
internal abstract class Collator<TSample, TBatch>
{
    public abstract void Begin(int count, in CollateContext context);

    /// <summary>
    /// Takes sample <paramref name="j"/>. Default collation copies the previous sample's tensors into the batch now
    /// and frees those the indexer created (<paramref name="scope"/> owns them), unless sample <paramref name="j"/>
    /// still uses them; tensors that existed before the read are left alone.
    /// </summary>
    public abstract void Add(int j, TSample sample, BatchScope scope);

    public abstract TBatch Finish();

    /// <summary>Drops references to samples (called after every batch, made or failed).</summary>
    public abstract void Clear();

    /// <summary>
    /// Frees <paramref name="done"/>, a tensor of a sample whose rows every column has copied, when the indexer created
    /// it for this batch and the next sample (<paramref name="next1"/> to <paramref name="next3"/>) does not use it too.
    /// </summary>
    protected static void Release(BatchScope scope, Tensor? done, Tensor? next1, Tensor? next2 = null, Tensor? next3 = null)
    {
        if (done is null || ReferenceEquals(done, next1) || ReferenceEquals(done, next2) || ReferenceEquals(done, next3)) return;
        if (scope.Owns(done)) done.Dispose();
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

    /// <summary>
    /// One element of every sample: tensors stream into a <see cref="TensorColumn"/>; .NET scalars and arrays are
    /// buffered and written into a tensor when the batch is complete (<see cref="ElementCollator{T}"/>).
    /// </summary>
    sealed class Column<T>(int capacity)
    {
        readonly TensorColumn? tensors = typeof(T) == typeof(Tensor) ? new TensorColumn(capacity) : null;
        readonly T[] buffered = typeof(T) == typeof(Tensor) ? [] : new T[capacity];
        CollateContext context;
        int? position;
        int count;

        /// <summary>True unless this column has stopped copying rows as samples arrive (see <see cref="TensorColumn"/>).</summary>
        public bool Streaming => tensors?.Streaming ?? true;

        public void Begin(int samples, in CollateContext batchContext, int? elementPosition)
        {
            (count, context, position) = (samples, batchContext, elementPosition);
            tensors?.Begin(samples, batchContext, elementPosition);
        }

        public void Set(int j, T element)
        {
            if (tensors is not null) tensors.Add(j, (Tensor)(object)element!);
            else buffered[j] = element;
        }

        public void CopyUpTo(int end) => tensors?.CopyUpTo(end);

        /// <summary>Sample <paramref name="j"/>'s tensor, or null for a column of .NET values.</summary>
        public Tensor? TensorAt(int j) => tensors?.At(j);

        public Tensor Collate() =>
            tensors?.Finish() ?? ElementCollator<T>.Instance!.Collate(buffered, count, context, position);

        public void Clear()
        {
            tensors?.Clear();
            if (tensors is null) Array.Clear(buffered, 0, count);
        }
    }

    sealed class SingleCollation<T> : Collation<T, Tensor>
    {
        public override string? Problem => Problems(TypeNames.Of(typeof(T)), ElementCollator<T>.Problem);

        public override Collator<T, Tensor> CreateCollator(int batchSize) => new Single(new Column<T>(batchSize));

        sealed class Single(Column<T> column) : Collator<T, Tensor>
        {
            public override void Begin(int samples, in CollateContext batchContext) => column.Begin(samples, batchContext, null);

            public override void Add(int j, T sample, BatchScope scope)
            {
                column.Set(j, sample);
                if (j == 0 || !column.Streaming) return;
                column.CopyUpTo(j);
                Release(scope, column.TensorAt(j - 1), column.TensorAt(j));
            }

            public override Tensor Finish() => column.Collate().DetachFromDisposeScope();

            public override void Clear() => column.Clear();
        }
    }

    sealed class PairCollation<T1, T2> : Collation<(T1, T2), (Tensor X, Tensor Y)>
    {
        public override string? Problem =>
            Problems(TypeNames.Of(typeof((T1, T2))), Element(0, ElementCollator<T1>.Problem), Element(1, ElementCollator<T2>.Problem));

        public override Collator<(T1, T2), (Tensor X, Tensor Y)> CreateCollator(int batchSize) =>
            new Pair(new Column<T1>(batchSize), new Column<T2>(batchSize));

        sealed class Pair(Column<T1> first, Column<T2> second) : Collator<(T1, T2), (Tensor X, Tensor Y)>
        {
            public override void Begin(int samples, in CollateContext batchContext)
            {
                first.Begin(samples, batchContext, 0);
                second.Begin(samples, batchContext, 1);
            }

            public override void Add(int j, (T1, T2) sample, BatchScope scope)
            {
                first.Set(j, sample.Item1);
                second.Set(j, sample.Item2);
                if (j == 0 || !first.Streaming || !second.Streaming) return;
                first.CopyUpTo(j);
                second.CopyUpTo(j);
                var (nextFirst, nextSecond) = (first.TensorAt(j), second.TensorAt(j));
                var (doneFirst, doneSecond) = (first.TensorAt(j - 1), second.TensorAt(j - 1));
                Release(scope, doneFirst, nextFirst, nextSecond);
                if (!ReferenceEquals(doneSecond, doneFirst)) Release(scope, doneSecond, nextFirst, nextSecond);
            }

            public override (Tensor X, Tensor Y) Finish()
            {
                // Both are registered in the batch's scope until detached: if the second fails, the first is freed.
                var x = first.Collate();
                var y = second.Collate();
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
            new Triple(new Column<T1>(batchSize), new Column<T2>(batchSize), new Column<T3>(batchSize));

        sealed class Triple(Column<T1> first, Column<T2> second, Column<T3> third)
            : Collator<(T1, T2, T3), (Tensor, Tensor, Tensor)>
        {
            public override void Begin(int samples, in CollateContext batchContext)
            {
                first.Begin(samples, batchContext, 0);
                second.Begin(samples, batchContext, 1);
                third.Begin(samples, batchContext, 2);
            }

            public override void Add(int j, (T1, T2, T3) sample, BatchScope scope)
            {
                first.Set(j, sample.Item1);
                second.Set(j, sample.Item2);
                third.Set(j, sample.Item3);
                if (j == 0 || !first.Streaming || !second.Streaming || !third.Streaming) return;
                first.CopyUpTo(j);
                second.CopyUpTo(j);
                third.CopyUpTo(j);
                var (a, b, c) = (first.TensorAt(j), second.TensorAt(j), third.TensorAt(j));
                var (doneA, doneB, doneC) = (first.TensorAt(j - 1), second.TensorAt(j - 1), third.TensorAt(j - 1));
                Release(scope, doneA, a, b, c);
                if (!ReferenceEquals(doneB, doneA)) Release(scope, doneB, a, b, c);
                if (!ReferenceEquals(doneC, doneA) && !ReferenceEquals(doneC, doneB)) Release(scope, doneC, a, b, c);
            }

            public override (Tensor, Tensor, Tensor) Finish()
            {
                var x = first.Collate();
                var y = second.Collate();
                var z = third.Collate();
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
            CollateContext context;
            int count;
            int width;

            public override void Begin(int samples, in CollateContext batchContext) => (count, context, width) = (samples, batchContext, -1);

            public override void Add(int j, Tensor[] sample, BatchScope scope)
            {
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
                for (var k = 0; k < width; k++) columns[k].Add(j, sample[k]);
                if (j == 0) return;
                for (var k = 0; k < width; k++)
                    if (!columns[k].Streaming) return;
                for (var k = 0; k < width; k++) columns[k].CopyUpTo(j);
                for (var k = 0; k < width; k++)
                {
                    // Arrays are short: a scan finds a tensor the next sample uses too (kept), without hashing new
                    // tensors. Disposing one that stands twice in a sample is harmless.
                    var done = columns[k].At(j - 1)!;
                    if (done.IsInvalid || UsedBy(j, done) || !scope.Owns(done)) continue;
                    done.Dispose();
                }
            }

            bool UsedBy(int j, Tensor tensor)
            {
                for (var k = 0; k < width; k++)
                    if (ReferenceEquals(columns[k].At(j), tensor)) return true;
                return false;
            }

            public override Tensor[] Finish()
            {
                var result = new Tensor[width];
                for (var k = 0; k < width; k++) result[k] = columns[k].Finish();
                foreach (var t in result) t.DetachFromDisposeScope();
                return result;
            }

            public override void Clear()
            {
                foreach (var column in columns) column.Clear();
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
