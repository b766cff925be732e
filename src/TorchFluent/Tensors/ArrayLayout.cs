using System.Text;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// The shape and element type of a .NET array of any rank or jagged depth, and its innermost arrays (the leaves) in
/// row-major order, so their bytes can be copied one after another into a tensor. Jagged levels must be rectangular:
/// the same rule (and nearly the same words) as PyTorch's "expected sequence of length 2 at dim 1 (got 3)".
/// </summary>
internal sealed class ArrayLayout
{
    ArrayLayout(long[] shape, ScalarType storage, int elementSize, List<Array> leaves)
    {
        Shape = shape;
        Storage = storage;
        ElementSize = elementSize;
        Leaves = leaves;
    }

    /// <summary>The tensor shape: each level's dimensions, outermost first.</summary>
    internal long[] Shape { get; }

    /// <summary>The dtype whose layout matches the innermost element type.</summary>
    internal ScalarType Storage { get; }

    /// <summary>Bytes per element.</summary>
    internal int ElementSize { get; }

    /// <summary>The arrays of numbers, in row-major order.</summary>
    internal List<Array> Leaves { get; }

    internal static ArrayLayout Of(Array data)
    {
        var elementType = data.GetType().GetElementType()!;
        var leafType = elementType;
        while (leafType.IsArray) leafType = leafType.GetElementType()!;
        var storage = ElementTypes.StorageOf(leafType)
            ?? throw new ArgumentException(Messages.FromUnsupportedElementType(leafType), nameof(data));

        // The shape comes from the first row at each depth; the walk below checks every other row against it.
        var shape = new List<long>();
        var levels = new List<int>(); // where each array level starts in the shape
        Array? probe = data;
        while (probe is not null)
        {
            levels.Add(shape.Count);
            for (var d = 0; d < probe.Rank; d++) shape.Add(probe.GetLongLength(d));
            if (!probe.GetType().GetElementType()!.IsArray || probe.Length == 0) break;
            probe = FirstElement(probe) as Array;
            if (probe is null) throw new ArgumentException(Messages.FromNullRow(PathOf([0], 1)), nameof(data));
        }

        var leaves = new List<Array>();
        var layout = new ArrayLayout(shape.ToArray(), storage, DType.Info(storage).Bytes, leaves);
        Walk(data, 0, [], layout, levels);
        return layout;
    }

    static void Walk(Array array, int level, List<long> path, ArrayLayout layout, List<int> levels)
    {
        // This array's dimensions must equal the shape's entries for its level.
        var start = level < levels.Count ? levels[level] : layout.Shape.Length;
        for (var d = 0; d < array.Rank; d++)
        {
            var expected = start + d < layout.Shape.Length ? layout.Shape[start + d] : 0;
            var actual = array.GetLongLength(d);
            if (actual != expected)
                throw new ArgumentException(Messages.FromRagged(PathOf(path, path.Count), expected, actual, start + d), "data");
        }

        // Typed arrays cannot mix element types (array covariance only applies to reference types, which are
        // refused as element types), so reaching a non-array element type means reaching the numbers.
        if (!array.GetType().GetElementType()!.IsArray)
        {
            layout.Leaves.Add(array);
            return;
        }

        var index = 0L;
        foreach (var item in array)
        {
            path.Add(index++);
            if (item is not Array child) throw new ArgumentException(Messages.FromNullRow(PathOf(path, path.Count)), "data");
            Walk(child, level + 1, path, layout, levels);
            path.RemoveAt(path.Count - 1);
        }
    }

    static object? FirstElement(Array array)
    {
        foreach (var item in array) return item;
        return null;
    }

    static string PathOf(List<long> path, int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++) text.Append('[').Append(path[i]).Append(']');
        return text.ToString();
    }
}
