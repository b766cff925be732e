using System.Text.Json;

namespace TorchFluent.Conformance.Infrastructure;

/// <summary>
/// A tensor as real PyTorch printed it: dtype name ("float32", "int64", "complex64" ...), shape, and row-major values
/// (complex values as (re, im) pairs; float16/bfloat16 values are the exact float32 values they hold).
/// </summary>
public sealed class GoldenTensor
{
    GoldenTensor(string name, string dtype, long[] shape, double[] values, double[]? imaginary)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        Values = values;
        Imaginary = imaginary;
    }

    /// <summary>Where the value came from, for assertion messages.</summary>
    public string Name { get; }

    /// <summary>PyTorch's dtype name without "torch.".</summary>
    public string DType { get; }

    /// <summary>The shape.</summary>
    public long[] Shape { get; }

    /// <summary>Values as doubles (real parts for complex tensors; 1/0 for bool).</summary>
    public double[] Values { get; }

    /// <summary>Imaginary parts, for complex tensors only.</summary>
    public double[]? Imaginary { get; }

    internal static GoldenTensor From(JsonElement e, string name)
    {
        var dtype = e.GetProperty("dtype").GetString()!;
        var shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        var data = e.GetProperty("data").EnumerateArray().ToList();
        if (dtype.StartsWith("complex", StringComparison.Ordinal))
        {
            return new GoldenTensor(name, dtype, shape,
                data.Select(p => ReadDouble(p[0])).ToArray(),
                data.Select(p => ReadDouble(p[1])).ToArray());
        }
        return new GoldenTensor(name, dtype, shape, data.Select(ReadDouble).ToArray(), null);
    }

    internal static double ReadDouble(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.String => v.GetString() switch
        {
            "nan" => double.NaN,
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            var s => throw new FormatException($"Unexpected golden number '{s}'."),
        },
        _ => v.GetDouble(),
    };
}
