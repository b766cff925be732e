using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchFluent.Conformance.Checkpoints.CheckpointModels;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Checkpoints;

/// <summary>
/// Loading a state dict that does not fit the model reports what PyTorch reports: the missing and unexpected keys
/// (SEED_ERRATA A.12: the two MyModel forms cannot load each other's files) and every size mismatch, which raw
/// TorchSharp lets through by broadcasting.
/// </summary>
public sealed class StateDictMismatchConformanceTests
{
    static readonly Golden Goldens = Golden.Load("checkpoints");

    public StateDictMismatchConformanceTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void LoadStateDict_NetFormFileIntoLayersForm_ReportsPyTorchsMissingAndUnexpectedKeys()
    {
        var golden = Goldens["mymodel_net"];
        using var model = new MyModelLayers();

        var act = () => model.LoadStateDict(Fixture("mymodel_net.pth"));

        var error = act.Should().Throw<StateDictMismatchException>().Which;
        error.MissingKeys.Should().Equal(golden.Strings("cross_load_missing"));
        error.UnexpectedKeys.Should().Equal(golden.Strings("cross_load_unexpected"));
        error.ShapeMismatches.Should().BeEmpty();
        // PyTorch's own error lists the same keys.
        foreach (var key in error.MissingKeys.Concat(error.UnexpectedKeys))
            golden.String("cross_load_error").Should().Contain($"\"{key}\"");
    }

    [Fact]
    public void LoadStateDict_NetFormFileNotStrict_ReturnsPyTorchsResultAndKeepsWeights()
    {
        var golden = Goldens["mymodel_net"];
        using var model = new MyModelLayers();
        using var before = model.StateDict();
        var weightsBefore = before.Values.Select(t => t.clone()).ToList();

        var result = model.LoadStateDict(Fixture("mymodel_net.pth"), strict: false);

        result.MissingKeys.Should().Equal(golden.Strings("cross_load_missing"));
        result.UnexpectedKeys.Should().Equal(golden.Strings("cross_load_unexpected"));
        using var after = model.StateDict();
        after.Values.Zip(weightsBefore).Should().OnlyContain(p => p.First.allclose(p.Second, 0, 0, false));
        weightsBefore.ForEach(t => t.Dispose());
    }

    [Fact]
    public void LoadStateDict_NetFormFileAfterRenamingKeys_GivesPyTorchOutputs()
    {
        // The fix the error message suggests: rename net.0 -> layer1 and net.2 -> layer3.
        var golden = Goldens["mymodel_net"];
        using var model = new MyModelLayers();
        using var saved = StateDict.Load(Fixture("mymodel_net.pth"));
        using var renamed = StateDict.From(saved.Select(e =>
            KeyValuePair.Create(e.Key.Replace("net.0.", "layer1.").Replace("net.2.", "layer3."), e.Value)));

        model.LoadStateDict(renamed);

        using var input = Float32(golden.Tensor("input"));
        using var output = model.forward(input);
        TensorAssert.Equal(output, golden.Tensor("output"), atol: 1e-6);
    }

    [Fact]
    public void LoadStateDict_NetFormFileIntoNetForm_Loads()
    {
        var golden = Goldens["mymodel_net"];
        using var model = new MyModelNet();

        model.LoadStateDict(Fixture("mymodel_net.pth")).IsExactMatch.Should().BeTrue();

        using var input = Float32(golden.Tensor("input"));
        using var output = model.forward(input);
        TensorAssert.Equal(output, golden.Tensor("output"), atol: 1e-6);
    }

    [Theory]
    [InlineData(true, "error_strict")]
    [InlineData(false, "error_not_strict")]
    public void LoadStateDict_Linear11IntoLinear13_ReportsEveryShapeMismatchLikePyTorch(bool strict, string pytorchError)
    {
        using var model = nn.Linear(1, 3);
        using var weightBefore = model.weight!.detach().clone();

        var act = () => model.LoadStateDict(Fixture("linear_1_1.pth"), strict);

        var error = act.Should().Throw<StateDictMismatchException>().Which;
        error.ShapeMismatches.Select(m => m.ToString()).Should().Equal("weight: checkpoint [1, 1], model [3, 1]", "bias: checkpoint [1], model [3]");
        foreach (var mismatch in error.ShapeMismatches)
        {
            Goldens["shape_mismatch"].String(pytorchError).Should().Contain(
                $"size mismatch for {mismatch.Key}: copying a param with shape torch.Size([{string.Join(", ", mismatch.CheckpointShape)}]) from checkpoint, " +
                $"the shape in current model is torch.Size([{string.Join(", ", mismatch.ModelShape)}])");
        }
        model.weight!.allclose(weightBefore, 0, 0, false).Should().BeTrue("nothing is loaded when a check fails");
    }
}
