using FluentAssertions;
using static TorchFluent.Tests.Checkpoints.CheckpointTestData;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Checkpoints;

public sealed class StrictLoadingTests
{
    public StrictLoadingTests() => TorchRuntime.EnsureLoaded();

    /// <summary>A state dict with one key missing, one unexpected and two wrong shapes: all reported at once.</summary>
    static StateDict Mismatched() => StateDict.From([
        KeyValuePair.Create("0.weight", zeros(32, 9)),
        KeyValuePair.Create("0.bias", zeros(32)),
        KeyValuePair.Create("2.weight", zeros(1, 32)),
        KeyValuePair.Create("2.bias", zeros(2)),
        KeyValuePair.Create("3.weight", zeros(1)),
    ]);

    [Fact]
    public void LoadStateDict_Strict_ReportsEveryProblemAtOnceAndLoadsNothing()
    {
        using var model = Seeded(Mlp(), 1);
        using var before = model.StateDict();
        var copies = before.Select(e => KeyValuePair.Create(e.Key, e.Value.clone())).ToList();
        using var source = Mismatched();

        var act = () => model.LoadStateDict(source);

        var error = act.Should().Throw<StateDictMismatchException>().Which;
        error.MissingKeys.Should().BeEmpty();
        error.UnexpectedKeys.Should().Equal("3.weight");
        error.ShapeMismatches.Select(m => m.ToString()).Should().Equal(
            "0.weight: checkpoint [32, 9], model [32, 10]", "2.bias: checkpoint [2], model [1]");
        error.Message.Should().Be(
            "Could not load the state dict into Sequential: its keys or shapes do not match the model. Nothing was loaded.\n" +
            "Unexpected keys (in the state dict, not in the model): \"3.weight\".\n" +
            "Shape mismatches: 0.weight: checkpoint [32, 9], model [32, 10]; 2.bias: checkpoint [2], model [1].\n" +
            "Expected: the 4 keys and shapes of the model's StateDict().\n" +
            "Received: a state dict of 5 entries.\n" +
            "Fix: build the model with the same layers, sizes and child names as the saved one (a Sequential's children are named " +
            "\"0\", \"1\", ...), rename keys with StateDict.From, or pass strict: false to skip missing and unexpected keys " +
            "(shape mismatches are errors either way).");
        using var after = model.StateDict();
        foreach (var (key, value) in copies) SameBits(after[key], value).Should().BeTrue($"{key} must be unchanged");
        DisposeAll(copies);
    }

    [Fact]
    public void LoadStateDict_StrictWithMissingAndUnexpected_ListsBothInOrder()
    {
        using var model = Mlp();
        using var source = StateDict.From([KeyValuePair.Create("0.weight", zeros(32, 10)), KeyValuePair.Create("extra", zeros(1))]);

        var act = () => model.LoadStateDict(source);

        var error = act.Should().Throw<StateDictMismatchException>().Which;
        error.MissingKeys.Should().Equal("0.bias", "2.weight", "2.bias");
        error.UnexpectedKeys.Should().Equal("extra");
        error.Message.Should().Contain("Missing keys (in the model, not in the state dict): \"0.bias\", \"2.weight\", \"2.bias\".\n");
    }

    [Fact]
    public void LoadStateDict_NotStrict_LoadsMatchingKeysAndReturnsTheRest()
    {
        using var model = Seeded(Mlp(), 1);
        using var bias = full(32, 0.25f);
        using var source = StateDict.From([KeyValuePair.Create("0.bias", bias), KeyValuePair.Create("extra", zeros(1))]);

        var result = model.LoadStateDict(source, strict: false);

        result.MissingKeys.Should().Equal("0.weight", "2.weight", "2.bias");
        result.UnexpectedKeys.Should().Equal("extra");
        result.IsExactMatch.Should().BeFalse();
        result.ToString().Should().Be("missing_keys=['0.weight', '2.weight', '2.bias'], unexpected_keys=['extra']");
        using var state = model.StateDict();
        SameBits(state["0.bias"], bias).Should().BeTrue();
    }

    [Fact]
    public void LoadStateDict_NotStrictWithShapeMismatch_StillThrowsLikePyTorch()
    {
        using var model = Mlp();
        using var source = StateDict.From([KeyValuePair.Create("2.bias", zeros(3)), KeyValuePair.Create("extra", zeros(1))]);

        var act = () => model.LoadStateDict(source, strict: false);

        var error = act.Should().Throw<StateDictMismatchException>().Which;
        error.ShapeMismatches.Should().ContainSingle().Which.Key.Should().Be("2.bias");
        error.MissingKeys.Should().BeEmpty("missing keys are not errors when not strict");
        error.UnexpectedKeys.Should().BeEmpty();
    }

    [Fact]
    public void LoadStateDict_Linear11IntoLinear13_ThrowsWhereRawTorchSharpBroadcasts()
    {
        using var small = nn.Linear(1, 1);
        using var wide = nn.Linear(1, 3);
        using var state = small.StateDict();

        var act = () => wide.LoadStateDict(state);

        act.Should().Throw<StateDictMismatchException>().Which.ShapeMismatches.Should().HaveCount(2);
        // The raw TorchSharp behaviour this guards against (DESIGN.md): no error, the weight is broadcast.
        var (missing, unexpected) = wide.load_state_dict(small.state_dict());
        missing.Should().BeEmpty();
        unexpected.Should().BeEmpty();
    }

    [Fact]
    public void LoadStateDict_Float64Source_ConvertsToTheModelsDType()
    {
        using var model = nn.Linear(2, 1);
        using var weight = tensor(new[,] { { 0.1, 0.2 } });
        using var bias = tensor(new[] { 0.3 });
        using var source = StateDict.From([KeyValuePair.Create("weight", weight), KeyValuePair.Create("bias", bias)]);

        model.LoadStateDict(source);

        model.weight!.dtype.Should().Be(ScalarType.Float32);
        model.weight!.data<float>().ToArray().Should().Equal(0.1f, 0.2f);
        model.bias!.data<float>().ToArray().Should().Equal(0.3f);
    }
}
