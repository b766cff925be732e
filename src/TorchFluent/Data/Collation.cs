using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Which batch is being collated, and the dataset indices of its samples (for messages).</summary>
internal readonly record struct CollateContext(int BatchIndex, int[] Indices);

/// <summary>
/// Turns the samples of one batch into the batch. Runs inside the batch's DisposeScope: the batch it returns must have
/// its tensors detached from every scope; anything else it creates is freed with the scope.
/// </summary>
internal abstract class Collation<TSample, TBatch>
{
    /// <summary>Why this collation cannot work for its types (checked by Build), or null.</summary>
    public virtual string? Problem => null;

    public abstract TBatch Collate(TSample[] samples, int count, in CollateContext context);
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

    sealed class SingleCollation<T> : Collation<T, Tensor>
    {
        public override string? Problem => Problems(TypeNames.Of(typeof(T)), ElementCollator<T>.Problem);

        public override Tensor Collate(T[] samples, int count, in CollateContext context) =>
            ElementCollator<T>.Instance!.Collate(samples, count, context, null).DetachFromDisposeScope();
    }

    sealed class PairCollation<T1, T2> : Collation<(T1, T2), (Tensor X, Tensor Y)>
    {
        public override string? Problem =>
            Problems(TypeNames.Of(typeof((T1, T2))), Element(0, ElementCollator<T1>.Problem), Element(1, ElementCollator<T2>.Problem));

        public override (Tensor X, Tensor Y) Collate((T1, T2)[] samples, int count, in CollateContext context)
        {
            var first = new T1[count];
            var second = new T2[count];
            for (var j = 0; j < count; j++) (first[j], second[j]) = samples[j];
            var x = ElementCollator<T1>.Instance!.Collate(first, count, context, 0);
            var y = ElementCollator<T2>.Instance!.Collate(second, count, context, 1);
            return (x.DetachFromDisposeScope(), y.DetachFromDisposeScope());
        }
    }

    sealed class TripleCollation<T1, T2, T3> : Collation<(T1, T2, T3), (Tensor, Tensor, Tensor)>
    {
        public override string? Problem =>
            Problems(TypeNames.Of(typeof((T1, T2, T3))), Element(0, ElementCollator<T1>.Problem),
                Element(1, ElementCollator<T2>.Problem), Element(2, ElementCollator<T3>.Problem));

        public override (Tensor, Tensor, Tensor) Collate((T1, T2, T3)[] samples, int count, in CollateContext context)
        {
            var first = new T1[count];
            var second = new T2[count];
            var third = new T3[count];
            for (var j = 0; j < count; j++) (first[j], second[j], third[j]) = samples[j];
            var a = ElementCollator<T1>.Instance!.Collate(first, count, context, 0);
            var b = ElementCollator<T2>.Instance!.Collate(second, count, context, 1);
            var c = ElementCollator<T3>.Instance!.Collate(third, count, context, 2);
            return (a.DetachFromDisposeScope(), b.DetachFromDisposeScope(), c.DetachFromDisposeScope());
        }
    }

    sealed class TensorArrayCollation : Collation<Tensor[], Tensor[]>
    {
        public override Tensor[] Collate(Tensor[][] samples, int count, in CollateContext context)
        {
            for (var j = 0; j < count; j++)
            {
                if (samples[j] is null)
                    throw new DataLoaderException(Messages.NullSample(context.BatchIndex, context.Indices[j]), context.BatchIndex, context.Indices[j], null);
            }
            var width = samples[0].Length;
            for (var j = 1; j < count; j++)
            {
                if (samples[j].Length != width)
                    throw new DataLoaderException(
                        Messages.TensorArrayLengthsDiffer(context.BatchIndex, context.Indices[j], samples[j].Length, context.Indices[0], width),
                        context.BatchIndex, context.Indices[j], null);
            }
            var result = new Tensor[width];
            var column = new Tensor[count];
            for (var k = 0; k < width; k++)
            {
                for (var j = 0; j < count; j++) column[j] = samples[j][k];
                result[k] = ElementCollator<Tensor>.Instance!.Collate(column, count, context, k);
            }
            foreach (var t in result) t.DetachFromDisposeScope();
            return result;
        }
    }

    sealed class CustomCollation<TSample, TBatch>(Func<IReadOnlyList<TSample>, TBatch> collate) : Collation<TSample, TBatch>
    {
        public override TBatch Collate(TSample[] samples, int count, in CollateContext context)
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
    }

    static string? Element(int position, string? problem) => problem is null ? null : $"element {position}: {problem}";
}
