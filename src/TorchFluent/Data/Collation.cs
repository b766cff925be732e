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
/// the batch it returns has its tensors detached from every scope; the samples and anything else it creates are freed
/// with the scope.
/// </summary>
internal abstract class Collator<TSample, TBatch>
{
    public abstract void Begin(int count, in CollateContext context);

    /// <summary>Takes sample <paramref name="j"/> (kept until <see cref="Finish"/>).</summary>
    public abstract void Add(int j, TSample sample);

    public abstract TBatch Finish();

    /// <summary>Drops references to samples (called after every batch, made or failed).</summary>
    public abstract void Clear();
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

    /// <summary>One element of every sample, collated when the batch is complete.</summary>
    sealed class Column<T>(int capacity)
    {
        readonly T[] elements = new T[capacity];

        public void Set(int j, T element) => elements[j] = element;

        public Tensor Collate(int count, in CollateContext context, int? position) =>
            ElementCollator<T>.Instance!.Collate(elements, count, context, position);

        public void Clear(int count) => Array.Clear(elements, 0, count);
    }

    sealed class SingleCollation<T> : Collation<T, Tensor>
    {
        public override string? Problem => Problems(TypeNames.Of(typeof(T)), ElementCollator<T>.Problem);

        public override Collator<T, Tensor> CreateCollator(int batchSize) => new Single(new Column<T>(batchSize));

        sealed class Single(Column<T> column) : Collator<T, Tensor>
        {
            CollateContext context;
            int count;

            public override void Begin(int samples, in CollateContext batchContext) => (count, context) = (samples, batchContext);

            public override void Add(int j, T sample) => column.Set(j, sample);

            public override Tensor Finish() => column.Collate(count, context, null).DetachFromDisposeScope();

            public override void Clear() => column.Clear(count);
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
            CollateContext context;
            int count;

            public override void Begin(int samples, in CollateContext batchContext) => (count, context) = (samples, batchContext);

            public override void Add(int j, (T1, T2) sample)
            {
                first.Set(j, sample.Item1);
                second.Set(j, sample.Item2);
            }

            public override (Tensor X, Tensor Y) Finish()
            {
                // Both are registered in the batch's scope until detached: if the second fails, the first is freed.
                var x = first.Collate(count, context, 0);
                var y = second.Collate(count, context, 1);
                return (x.DetachFromDisposeScope(), y.DetachFromDisposeScope());
            }

            public override void Clear()
            {
                first.Clear(count);
                second.Clear(count);
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
            CollateContext context;
            int count;

            public override void Begin(int samples, in CollateContext batchContext) => (count, context) = (samples, batchContext);

            public override void Add(int j, (T1, T2, T3) sample)
            {
                first.Set(j, sample.Item1);
                second.Set(j, sample.Item2);
                third.Set(j, sample.Item3);
            }

            public override (Tensor, Tensor, Tensor) Finish()
            {
                var x = first.Collate(count, context, 0);
                var y = second.Collate(count, context, 1);
                var z = third.Collate(count, context, 2);
                return (x.DetachFromDisposeScope(), y.DetachFromDisposeScope(), z.DetachFromDisposeScope());
            }

            public override void Clear()
            {
                first.Clear(count);
                second.Clear(count);
                third.Clear(count);
            }
        }
    }

    sealed class TensorArrayCollation : Collation<Tensor[], Tensor[]>
    {
        public override Collator<Tensor[], Tensor[]> CreateCollator(int batchSize) => new Arrays(batchSize);

        sealed class Arrays(int batchSize) : Collator<Tensor[], Tensor[]>
        {
            readonly Tensor[][] samples = new Tensor[batchSize][];
            readonly Tensor[] column = new Tensor[batchSize];
            CollateContext context;
            int count;

            public override void Begin(int samplesInBatch, in CollateContext batchContext) => (count, context) = (samplesInBatch, batchContext);

            public override void Add(int j, Tensor[] sample)
            {
                if (sample is null)
                    throw new DataLoaderException(Messages.NullSample(context.BatchIndex, context.Indices[j]), context.BatchIndex, context.Indices[j], null);
                if (j > 0 && sample.Length != samples[0].Length)
                {
                    throw new DataLoaderException(
                        Messages.TensorArrayLengthsDiffer(context.BatchIndex, context.Indices[j], sample.Length, context.Indices[0], samples[0].Length),
                        context.BatchIndex, context.Indices[j], null);
                }
                samples[j] = sample;
            }

            public override Tensor[] Finish()
            {
                var result = new Tensor[samples[0].Length];
                for (var k = 0; k < result.Length; k++)
                {
                    for (var j = 0; j < count; j++) column[j] = samples[j][k];
                    result[k] = TensorStack.Stack(column, count, context, k);
                }
                foreach (var t in result) t.DetachFromDisposeScope();
                return result;
            }

            public override void Clear()
            {
                Array.Clear(samples, 0, count);
                Array.Clear(column, 0, count);
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
            public override void Add(int j, TSample sample) => samples[j] = sample;

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
