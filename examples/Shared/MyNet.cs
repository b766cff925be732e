using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Examples;

/// <summary>The reference text's MyNet: Linear -> ReLU -> Linear. CustomModule registers the fields itself.</summary>
internal sealed class MyNet(int inputSize, int hiddenSize, int outputSize) : CustomModule
{
    readonly Linear fc1 = nn.Linear(inputSize, hiddenSize);
    readonly Linear fc2 = nn.Linear(hiddenSize, outputSize);

    public override Tensor forward(Tensor x)
    {
        using var hidden = nn.functional.relu(fc1.call(x));
        return fc2.call(hidden);
    }
}
