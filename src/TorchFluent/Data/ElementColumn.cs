using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// One element of every sample of a batch, collected sample by sample: tensors stream into a <see cref="TensorColumn"/>;
/// .NET scalars and arrays are buffered and written into a tensor at the end (<see cref="ElementCollator{T}"/>).
/// </summary>
internal abstract class ElementColumn<T>
{
    public static ElementColumn<T> Create(int capacity) =>
        typeof(T) == typeof(Tensor)
            ? (ElementColumn<T>)(object)new Tensors(new TensorColumn(capacity))
            : new Buffered(capacity);

    /// <summary>True while the column still needs <paramref name="tensor"/> (not yet copied, or kept for stacking).</summary>
    public abstract bool Holds(Tensor tensor);

    public abstract void Begin(int count, in CollateContext context, int? position);

    /// <summary>Adds sample <paramref name="j"/>'s element; <paramref name="done"/> is a tensor the column no longer needs.</summary>
    public abstract void Add(int j, T element, out Tensor? done);

    public abstract Tensor Finish(out Tensor? done);

    public abstract void Clear();

    sealed class Tensors(TensorColumn column) : ElementColumn<Tensor>
    {
        public override bool Holds(Tensor tensor) => column.Holds(tensor);

        public override void Begin(int count, in CollateContext context, int? position) => column.Begin(count, context, position);

        public override void Add(int j, Tensor element, out Tensor? done) => column.Add(j, element, out done);

        public override Tensor Finish(out Tensor? done) => column.Finish(out done);

        public override void Clear() => column.Clear();
    }

    sealed class Buffered(int capacity) : ElementColumn<T>
    {
        readonly T[] elements = new T[capacity];
        CollateContext context;
        int? position;
        int count;

        public override bool Holds(Tensor tensor) => false;

        public override void Begin(int samples, in CollateContext batchContext, int? elementPosition) =>
            (count, context, position) = (samples, batchContext, elementPosition);

        public override void Add(int j, T element, out Tensor? done)
        {
            elements[j] = element;
            done = null;
        }

        public override Tensor Finish(out Tensor? done)
        {
            done = null;
            return ElementCollator<T>.Instance!.Collate(elements, count, context, position);
        }

        public override void Clear() => Array.Clear(elements);
    }
}
