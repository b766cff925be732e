using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Examples;

/// <summary>PyTorch's <c>class MyMSE(nn.Module)</c>: a loss written as a class. It has no parameters.</summary>
internal sealed class HandMadeMse : Loss<Tensor, Tensor, Tensor>
{
    public HandMadeMse() : base(nn.Reduction.Mean) => name = "HandMadeMSE";

    public override Tensor forward(Tensor output, Tensor target)
    {
        using var difference = output - target;
        using var squared = difference.square();
        return squared.mean();
    }
}
