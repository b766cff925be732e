using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Data;

/// <summary>Without a seed, splits and shuffles draw from TorchSharp's global generator, as PyTorch's do.</summary>
[Collection(GlobalTorchStateCollection.Name)]
public sealed class GlobalRandomStateTests : IDisposable
{
    readonly Tensor savedState;

    public GlobalRandomStateTests()
    {
        TorchRuntime.EnsureLoaded();
        savedState = get_rng_state();
    }

    public void Dispose()
    {
        set_rng_state(savedState);
        savedState.Dispose();
    }

    [Fact]
    public void RandomSplit_Unseeded_FollowsTorchManualSeedAndCovers()
    {
        var dataset = Dataset.From(30, i => i);

        manual_seed(3);
        var first = Dataset.RandomSplit(dataset, [10, 10, 10]);
        manual_seed(3);
        var again = Dataset.RandomSplit(dataset, [10, 10, 10]);
        var next = Dataset.RandomSplit(dataset, [10, 10, 10]);

        first.SelectMany(p => p.Indices).Should().BeEquivalentTo(Enumerable.Range(0, 30));
        again.SelectMany(p => p.Indices).Should().Equal(first.SelectMany(p => p.Indices));
        next.SelectMany(p => p.Indices).Should().NotEqual(first.SelectMany(p => p.Indices));
    }

    [Fact]
    public void Shuffle_Unseeded_FollowsTorchManualSeedAndChangesEveryEpoch()
    {
        var (x, y) = TestData.Rows(40);
        using var dataset = Dataset.FromTensors(x, y);
        using var loader = DataLoader.From(dataset).Batch(8).Shuffle().Build();

        manual_seed(11);
        var first = loader.SelectMany(b => TestData.Longs(b.Y)).ToList();
        var second = loader.SelectMany(b => TestData.Longs(b.Y)).ToList();
        manual_seed(11);
        var replay = loader.SelectMany(b => TestData.Longs(b.Y)).ToList();

        first.Should().BeEquivalentTo(Enumerable.Range(0, 40).Select(i => (long)i));
        second.Should().NotEqual(first);
        replay.Should().Equal(first);
        loader.Seed.Should().BeNull();
        loader.Shuffles.Should().BeTrue();
    }
}
