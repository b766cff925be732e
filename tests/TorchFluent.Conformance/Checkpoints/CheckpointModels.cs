using TorchFluent.Conformance.Infrastructure;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Checkpoints;

// Inside TorchFluent's namespaces, TorchFluent.Sequential (the builder's model type) would win over TorchSharp's.
using Sequential = TorchSharp.Modules.Sequential;

/// <summary>
/// The models of generators/gen_checkpoints.py, built with raw TorchSharp so their state-dict keys are PyTorch's:
/// Sequential children named "0", "1", "2"; custom modules with the same field names.
/// </summary>
internal static class CheckpointModels
{
    /// <summary>The reference text's Sequential: Linear(10, 32) - Sigmoid - Linear(32, 1).</summary>
    public static Sequential Sequential() =>
        nn.Sequential(("0", nn.Linear(10, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 1)));

    /// <summary>Linear(4, 3) - BatchNorm1d(3): parameters and buffers interleave in PyTorch's key order.</summary>
    public static Sequential BatchNorm() =>
        nn.Sequential(("0", nn.Linear(4, 3)), ("1", nn.BatchNorm1d(3)));

    /// <summary>A fixture file, as copied to the test output folder.</summary>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "checkpoints", name);

    /// <summary>A float32 tensor with a golden's values and shape.</summary>
    public static Tensor Float32(GoldenTensor golden) =>
        tensor(golden.Values.Select(v => (float)v).ToArray(), golden.Shape);
}

/// <summary>The reference text's MyNet(10, 20, 1): fc1 - ReLU - fc2.</summary>
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
        using var hidden = fc1.forward(x);
        using var activated = nn.functional.relu(hidden);
        return fc2.forward(activated);
    }
}

/// <summary>The reference text's second MyModel form: layer1 - layer2 (Sigmoid) - layer3 (SEED_ERRATA A.12).</summary>
internal sealed class MyModelLayers : nn.Module<Tensor, Tensor>
{
    readonly Linear layer1;
    readonly Sigmoid layer2;
    readonly Linear layer3;

    public MyModelLayers() : base("MyModel")
    {
        layer1 = nn.Linear(10, 32);
        layer2 = nn.Sigmoid();
        layer3 = nn.Linear(32, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var a = layer1.forward(x);
        using var b = layer2.forward(a);
        return layer3.forward(b);
    }
}

/// <summary>The reference text's first MyModel form: a Sequential field named net.</summary>
internal sealed class MyModelNet : nn.Module<Tensor, Tensor>
{
    readonly Sequential net;

    public MyModelNet() : base("MyModel")
    {
        net = CheckpointModels.Sequential();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => net.forward(x);
}
