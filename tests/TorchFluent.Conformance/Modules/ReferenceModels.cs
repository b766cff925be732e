using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Modules;

/// <summary>The reference text's MyNet(10, 20, 1): Linear -> ReLU -> Linear, written as a CustomModule.</summary>
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

/// <summary>The reference text's first MyModel: a Sequential in a field named net.</summary>
internal sealed class MyModelSequential : CustomModule
{
    readonly TorchFluent.Sequential net = TorchFluent.Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();

    public override Tensor forward(Tensor x) => net.call(x);
}

/// <summary>The reference text's second MyModel ("Equals to"): three explicit layers.</summary>
internal sealed class MyModelLayers : CustomModule
{
    readonly Linear layer1 = nn.Linear(10, 32);
    readonly Sigmoid layer2 = nn.Sigmoid();
    readonly Linear layer3 = nn.Linear(32, 1);

    public override Tensor forward(Tensor x)
    {
        using var h1 = layer1.call(x);
        using var h2 = layer2.call(h1);
        return layer3.call(h2);
    }
}
