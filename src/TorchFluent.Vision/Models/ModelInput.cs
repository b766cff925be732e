using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>The check every image model makes before running: a batch of 3-channel images of the weights' dtype.</summary>
internal static class ModelInput
{
    public static void Check(string model, Tensor input, ScalarType? weightType = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.shape;
        if (shape.Length != 4 || shape[1] != 3)
            throw new ArgumentException(Messages.ModelInputShape(model, shape), nameof(input));
        if (weightType is { } w && input.dtype != w)
            throw new ArgumentException(Messages.ModelInputDType(model, input.dtype.ToString(), w.ToString()), nameof(input));
    }

    /// <summary>The dtype of the model's first parameter (what its convolutions compute in).</summary>
    public static ScalarType? WeightType(nn.Module model) =>
        model.parameters().FirstOrDefault() is { } p ? p.dtype : null;
}
