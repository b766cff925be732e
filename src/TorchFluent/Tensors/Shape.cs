using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;

namespace TorchFluent;

/// <summary>
/// The shape of a tensor: PyTorch's <c>torch.Size</c> as an immutable .NET value. It compares by value with other
/// shapes and with arrays (<c>x.Shape == [3, 2]</c>), indexes (<c>shape[0]</c>, <c>shape[^1]</c>), slices
/// (<c>shape[1..]</c>), deconstructs (<c>var (b, m, k) = x.Shape;</c>) and prints like PyTorch
/// (<c>torch.Size([3, 2])</c>). It converts to <see cref="ReadOnlySpan{T}"/> of <see cref="long"/>, so it can be passed to
/// any TorchSharp call that takes sizes (<c>zeros(x.Shape)</c>).
/// </summary>
/// <remarks><c>default(Shape)</c> is the shape of a scalar (0-d) tensor, <c>torch.Size([])</c>.</remarks>
[CollectionBuilder(typeof(Shape), nameof(Create))]
public readonly struct Shape : IReadOnlyList<long>, IEquatable<Shape>
{
    // Never mutated after construction and never handed out: the struct is immutable even though arrays are not.
    readonly long[]? sizes;

    /// <summary>Creates a shape from sizes (copied).</summary>
    /// <param name="sizes">The size of each dimension, outermost first. Each must be 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    public Shape(params ReadOnlySpan<long> sizes)
    {
        for (var i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] < 0)
                throw new ArgumentOutOfRangeException(nameof(sizes), Messages.ShapeNegativeSize(sizes, i));
        }
        this.sizes = sizes.Length == 0 ? null : sizes.ToArray();
    }

    Shape(long[]? owned) => sizes = owned is { Length: > 0 } ? owned : null;

    /// <summary>Wraps an array the caller will never touch again (no copy, no validation).</summary>
    internal static Shape Own(long[] sizes) => new(sizes);

    /// <summary>Builds a shape from a collection expression: <c>Shape s = [2, 3];</c>.</summary>
    /// <param name="sizes">The size of each dimension.</param>
    /// <returns>The shape.</returns>
    public static Shape Create(ReadOnlySpan<long> sizes) => new(sizes);

    /// <summary>The number of dimensions (PyTorch: <c>len(x.shape)</c>).</summary>
    public int Count => sizes?.Length ?? 0;

    /// <summary>The size of dimension <paramref name="index"/>. Use <c>^1</c> for the last dimension.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the shape.</exception>
    public long this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(index), Messages.ShapeIndexOutOfRange(this, index));
            return sizes![index];
        }
    }

    /// <summary>The dimensions in <paramref name="range"/>, as a shape (PyTorch: <c>x.shape[1:]</c>).</summary>
    /// <param name="range">For example <c>1..</c> or <c>..^1</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the shape.</exception>
    public Shape this[Range range] => new(AsSpan()[range]);

    /// <summary>The number of elements a tensor of this shape holds (PyTorch: <c>torch.Size.numel()</c>; 1 for a scalar).</summary>
    /// <returns>The product of the sizes.</returns>
    /// <exception cref="OverflowException">The product does not fit in a <see cref="long"/>.</exception>
    public long Numel()
    {
        long n = 1;
        foreach (var size in AsSpan()) n = checked(n * size);
        return n;
    }

    /// <summary>The sizes as a read-only span (no copy).</summary>
    /// <returns>The sizes.</returns>
    public ReadOnlySpan<long> AsSpan() => sizes;

    /// <summary>The sizes as a new array.</summary>
    /// <returns>A copy of the sizes.</returns>
    public long[] ToArray() => AsSpan().ToArray();

    /// <summary>Enumerates the sizes without allocating.</summary>
    /// <returns>An enumerator over the sizes.</returns>
    public ReadOnlySpan<long>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

    IEnumerator<long> IEnumerable<long>.GetEnumerator() => ((IEnumerable<long>)(sizes ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<long>)this).GetEnumerator();

    /// <summary>True when both shapes have the same sizes in the same order.</summary>
    /// <param name="other">The other shape.</param>
    /// <returns>Whether the shapes are equal.</returns>
    public bool Equals(Shape other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <summary>True when <paramref name="obj"/> is a <see cref="Shape"/> (or a <see cref="long"/>/<see cref="int"/> array) with the same sizes.</summary>
    /// <param name="obj">The other object.</param>
    /// <returns>Whether the objects are equal.</returns>
    public override bool Equals(object? obj) => obj switch
    {
        Shape s => Equals(s),
        long[] a => Equals((Shape)a),
        int[] a => Equals((Shape)a),
        _ => false,
    };

    /// <summary>A hash of the sizes, consistent with <see cref="Equals(Shape)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var size in AsSpan()) hash.Add(size);
        return hash.ToHashCode();
    }

    /// <summary>Prints like PyTorch: <c>torch.Size([2, 3])</c>.</summary>
    /// <returns>The shape as PyTorch prints it.</returns>
    public override string ToString()
    {
        var text = new StringBuilder("torch.Size([");
        var span = AsSpan();
        for (var i = 0; i < span.Length; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(span[i]);
        }
        return text.Append("])").ToString();
    }

    /// <summary>Value equality: <c>x.Shape == [3, 2]</c>, <c>x.Shape == y.Shape</c>, <c>x.Shape == someLongArray</c>.</summary>
    /// <param name="left">A shape.</param>
    /// <param name="right">A shape.</param>
    /// <returns>Whether the shapes are equal.</returns>
    public static bool operator ==(Shape left, Shape right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    /// <param name="left">A shape.</param>
    /// <param name="right">A shape.</param>
    /// <returns>Whether the shapes differ.</returns>
    public static bool operator !=(Shape left, Shape right) => !left.Equals(right);

    /// <summary>A shape from a <see cref="long"/> array, such as TorchSharp's <c>Tensor.shape</c> (copied).</summary>
    /// <param name="sizes">The sizes; null is the scalar shape.</param>
    public static implicit operator Shape(long[]? sizes) => new((ReadOnlySpan<long>)sizes);

    /// <summary>A shape from an <see cref="int"/> array (copied).</summary>
    /// <param name="sizes">The sizes; null is the scalar shape.</param>
    public static implicit operator Shape(int[]? sizes)
    {
        if (sizes is null || sizes.Length == 0) return default;
        var widened = new long[sizes.Length];
        for (var i = 0; i < sizes.Length; i++) widened[i] = sizes[i];
        return new Shape((ReadOnlySpan<long>)widened);
    }

    /// <summary>The sizes as a span, for TorchSharp calls that take sizes: <c>zeros(x.Shape)</c>.</summary>
    /// <param name="shape">The shape.</param>
    public static implicit operator ReadOnlySpan<long>(Shape shape) => shape.sizes;

    /// <summary>Deconstructs a 2-D shape: <c>var (rows, columns) = x.Shape;</c>.</summary>
    /// <param name="d0">Size of dimension 0.</param>
    /// <param name="d1">Size of dimension 1.</param>
    /// <exception cref="InvalidOperationException">The shape does not have exactly 2 dimensions.</exception>
    public void Deconstruct(out long d0, out long d1)
    {
        var s = Expect(2);
        (d0, d1) = (s[0], s[1]);
    }

    /// <summary>Deconstructs a 3-D shape: <c>var (b, m, k) = x.Shape;</c>.</summary>
    /// <param name="d0">Size of dimension 0.</param>
    /// <param name="d1">Size of dimension 1.</param>
    /// <param name="d2">Size of dimension 2.</param>
    /// <exception cref="InvalidOperationException">The shape does not have exactly 3 dimensions.</exception>
    public void Deconstruct(out long d0, out long d1, out long d2)
    {
        var s = Expect(3);
        (d0, d1, d2) = (s[0], s[1], s[2]);
    }

    /// <summary>Deconstructs a 4-D shape: <c>var (n, c, h, w) = x.Shape;</c>.</summary>
    /// <param name="d0">Size of dimension 0.</param>
    /// <param name="d1">Size of dimension 1.</param>
    /// <param name="d2">Size of dimension 2.</param>
    /// <param name="d3">Size of dimension 3.</param>
    /// <exception cref="InvalidOperationException">The shape does not have exactly 4 dimensions.</exception>
    public void Deconstruct(out long d0, out long d1, out long d2, out long d3)
    {
        var s = Expect(4);
        (d0, d1, d2, d3) = (s[0], s[1], s[2], s[3]);
    }

    /// <summary>Deconstructs a 5-D shape.</summary>
    /// <param name="d0">Size of dimension 0.</param>
    /// <param name="d1">Size of dimension 1.</param>
    /// <param name="d2">Size of dimension 2.</param>
    /// <param name="d3">Size of dimension 3.</param>
    /// <param name="d4">Size of dimension 4.</param>
    /// <exception cref="InvalidOperationException">The shape does not have exactly 5 dimensions.</exception>
    public void Deconstruct(out long d0, out long d1, out long d2, out long d3, out long d4)
    {
        var s = Expect(5);
        (d0, d1, d2, d3, d4) = (s[0], s[1], s[2], s[3], s[4]);
    }

    ReadOnlySpan<long> Expect(int count) =>
        Count == count ? AsSpan() : throw new InvalidOperationException(Messages.ShapeDeconstruct(this, count));
}
