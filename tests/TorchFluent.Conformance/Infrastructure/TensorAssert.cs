using FluentAssertions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Infrastructure;

/// <summary>Compares a TorchSharp tensor with a golden: dtype, shape, then every value within explicit tolerances.</summary>
public static class TensorAssert
{
    /// <summary>
    /// Asserts that <paramref name="actual"/> has the golden's dtype and shape and that each value satisfies
    /// |a - e| &lt;= atol + rtol * |e| (NaN matches NaN). Tolerances are explicit per test; 0 means bit-exact.
    /// </summary>
    public static void Equal(Tensor actual, GoldenTensor expected, double atol = 0, double rtol = 0)
    {
        TorchNames.Of(actual.dtype).Should().Be(expected.DType, $"dtype of {expected.Name}");
        actual.shape.Should().Equal(expected.Shape, $"shape of {expected.Name}");
        Values(actual, expected, atol, rtol);
    }

    /// <summary>Like <see cref="Equal"/> but ignores the dtype (for example when comparing through a cast).</summary>
    public static void Values(Tensor actual, GoldenTensor expected, double atol = 0, double rtol = 0)
    {
        actual.shape.Should().Equal(expected.Shape, $"shape of {expected.Name}");
        using var flat = actual.detach().cpu().reshape(-1);
        if (actual.is_complex())
        {
            using var complex = flat.to_type(ScalarType.ComplexFloat64);
            using var re = complex.real.contiguous();
            using var im = complex.imag.contiguous();
            Compare(re.data<double>().ToArray(), expected.Values, atol, rtol, expected.Name + " (real)");
            Compare(im.data<double>().ToArray(), expected.Imaginary!, atol, rtol, expected.Name + " (imaginary)");
            return;
        }
        using var asDouble = flat.to_type(ScalarType.Float64);
        Compare(asDouble.data<double>().ToArray(), expected.Values, atol, rtol, expected.Name);
    }

    static void Compare(double[] actual, double[] expected, double atol, double rtol, string name)
    {
        actual.Length.Should().Be(expected.Length, $"element count of {name}");
        for (var i = 0; i < actual.Length; i++)
        {
            var (a, e) = (actual[i], expected[i]);
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            if (a == e) continue;
            var tolerance = atol + rtol * Math.Abs(e);
            Math.Abs(a - e).Should().BeLessThanOrEqualTo(tolerance, $"{name}[{i}]: actual {a:R}, expected {e:R} (atol {atol}, rtol {rtol})");
        }
    }
}

/// <summary>PyTorch's dtype names for TorchSharp's ScalarType, as the goldens spell them.</summary>
public static class TorchNames
{
    /// <summary>"float32" for ScalarType.Float32, and so on.</summary>
    public static string Of(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Byte => "uint8",
        ScalarType.Int8 => "int8",
        ScalarType.Int16 => "int16",
        ScalarType.Int32 => "int32",
        ScalarType.Int64 => "int64",
        ScalarType.Bool => "bool",
        ScalarType.ComplexFloat32 => "complex64",
        ScalarType.ComplexFloat64 => "complex128",
        _ => type.ToString(),
    };
}
