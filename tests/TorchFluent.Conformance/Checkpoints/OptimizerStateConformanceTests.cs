using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp.Modules;
using static TorchFluent.Conformance.Checkpoints.CheckpointModels;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Checkpoints;

// Inside TorchFluent's namespaces, TorchFluent.Sequential (the builder's model type) would win over TorchSharp's.
using Sequential = TorchSharp.Modules.Sequential;

/// <summary>
/// Resuming training from PyTorch files: after two steps in Python (model and optimizer state saved with
/// torch.save), one more step in C# gives the weights Python's third step gave. Without the optimizer state the third
/// step differs, so the test sees whether the momentum buffers and Adam moments were really restored.
/// </summary>
public sealed class OptimizerStateConformanceTests
{
    static readonly Golden Goldens = Golden.Load("checkpoints");

    public OptimizerStateConformanceTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string> Optimizers => new() { "sgd", "adam" };

    internal static optim.Optimizer Create(string name, Sequential model) => name switch
    {
        "sgd" => optim.SGD(model.parameters(), 0.1, momentum: 0.9),
        _ => optim.Adam(model.parameters(), 0.01),
    };

    internal static void Step(optim.Optimizer optimizer, Sequential model, GoldenCase golden)
    {
        using var input = Float32(golden.Tensor("input"));
        using var target = Float32(golden.Tensor("target"));
        optimizer.zero_grad();
        using var output = model.forward(input);
        using var loss = nn.functional.mse_loss(output, target);
        loss.backward();
        optimizer.step();
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void LoadStateDict_PyTorchOptimizerAfterTwoSteps_ThirdStepMatchesPyTorch(string name)
    {
        var golden = Goldens[$"{name}_step3"];
        using var model = Sequential();
        model.LoadStateDict(Fixture($"{name}_model_step2.pth"));
        using var optimizer = Create(name, model);

        optimizer.LoadStateDict(Fixture($"{name}_optimizer_step2.pth"));
        Step(optimizer, model, golden);

        using var state = model.StateDict();
        foreach (var key in golden.Strings("keys")) TensorAssert.Equal(state[key], golden.Case("tensors").Tensor(key), atol: 1e-6);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Step_WithoutRestoredOptimizerState_DiffersFromPyTorch(string name)
    {
        // The control for the test above: the restored state is what makes the third step match.
        var golden = Goldens[$"{name}_step3"];
        using var model = Sequential();
        model.LoadStateDict(Fixture($"{name}_model_step2.pth"));
        using var optimizer = Create(name, model);

        Step(optimizer, model, golden);

        using var state = model.StateDict();
        using var expected = Float32(golden.Case("tensors").Tensor("0.weight"));
        state["0.weight"].allclose(expected, rtol: 0, atol: 1e-6).Should().BeFalse();
    }
}
