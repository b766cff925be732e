using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Collates one .NET element (scalar or array) of every sample of a batch into a tensor, writing the values straight
/// into a new tensor's memory. The result is registered in the current DisposeScope. Tensor elements do not come here:
/// they stream into a <see cref="TensorColumn"/> as samples arrive.
/// </summary>
internal abstract class ElementCollator<T>
{
    static ElementCollator()
    {
        (Instance, Problem) = ElementCollators.Create<T>();
    }

    /// <summary>
    /// The collator for <typeparamref name="T"/>, or null for <see cref="Tensor"/> (collated by <see cref="TensorColumn"/>)
    /// and for unsupported types (then <see cref="Problem"/> says why).
    /// </summary>
    public static ElementCollator<T>? Instance { get; }

    /// <summary>Why <typeparamref name="T"/> is not supported, or null.</summary>
    public static string? Problem { get; }

    /// <param name="elements">The elements, one per sample, in batch order.</param>
    /// <param name="count">How many of <paramref name="elements"/> belong to the batch.</param>
    /// <param name="context">The batch, for messages.</param>
    /// <param name="position">The element's position in a tuple or array sample, or null for a one-element sample.</param>
    public abstract Tensor Collate(T[] elements, int count, in CollateContext context, int? position);
}

internal static class ElementCollators
{
    internal static (ElementCollator<T>?, string?) Create<T>()
    {
        var type = typeof(T);
        if (type == typeof(Tensor)) return (null, null);
        if (type == typeof(int)) return ((ElementCollator<T>)(object)new IntCollator(), null);
        if (ScalarTypeOf(type) is { } scalar)
        {
            var collator = Activator.CreateInstance(typeof(ScalarCollator<>).MakeGenericType(type), scalar)!;
            return ((ElementCollator<T>)collator, null);
        }
        if (type.IsArray && (type.GetElementType() == typeof(int) || ScalarTypeOf(type.GetElementType()!) is not null))
            return (new ArrayCollator<T>(), null);
        return (null, Messages.ElementUnsupported(TypeNames.Of(type)));
    }

    /// <summary>The dtype a .NET scalar keeps (int is widened to int64 separately).</summary>
    internal static ScalarType? ScalarTypeOf(Type type) =>
        type == typeof(float) ? ScalarType.Float32
        : type == typeof(double) ? ScalarType.Float64
        : type == typeof(Half) ? ScalarType.Float16
        : type == typeof(long) ? ScalarType.Int64
        : type == typeof(short) ? ScalarType.Int16
        : type == typeof(sbyte) ? ScalarType.Int8
        : type == typeof(byte) ? ScalarType.Byte
        : type == typeof(bool) ? ScalarType.Bool
        : null;

    sealed class ScalarCollator<TValue>(ScalarType type) : ElementCollator<TValue> where TValue : unmanaged
    {
        public override Tensor Collate(TValue[] elements, int count, in CollateContext context, int? position)
        {
            var result = torch.empty([count], type);
            elements.AsSpan(0, count).CopyTo(MemoryMarshal.Cast<byte, TValue>(result.bytes));
            return result;
        }
    }

    /// <summary>C# int collates to int64, as Python ints do in PyTorch: class labels then feed cross-entropy as they are.</summary>
    sealed class IntCollator : ElementCollator<int>
    {
        public override Tensor Collate(int[] elements, int count, in CollateContext context, int? position)
        {
            var result = torch.empty([count], ScalarType.Int64);
            var target = MemoryMarshal.Cast<byte, long>(result.bytes);
            for (var j = 0; j < count; j++) target[j] = elements[j];
            return result;
        }
    }

    /// <summary>Arrays of any rank: batch shape [count, ...array dimensions], the arrays' dtype (int widened to int64).</summary>
    sealed class ArrayCollator<TArray> : ElementCollator<TArray>
    {
        static readonly Type ElementType = typeof(TArray).GetElementType()!;
        static readonly bool Widen = ElementType == typeof(int);
        static readonly ScalarType Type = Widen ? ScalarType.Int64 : ScalarTypeOf(ElementType)!.Value;
        static readonly int ElementSize = Widen ? sizeof(int) : Marshal.SizeOf(ElementType == typeof(bool) ? typeof(byte) : ElementType);

        public override Tensor Collate(TArray[] elements, int count, in CollateContext context, int? position)
        {
            var arrays = new Array[count];
            for (var j = 0; j < count; j++)
            {
                arrays[j] = elements[j] as Array
                    ?? throw new DataLoaderException(Messages.NullElement(context.BatchIndex, context.Indices[j], position), context.BatchIndex, context.Indices[j], null);
            }
            var dims = Dimensions(arrays[0]);
            for (var j = 1; j < count; j++)
            {
                var other = Dimensions(arrays[j]);
                if (!other.AsSpan().SequenceEqual(dims))
                    throw new DataLoaderException(
                        Messages.ArrayShapesDiffer(context.BatchIndex, position, TypeNames.Of(typeof(TArray)), context.Indices[j], other, context.Indices[0], dims),
                        context.BatchIndex, context.Indices[j], null);
            }
            var shape = new long[dims.Length + 1];
            shape[0] = count;
            dims.CopyTo(shape, 1);
            var result = torch.empty(shape, Type);
            var target = result.bytes;
            var perSample = arrays[0].Length;
            for (var j = 0; j < count; j++)
            {
                var source = MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(arrays[j]), perSample * ElementSize);
                if (Widen)
                {
                    var from = MemoryMarshal.Cast<byte, int>(source);
                    var to = MemoryMarshal.Cast<byte, long>(target).Slice(j * perSample, perSample);
                    for (var k = 0; k < perSample; k++) to[k] = from[k];
                }
                else
                {
                    source.CopyTo(target[(j * perSample * ElementSize)..]);
                }
            }
            return result;
        }

        static long[] Dimensions(Array array)
        {
            var dims = new long[array.Rank];
            for (var d = 0; d < dims.Length; d++) dims[d] = array.GetLength(d);
            return dims;
        }
    }
}
