using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using TorchSharp.Modules;
using static TorchFluent.Tests.Checkpoints.CheckpointTestData;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Checkpoints;

// Inside TorchFluent's namespaces, TorchFluent.Sequential (the builder's model type) would win over TorchSharp's.
using Sequential = TorchSharp.Modules.Sequential;

/// <summary>
/// Saving an optimizer and restoring it into a fresh one continues training exactly where it stopped, in both
/// formats. (Interop with real PyTorch files: OptimizerStateConformanceTests.)
/// </summary>
public sealed class OptimizerStateTests : IDisposable
{
    readonly string folder = TestPaths.NewTempFolder("torchfluent-optim");

    public OptimizerStateTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static void Step(optim.Optimizer optimizer, Sequential model)
    {
        using var input = linspace(-1, 1, 40).reshape(4, 10);
        using var target = linspace(0, 1, 4).reshape(4, 1);
        optimizer.zero_grad();
        using var output = model.forward(input);
        using var loss = nn.functional.mse_loss(output, target);
        loss.backward();
        optimizer.step();
    }

    static optim.Optimizer Create(string name, Sequential model) => name switch
    {
        "sgd" => optim.SGD(model.parameters(), 0.1, momentum: 0.9),
        "adam" => optim.Adam(model.parameters(), 0.01),
        "adamw" => optim.AdamW(model.parameters(), 0.01),
        _ => optim.RMSProp(model.parameters(), 0.01, momentum: 0.5),
    };

    [Theory]
    [InlineData("sgd", "state.dat")]
    [InlineData("adam", "state.dat")]
    [InlineData("adamw", "state.dat")]
    [InlineData("rmsprop", "state.dat")]
    [InlineData("sgd", "state.pth")]
    [InlineData("adam", "state.pth")]
    public void SaveThenLoad_ResumedTraining_MatchesUninterruptedTraining(string name, string file)
    {
        var path = Path.Combine(folder, file);
        using var model = Seeded(Mlp(), 1);
        using var optimizer = Create(name, model);
        Step(optimizer, model);
        Step(optimizer, model);
        model.SaveStateDict(Path.Combine(folder, "model.pth"));
        optimizer.SaveStateDict(path);
        Step(optimizer, model);

        using var resumed = Seeded(Mlp(), 2);
        using var resumedOptimizer = Create(name, resumed);
        resumed.LoadStateDict(Path.Combine(folder, "model.pth"));
        resumedOptimizer.LoadStateDict(path);
        Step(resumedOptimizer, resumed);

        using var expected = model.StateDict();
        using var actual = resumed.StateDict();
        foreach (var key in expected.Keys) actual[key].allclose(expected[key], 0, 1e-7, false).Should().BeTrue(key);
    }

    [Fact]
    public void LoadStateDict_FileOfAnotherOptimizerType_ThrowsNamingBoth()
    {
        var path = Path.Combine(folder, "sgd.dat");
        using var model = Mlp();
        using var sgd = optim.SGD(model.parameters(), 0.1);
        sgd.SaveStateDict(path);
        using var adam = optim.Adam(model.parameters(), 0.01);

        var act = () => adam.LoadStateDict(path);

        act.Should().Throw<InvalidOperationException>().WithMessage(
            $"Could not load the optimizer state in '{path}': it was saved by SGD, not by Adam.\n" +
            "Expected: a file saved by Adam.SaveStateDict.\n" +
            "Received: a SGD state.\n" +
            "Fix: create the same optimizer type (SGD) to restore it, or pass the file of this optimizer.");
    }

    [Fact]
    public void LoadStateDict_PyTorchStateOfAnotherModel_ReportsTheGroupSizes()
    {
        var path = Path.Combine(folder, "small.pth");
        using var small = nn.Sequential(("0", nn.Linear(10, 1)));
        using var smallOptimizer = optim.SGD(small.parameters(), 0.1, momentum: 0.9);
        smallOptimizer.SaveStateDict(path);
        using var model = Mlp();
        using var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9);

        var act = () => optimizer.LoadStateDict(path);

        act.Should().Throw<InvalidOperationException>().WithMessage(
            $"Could not load the optimizer state in '{path}': its parameter groups do not fit this optimizer.\n" +
            "Expected: 1 group(s) with [4] parameters, as this optimizer has.\n" +
            "Received: 1 group(s) with [2] parameters.\n*");
    }

    [Fact]
    public void LoadStateDict_PyTorchStateWithOtherShapes_ReportsEveryMismatchBeforeLoading()
    {
        var path = Path.Combine(folder, "other.pth");
        using var other = nn.Sequential(("0", nn.Linear(10, 16)), ("1", nn.Sigmoid()), ("2", nn.Linear(16, 1)));
        using var otherOptimizer = optim.SGD(other.parameters(), 0.1, momentum: 0.9);
        Step(otherOptimizer, other);
        otherOptimizer.SaveStateDict(path);
        using var model = Mlp();
        using var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9);

        var act = () => optimizer.LoadStateDict(path);

        act.Should().Throw<InvalidOperationException>().WithMessage(
            "*Received: group 0 parameter 0: 'momentum_buffer' is [16, 10], the parameter is [32, 10]; " +
            "group 0 parameter 1: 'momentum_buffer' is [16], the parameter is [32]; " +
            "group 0 parameter 2: 'momentum_buffer' is [1, 16], the parameter is [1, 32].*");
    }

    [Fact]
    public void SaveStateDict_Safetensors_ThrowsNotSupported()
    {
        using var model = Mlp();
        using var optimizer = optim.SGD(model.parameters(), 0.1);

        var act = () => optimizer.SaveStateDict(Path.Combine(folder, "optimizer.safetensors"));

        act.Should().Throw<NotSupportedException>().WithMessage("Optimizer state cannot be saved as safetensors*");
    }

    [Fact]
    public void LoadStateDict_TruncatedTorchSharpFile_IsDamaged()
    {
        var path = Path.Combine(folder, "adam.dat");
        using var model = Mlp();
        using var optimizer = optim.Adam(model.parameters(), 0.01);
        Step(optimizer, model);
        optimizer.SaveStateDict(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var act = () => optimizer.LoadStateDict(path);

        act.Should().Throw<CheckpointException>().Where(e => e.Problem == CheckpointProblem.Damaged && e.FilePath == path);
    }
}
