using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Data;

/// <summary>
/// The scope a per-sample loader makes batches in: one TorchSharp DisposeScope reused from batch to batch (through
/// TorchSharp's internals), or one per batch when those cannot be used. What a dataset's indexer sees must not differ.
/// </summary>
[Collection(GlobalTorchStateCollection.Name)]
public sealed class BatchScopeTests
{
    public BatchScopeTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Reusable_OnThisTorchSharp_IsTrue() => BatchScope.Reusable.Should().BeTrue("the fast path is the one the other tests exercise");

    /// <summary>An indexer that uses DisposeScopes the ways the docs describe, recording what it makes.</summary>
    sealed class ScopedDataset(Tensor x) : Dataset<(Tensor X, Tensor Y)>
    {
        readonly Dictionary<int, Tensor> cache = [];

        public List<Tensor> Temporaries { get; } = [];

        public List<Tensor> MovedOut { get; } = [];

        public IReadOnlyCollection<Tensor> Cached => cache.Values;

        public int? FailAt { get; init; }

        public override int Count => (int)x.shape[0];

        public override (Tensor X, Tensor Y) this[int index]
        {
            get
            {
                var leftover = x[index] + 0;
                Temporaries.Add(leftover);
                if (index == FailAt) throw new InvalidOperationException("bad row");
                Tensor row;
                using (NewDisposeScope())
                {
                    var inner = x[index] * 1;
                    Temporaries.Add(inner);
                    // Leaves the inner scope for the batch's scope: freed by the loader once copied.
                    row = (inner + 0).MoveToOuterDisposeScope();
                }
                Temporaries.Add(row);
                if (!cache.TryGetValue(index, out var label))
                {
                    label = tensor((float)index).DetachFromDisposeScope();
                    cache[index] = label;
                }
                return (row, label);
            }
        }
    }

    static void WithScopePath(bool perBatch, Action test)
    {
        try
        {
            BatchScope.Disabled = perBatch;
            test();
        }
        finally
        {
            BatchScope.Disabled = false;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Indexer_SeesTheSameScopesEitherWay(bool perBatch) => WithScopePath(perBatch, () =>
    {
        var (x, _) = TestData.Rows(7);
        var dataset = new ScopedDataset(x);
        using var loader = DataLoader.From(dataset).Batch(3).Shuffle(seed: 2).Build();
        using var caller = NewDisposeScope();

        for (var epoch = 0; epoch < 2; epoch++)
        {
            var labels = loader.SelectMany(b => b.Y.data<float>().ToArray()).ToList();
            labels.Should().BeEquivalentTo(Enumerable.Range(0, 7).Select(i => (float)i));
        }

        dataset.Temporaries.Should().HaveCount(2 * 7 * 3).And.OnlyContain(t => t.IsInvalid, "leftovers, inner results and moved-out samples are freed");
        dataset.Cached.Should().HaveCount(7).And.OnlyContain(t => !t.IsInvalid, "detached tensors are the dataset's");
        caller.DisposablesCount.Should().Be(0, "nothing the loader or the indexer makes lands in the caller's scope");
        using var after = zeros(1);
        caller.Contains(after).Should().BeTrue("the caller's scope is current again after the loop");
        foreach (var t in dataset.Cached) t.Dispose();
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FailedBatch_FreesWhatItMadeAndRestoresTheCallersScope(bool perBatch) => WithScopePath(perBatch, () =>
    {
        var (x, _) = TestData.Rows(6);
        var dataset = new ScopedDataset(x) { FailAt = 4 };
        using var loader = DataLoader.From(dataset).Batch(3).Build();
        using var caller = NewDisposeScope();

        var run = () => loader.Select(b => b.Y.data<float>().ToArray()).ToList();

        run.Should().Throw<DataLoaderException>().Which.SampleIndex.Should().Be(4);
        dataset.Temporaries.Should().OnlyContain(t => t.IsInvalid);
        caller.DisposablesCount.Should().Be(0);
        using var after = zeros(1);
        caller.Contains(after).Should().BeTrue();
        foreach (var t in dataset.Cached) t.Dispose();
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Enumeration_ContinuedOnAnotherThread_UsesThatThreadsScopes(bool perBatch) => WithScopePath(perBatch, () =>
    {
        var (x, y) = TestData.Rows(8);
        var expected = TestData.Longs(y).Skip(2).ToList();
        using var loader = DataLoader.From(new RowDataset(x, y)).Batch(2).Build();
        using var batches = loader.GetEnumerator();
        using var here = NewDisposeScope();
        batches.MoveNext().Should().BeTrue();

        var there = Task.Run(() =>
        {
            using var scope = NewDisposeScope();
            var rows = new List<long>();
            while (batches.MoveNext()) rows.AddRange(batches.Current.Y.data<long>().ToArray());
            using var after = zeros(1);
            return (rows, scope.DisposablesCount, AfterIsRegistered: scope.Contains(after));
        }).Result;

        there.rows.Should().Equal(expected);
        there.DisposablesCount.Should().Be(1, "only the thread's own tensor is in its scope");
        there.AfterIsRegistered.Should().BeTrue();
        here.DisposablesCount.Should().Be(0);
        using var mine = zeros(1);
        here.Contains(mine).Should().BeTrue("this thread's scope is still current");
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MoveToOuter_FromTheBatchScope_ReachesTheCallersScope(bool perBatch) => WithScopePath(perBatch, () =>
    {
        var (x, y) = TestData.Rows(4);
        var escaped = new List<Tensor>();
        var dataset = Dataset.From(4, i =>
        {
            var kept = (x[i] * 2).MoveToOuterDisposeScope();
            escaped.Add(kept);
            return (x[i], y[i]);
        });
        using var loader = DataLoader.From(dataset).Batch(2).Build();
        using (var caller = NewDisposeScope())
        {
            loader.Count().Should().Be(2);
            escaped.Should().HaveCount(4).And.OnlyContain(t => !t.IsInvalid && caller.Contains(t));
        }
        escaped.Should().OnlyContain(t => t.IsInvalid, "the caller's scope freed them");
    });
}
