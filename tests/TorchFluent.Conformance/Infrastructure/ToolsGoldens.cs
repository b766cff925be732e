using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Infrastructure;

/// <summary>
/// Inputs and weights for the Tools goldens (vision, recurrent modules), rebuilt with raw TorchSharp rather than with
/// the TorchFluent code under test.
/// </summary>
public static class ToolsGoldens
{
    /// <summary>The golden tensor as a TorchSharp tensor of the same dtype, shape and values.</summary>
    public static Tensor Load(GoldenTensor golden)
    {
        using var values = tensor(golden.Values, golden.Shape, ScalarType.Float64);
        return values.to_type(DType(golden.DType));
    }

    /// <summary>TorchSharp's ScalarType for a golden dtype name.</summary>
    public static ScalarType DType(string name) => name switch
    {
        "float32" => ScalarType.Float32,
        "float64" => ScalarType.Float64,
        "uint8" => ScalarType.Byte,
        "int8" => ScalarType.Int8,
        "int16" => ScalarType.Int16,
        "int32" => ScalarType.Int32,
        "int64" => ScalarType.Int64,
        "bool" => ScalarType.Bool,
        _ => throw new ArgumentException($"Unknown golden dtype '{name}'."),
    };

    /// <summary>
    /// The generators' det_fill_: parameter k (by name, ordinal order) holds ((i * 37 + 11 * k) % 41 - 20) / 100 at flat
    /// index i, computed in float64 and cast once, exactly as the Python side does. With <paramref name="scaleByFanIn"/>
    /// (gen_models.py) the value is further divided by sqrt(fan_in), fan_in = numel / shape[0] for rank 2 or more.
    /// </summary>
    public static void DetFill(nn.Module module, bool scaleByFanIn = false)
    {
        using var _ = no_grad();
        var parameters = module.named_parameters().OrderBy(p => p.name, StringComparer.Ordinal).ToList();
        for (var k = 0; k < parameters.Count; k++)
        {
            var p = parameters[k].parameter;
            var values = new double[p.numel()];
            var fanIn = scaleByFanIn && p.dim() >= 2 ? p.numel() / p.shape[0] : 1;
            var scale = Math.Sqrt(fanIn);
            for (long i = 0; i < values.Length; i++)
                values[i] = scaleByFanIn ? ((i * 37 + 11 * k) % 41 - 20) / 100.0 / scale : ((i * 37 + 11 * k) % 41 - 20) / 100.0;
            using var filled = tensor(values, p.shape, ScalarType.Float64);
            using var cast = filled.to_type(p.dtype);
            p.copy_(cast);
        }
    }
}
