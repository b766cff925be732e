using System.Text.Json;
using FluentAssertions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Infrastructure;

/// <summary>
/// Rebuilds a golden's input tensors with raw TorchSharp (not with the TorchFluent code under test), and reads the
/// "raises" records the generators write for calls PyTorch refuses.
/// </summary>
public static class GoldenInputs
{
    /// <summary>The golden tensor as a TorchSharp tensor of the same dtype, shape and values.</summary>
    public static Tensor ToTensor(this GoldenTensor golden, bool requiresGrad = false)
    {
        var dtype = DTypeOf(golden.DType);
        Tensor result;
        if (golden.Imaginary is { } imaginary)
        {
            using var re = tensor(golden.Values, golden.Shape, ScalarType.Float64);
            using var im = tensor(imaginary, golden.Shape, ScalarType.Float64);
            using var c = complex(re, im);
            result = c.to_type(dtype);
        }
        else
        {
            using var values = tensor(golden.Values, golden.Shape, ScalarType.Float64);
            result = values.to_type(dtype);
        }
        if (requiresGrad) result.requires_grad = true;
        return result;
    }

    /// <summary>TorchSharp's ScalarType for a golden dtype name ("float32", "int64" ...).</summary>
    public static ScalarType DTypeOf(string name) => name switch
    {
        "float32" => ScalarType.Float32,
        "float64" => ScalarType.Float64,
        "float16" => ScalarType.Float16,
        "bfloat16" => ScalarType.BFloat16,
        "uint8" => ScalarType.Byte,
        "int8" => ScalarType.Int8,
        "int16" => ScalarType.Int16,
        "int32" => ScalarType.Int32,
        "int64" => ScalarType.Int64,
        "bool" => ScalarType.Bool,
        "complex64" => ScalarType.ComplexFloat32,
        "complex128" => ScalarType.ComplexFloat64,
        _ => throw new ArgumentException($"Unknown golden dtype '{name}'."),
    };

    /// <summary>Asserts that PyTorch raised for this record ({"raises": "RuntimeError", "message": ...}) and returns its message.</summary>
    public static string PyTorchRaised(this GoldenCase record)
    {
        var raises = record.Element.GetProperty("raises");
        raises.ValueKind.Should().Be(JsonValueKind.String, $"{record.Name}: the golden says PyTorch raises");
        return record.String("message");
    }

    /// <summary>Asserts that PyTorch did not raise for this record.</summary>
    public static void PyTorchAccepted(this GoldenCase record) =>
        record.Element.GetProperty("raises").ValueKind.Should().Be(JsonValueKind.Null, $"{record.Name}: the golden says PyTorch accepts the call");
}
