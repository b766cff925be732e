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

    /// <summary>True when the last element added is still needed (a tensor kept for stacking at the end).</summary>
    public abstract bool KeptLast { get; }

    public abstract void Begin(int count, in CollateContext context, int? position);

    public abstract void Add(int j, T element);

    public abstract Tensor Finish();

    public abstract void Clear();

    sealed class Tensors(TensorColumn column) : ElementColumn<Tensor>
    {
        public override bool KeptLast => column.KeptLast;

        public override void Begin(int count, in CollateContext context, int? position) => column.Begin(count, context, position);

        public override void Add(int j, Tensor element) => column.Add(j, element);

        public override Tensor Finish() => column.Finish();

        public override void Clear() => column.Clear();
    }

    sealed class Buffered(int capacity) : ElementColumn<T>
    {
        readonly T[] elements = new T[capacity];
        CollateContext context;
        int? position;
        int count;

        public override bool KeptLast => false;

        public override void Begin(int samples, in CollateContext batchContext, int? elementPosition) =>
            (count, context, position) = (samples, batchContext, elementPosition);

        public override void Add(int j, T element) => elements[j] = element;

        public override Tensor Finish() => ElementCollator<T>.Instance!.Collate(elements, count, context, position);

        public override void Clear() => Array.Clear(elements);
    }
}
