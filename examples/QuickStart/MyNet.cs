using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickStart;

/// <summary>The reference text's MyNet: Linear -> ReLU -> Linear.</summary>
internal sealed class MyNet : nn.Module<Tensor, Tensor>
{
    readonly Linear fc1;
    readonly Linear fc2;

    public MyNet(int inputSize, int hiddenSize, int outputSize) : base(nameof(MyNet))
    {
        fc1 = nn.Linear(inputSize, hiddenSize);
        fc2 = nn.Linear(hiddenSize, outputSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var hidden = nn.functional.relu(fc1.forward(x));
        return fc2.forward(hidden);
    }
}
