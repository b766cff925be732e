using FluentAssertions;
using static TorchFluent.Tests.Checkpoints.CheckpointTestData;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Checkpoints;

public sealed class StateDictTests
{
    public StateDictTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void StateDict_Model_GivesDetachedTensorsSharingTheModelsMemory()
    {
        using var model = Mlp();

        using var state = model.StateDict();

        state.Keys.Should().Equal("0.weight", "0.bias", "2.weight", "2.bias");
        state.Values.Should().OnlyContain(t => !t.requires_grad, "PyTorch's state_dict() returns detached tensors");
        model.parameters().Should().OnlyContain(p => p.requires_grad, "the model's own parameters keep requiring grad");
        using (no_grad()) model.parameters().First().fill_(7f);
        state["0.weight"].min().item<float>().Should().Be(7f, "the state dict shares memory with the model, as in PyTorch");
    }

    [Fact]
    public void Dispose_StateDictOfModel_LeavesTheModelUsable()
    {
        using var model = Mlp();
        var state = model.StateDict();

        state.Dispose();

        using var input = ones(2, 10);
        using var output = model.forward(input);
        output.shape.Should().Equal(2, 1);
        var act = () => state.GetEnumerator();
        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void StateDict_BatchNorm_ListsEachModulesParametersThenItsBuffers()
    {
        using var model = nn.Sequential(("0", nn.Linear(4, 3)), ("1", nn.BatchNorm1d(3)), ("2", nn.Linear(3, 1)));

        using var state = model.StateDict();

        // PyTorch's order; raw TorchSharp's state_dict() puts 2.weight and 2.bias before the BatchNorm buffers.
        state.Keys.Should().Equal("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
            "1.num_batches_tracked", "2.weight", "2.bias");
        model.state_dict().Keys.Should().NotEqual(state.Keys);
    }

    [Fact]
    public void From_Dictionary_TakesItsOwnHandles()
    {
        var a = ones(2);
        var entries = new Dictionary<string, Tensor> { ["b"] = zeros(3), ["a"] = a };

        var state = StateDict.From(entries);
        state.Dispose();

        state.Count.Should().Be(2);
        a.IsInvalid.Should().BeFalse("disposing the state dict leaves the caller's tensors alive");
        a.sum().item<float>().Should().Be(2f);
        foreach (var tensor in entries.Values) tensor.Dispose();
    }

    [Fact]
    public void From_EntriesInOrder_KeepsTheOrder()
    {
        using var state = StateDict.From([KeyValuePair.Create("z", ones(1)), KeyValuePair.Create("a", ones(1))]);

        state.Keys.Should().Equal("z", "a");
        state.ToString().Should().Be("z: float32 [1]" + Environment.NewLine + "a: float32 [1]");
    }

    [Fact]
    public void From_DuplicateKey_ThrowsArgumentException()
    {
        using var t = ones(1);

        var act = () => StateDict.From([KeyValuePair.Create("w", t), KeyValuePair.Create("w", t)]);

        act.Should().Throw<ArgumentException>().WithParameterName("entries")
            .WithMessage("The name 'w' appears twice. Expected: each state dict name once. Fix: rename or drop one of the entries.*");
    }

    [Fact]
    public void Indexer_UnknownKey_ListsTheKeysThereAre()
    {
        using var model = Mlp();
        using var state = model.StateDict();

        var act = () => state["1.weight"];

        act.Should().Throw<KeyNotFoundException>()
            .WithMessage("The state dict has no entry '1.weight'. Its entries: \"0.weight\", \"0.bias\", \"2.weight\", \"2.bias\".");
    }

    [Fact]
    public void Clone_StateDictOfModel_IsASnapshotThatLaterTrainingDoesNotChange()
    {
        using var model = Seeded(Mlp(), 1);
        using var live = model.StateDict();

        using var snapshot = live.Clone();
        using (no_grad()) model.parameters().First().fill_(7f);

        snapshot.Keys.Should().Equal(live.Keys);
        snapshot["0.weight"].max().item<float>().Should().BeLessThan(7f);
        snapshot.Values.Should().OnlyContain(t => !t.requires_grad);
        model.LoadStateDict(snapshot);
        using var restored = model.StateDict();
        SameBits(restored["0.weight"], snapshot["0.weight"]).Should().BeTrue();
    }

    [Fact]
    public void LoadStateDict_ModelToModel_CopiesValuesWithoutSharing()
    {
        using var source = Seeded(Mlp(), 1);
        using var target = Seeded(Mlp(), 2);
        using var state = source.StateDict();

        target.LoadStateDict(state).IsExactMatch.Should().BeTrue();

        using var loaded = target.StateDict();
        foreach (var key in state.Keys) SameBits(loaded[key], state[key]).Should().BeTrue(key);
        using (no_grad()) source.parameters().First().fill_(0f);
        loaded["0.weight"].abs().sum().item<float>().Should().BeGreaterThan(0, "load_state_dict copies");
    }
}
