using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Infrastructure;

/// <summary>Copies golden weights into a model (tensors themselves come from <see cref="GoldenInputs.ToTensor"/>).</summary>
public static class GoldenTensorFactory
{
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
