using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>A loss computed by a user function; autograd differentiates whatever the function does.</summary>
internal sealed class LambdaLoss : Loss<Tensor, Tensor, Tensor>
{
    readonly Func<Tensor, Tensor, Tensor> loss;

    public LambdaLoss(Func<Tensor, Tensor, Tensor> loss, string name) : base(nn.Reduction.Mean)
    {
        this.loss = loss;
        this.name = name;
    }

    public override Tensor forward(Tensor input, Tensor target) => loss(input, target);
}
