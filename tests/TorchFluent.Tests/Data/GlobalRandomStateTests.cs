using FluentAssertions;
using TorchSharp;
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

/// <summary>Collation reads sample layouts through LibTorchSharp's getters; the public-property fallback gives the same batches.</summary>
[Collection(GlobalTorchStateCollection.Name)]
public sealed class NativeTensorTests
{
    public NativeTensorTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Available_OnThisPlatform_IsTrue() => NativeTensor.Available.Should().BeTrue();

    [Fact]
    public void Collation_WithoutNativeGetters_GivesTheSameBatchesAndErrors()
    {
        var (x, y) = TestData.Rows(9);
        var dataset = new RowDataset(x, y);
        var ragged = Dataset.From(3, i => i == 2 ? zeros(2) : zeros(3));
        var mixed = Dataset.From(2, i => i == 0 ? tensor(new[] { 1, 2 }) : tensor(new[] { 0.5f, 1.5f }));
        (List<float[]> Batches, string Error, ScalarType Mixed) Run()
        {
            using var loader = DataLoader.From(dataset).Batch(4).Shuffle(seed: 1).Build();
            var batches = loader.Select(b => TestData.Floats(b.X)).ToList();
            using var raggedLoader = DataLoader.From(ragged).Batch(3).Build();
            var error = ((Action)(() => raggedLoader.ToList())).Should().Throw<DataLoaderException>().Which.Message;
            using var mixedLoader = DataLoader.From(mixed).Batch(2).Build();
            var type = mixedLoader.Select(b => b.dtype).Single();
            return (batches, error, type);
        }

        var native = Run();
        try
        {
            NativeTensor.Disabled = true;
            var managed = Run();

            managed.Batches.Should().BeEquivalentTo(native.Batches, o => o.WithStrictOrdering());
            managed.Error.Should().Be(native.Error);
            managed.Mixed.Should().Be(ScalarType.Float32);
            native.Mixed.Should().Be(ScalarType.Float32);
        }
        finally
        {
            NativeTensor.Disabled = false;
        }
    }
}
