using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// A TorchSharp <see cref="TorchSharp.Modules.Sequential"/> made by <see cref="Create"/>: children are named "0", "1",
/// "2" ... as in PyTorch's <c>nn.Sequential</c>, so state-dict keys ("0.weight", "2.bias") match PyTorch's.
/// It is a TorchSharp Sequential in every other respect: pass it wherever TorchSharp expects one.
/// </summary>
/// <remarks>
/// In a file that also has <c>using TorchSharp.Modules;</c>, the name <c>Sequential</c> is ambiguous (CS0104); write
/// <c>using Sequential = TorchFluent.Sequential;</c> at the top of that file.
/// </remarks>
public sealed class Sequential : TorchSharp.Modules.Sequential
{
    internal Sequential(params (string name, nn.Module<Tensor, Tensor> submodule)[] modules) : base(modules)
    {
    }

    /// <summary>
    /// Starts a builder: <c>Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build()</c>. In-features and
    /// channels are inferred from the previous layer where they are known.
    /// </summary>
    public static SequentialBuilder Create()
    {
        TorchRuntime.EnsureLoaded();
        return new SequentialBuilder();
    }
}
