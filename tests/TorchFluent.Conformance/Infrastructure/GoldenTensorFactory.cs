using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Infrastructure;

/// <summary>Turns golden values into TorchSharp tensors, and copies golden weights into a model.</summary>
public static class GoldenTensorFactory
{
    /// <summary>The golden as a tensor of its own dtype (float32, float64, int64 or bool).</summary>
    public static Tensor ToTensor(this GoldenTensor golden, bool requiresGrad = false) => golden.DType switch
    {
        "float32" => tensor(golden.Values.Select(v => (float)v).ToArray(), golden.Shape, requires_grad: requiresGrad),
        "float64" => tensor(golden.Values, golden.Shape, requires_grad: requiresGrad),
        "int64" => tensor(golden.Values.Select(v => (long)v).ToArray(), golden.Shape),
        "bool" => tensor(golden.Values.Select(v => v != 0).ToArray(), golden.Shape),
        _ => throw new NotSupportedException($"Golden dtype {golden.DType} ({golden.Name})"),
    };

    /// <summary>Copies every weight of <paramref name="weights"/> (name -> tensor) into the model's parameter of that name.</summary>
    public static void LoadWeights(nn.Module model, GoldenCase weights)
    {
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = no_grad();
        foreach (var entry in weights.Element.EnumerateObject())
        {
            if (!parameters.TryGetValue(entry.Name, out var parameter))
                throw new InvalidOperationException($"Model has no parameter '{entry.Name}' (has: {string.Join(", ", parameters.Keys)}).");
            using var value = weights.Tensor(entry.Name).ToTensor();
            parameter.copy_(value);
        }
    }
}
