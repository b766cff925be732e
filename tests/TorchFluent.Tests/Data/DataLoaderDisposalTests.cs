using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Data;

public sealed class DataLoaderDisposalTests
{
    public DataLoaderDisposalTests() => TorchRuntime.EnsureLoaded();

    static IEnumerable<(string Path, DataLoader<(Tensor X, Tensor Y)> Loader)> Loaders(int n, int batch, Func<DataLoaderBuilder<(Tensor X, Tensor Y), (Tensor X, Tensor Y)>, DataLoaderBuilder<(Tensor X, Tensor Y), (Tensor X, Tensor Y)>>? options = null)
    {
        options ??= b => b;
        var (x, y) = TestData.Rows(n);
        yield return ("tensor dataset", options(DataLoader.From(Dataset.FromTensors(x, y)).Batch(batch)).Build());
        yield return ("per-sample dataset", options(DataLoader.From(new RowDataset(x, y)).Batch(batch)).Build());
        yield return ("workers", options(DataLoader.From(new RowDataset(x, y)).Batch(batch).Workers(2)).Build());
    }

    [Fact]
    public void Batches_AreFreedWhenTheLoopMovesOnAndWhenItEnds()
    {
        foreach (var (path, loader) in Loaders(10, 3))
        {
            using (loader)
            {
                var seen = new List<Tensor>();
                foreach (var (xb, yb) in loader)
                {
                    seen.Where(t => !t.IsInvalid).Should().BeEmpty(path + ": earlier batches are freed");
                    xb.IsInvalid.Should().BeFalse(path);
                    seen.Add(xb);
                    seen.Add(yb);
                }
                seen.Should().HaveCount(8).And.OnlyContain(t => t.IsInvalid, path + ": the last batch is freed when the loop ends");
            }
        }
    }

    [Fact]
    public void Batches_AreFreedWhenTheLoopBreaksOrThrows()
    {
        foreach (var (path, loader) in Loaders(10, 3))
        {
            using (loader)
            {
                Tensor? kept = null;
                foreach (var (xb, _) in loader)
                {
                    kept = xb;
                    break;
                }
                kept!.IsInvalid.Should().BeTrue(path);

                var act = () =>
                {
                    foreach (var (xb, _) in loader)
                    {
                        kept = xb;
                        throw new InvalidOperationException("stop");
                    }
                };
                act.Should().Throw<InvalidOperationException>();
                kept.IsInvalid.Should().BeTrue(path);
            }
        }
    }

    [Fact]
    public void Alias_KeepsABatchTensorBeyondItsIteration()
    {
        foreach (var (path, loader) in Loaders(10, 4))
        {
            using (loader)
            {
                var kept = new List<Tensor>();
                foreach (var (_, yb) in loader) kept.Add(yb.alias());

                kept.SelectMany(TestData.Longs).Should().Equal(Enumerable.Range(0, 10).Select(i => (long)i), path);
                foreach (var t in kept) t.Dispose();
            }
        }
    }

    [Fact]
    public void KeepBatches_CallerOwnsEveryBatch()
    {
        foreach (var (path, loader) in Loaders(10, 4, b => b.KeepBatches()))
        {
            using (loader)
            {
                var batches = loader.ToList();

                batches.Should().HaveCount(3);
                batches.SelectMany(b => TestData.Longs(b.Y)).Should().Equal(Enumerable.Range(0, 10).Select(i => (long)i), path);
                foreach (var (xb, yb) in batches)
                {
                    xb.Dispose();
                    yb.Dispose();
                }
            }
        }
    }

    [Fact]
    public void ScopeInTheLoopBody_NeitherFreesNorKeepsBatches()
    {
        foreach (var (path, loader) in Loaders(8, 4))
        {
            using (loader)
            {
                var seen = new List<Tensor>();
                using (var outer = NewDisposeScope())
                {
                    foreach (var (xb, _) in loader)
                    {
                        using (NewDisposeScope())
                        {
                            using var doubled = xb * 2;
                        }
                        xb.IsInvalid.Should().BeFalse(path);
                        seen.Add(xb);
                    }
                    outer.DisposablesCount.Should().Be(0, path + ": nothing the loader makes is left in the caller's scope");
                }
                seen.Should().OnlyContain(t => t.IsInvalid);
            }
        }
    }

    /// <summary>Records every tensor its indexer creates, including a temporary it does not return.</summary>
    sealed class RecordingDataset(Tensor x) : Dataset<Tensor>
    {
        public List<Tensor> Created { get; } = [];

        public override int Count => (int)x.shape[0];

        public override Tensor this[int index]
        {
            get
            {
                var row = x[index];
                var scaled = row * 2;
                lock (Created) Created.AddRange([row, scaled]);
                return scaled;
            }
        }
    }

    [Fact]
    public void IndexerTensors_AreFreedOnceCollated()
    {
        var (x, _) = TestData.Rows(6);
        var dataset = new RecordingDataset(x);
        using var loader = DataLoader.From(dataset).Batch(3).Build();

        foreach (var batch in loader)
        {
            TestData.Floats(batch).Should().HaveCount(9);
            dataset.Created.Should().OnlyContain(t => t.IsInvalid, "samples and the indexer's temporaries are freed when the batch is made");
        }
        dataset.Created.Should().HaveCount(12);
    }

    [Fact]
    public void StoredTensors_ReturnedByTheIndexer_AreLeftAlone()
    {
        var stored = Enumerable.Range(0, 6).Select(i => (tensor(new[] { (float)i }), tensor((long)i))).ToList();
        using var loader = DataLoader.From(Dataset.From(stored)).Batch(4).Shuffle(seed: 0).Workers(1).Build();

        for (var epoch = 0; epoch < 2; epoch++)
            loader.SelectMany(b => TestData.Longs(b.Y)).Should().BeEquivalentTo(Enumerable.Range(0, 6).Select(i => (long)i));

        stored.Should().OnlyContain(s => !s.Item1.IsInvalid && !s.Item2.IsInvalid);
    }
}

/// <summary>Live-tensor counts are process-wide: run alone.</summary>
[Collection(GlobalTorchStateCollection.Name)]
public sealed class DataLoaderLeakTests
{
    public DataLoaderLeakTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Epochs_LeaveNoLiveTensorsBehind()
    {
        var (x, y) = TestData.Rows(200);
        using var tensors = Dataset.FromTensors(x, y);
        using var subset = Dataset.Subset(tensors, Enumerable.Range(0, 150).ToArray());
        var loaders = new[]
        {
            DataLoader.From(tensors).Batch(16).Shuffle(seed: 0).Build(),
            DataLoader.From(subset).Batch(16).Build(),
            DataLoader.From(new RowDataset(x, y)).Batch(16).Shuffle(seed: 0).Build(),
            DataLoader.From(new RowDataset(x, y)).Batch(16).Workers(2).Build(),
            DataLoader.From(new RowDataset(x, y)).Batch(16).Collate(s => (stack(s.Select(p => p.X)), stack(s.Select(p => p.Y)))).Build(),
        };
        foreach (var loader in loaders) foreach (var _ in loader) { }

        var before = Tensor.TotalCount;
        for (var epoch = 0; epoch < 5; epoch++)
        {
            foreach (var loader in loaders)
            {
                foreach (var (xb, yb) in loader) { }
                using var partial = loader.GetEnumerator();
                partial.MoveNext();
            }
        }
        var after = Tensor.TotalCount;

        foreach (var loader in loaders) loader.Dispose();
        after.Should().BeLessThanOrEqualTo(before, "every batch, block, order and temporary is freed");
    }
}
