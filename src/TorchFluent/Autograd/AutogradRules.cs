using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Autograd's rules, checked before libtorch runs.</summary>
internal static class AutogradRules
{
    /// <summary>PyTorch: "Only Tensors of floating point and complex dtype can require gradients".</summary>
    internal static void CheckCanRequireGrad(ScalarType dtype, string parameter)
    {
        var info = DType.Find(dtype);
        if (info is null || !(info.IsFloatingPoint || info.IsComplex))
            throw new ArgumentException(Messages.RequiresGradNotFloating(DType.NameOf(dtype)), parameter);
    }
}
