using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Infrastructure;

/// <summary>
/// Weights for the Tools goldens (vision, recurrent modules), set with raw TorchSharp rather than with the TorchFluent
/// code under test. Golden tensors themselves come from <see cref="GoldenInputs.ToTensor"/>.
/// </summary>
public static class ToolsGoldens
{
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
