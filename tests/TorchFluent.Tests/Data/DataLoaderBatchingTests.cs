using FluentAssertions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Data;

public sealed class DataLoaderBatchingTests
{
    public DataLoaderBatchingTests() => TorchRuntime.EnsureLoaded();

    static List<long[]> Labels<TBatch>(DataLoader<TBatch> loader, Func<TBatch, Tensor> labels) =>
        loader.Select(b => TestData.Longs(labels(b))).ToList();

    /// <summary>The same samples through every path: batched gather, per-sample reads, subsets, concatenation.</summary>
    static IEnumerable<(string Path, Dataset<(Tensor X, Tensor Y)> Dataset)> Paths(int n)
    {
        var (x, y) = TestData.Rows(n);
        var tensors = Dataset.FromTensors(x, y);
        yield return ("tensor dataset", tensors);
        yield return ("per-sample dataset", new RowDataset(x, y));
        yield return ("subset of tensor dataset", Dataset.Subset(tensors, Enumerable.Range(0, n).ToArray()));
        var half = n / 2;
        yield return ("concat", Dataset.Concat(new RowDataset(x[..half], y[..half]), Dataset.FromTensors(x[half..], y[half..])));
    }

    [Fact]
    public void Batches_NoShuffle_AreConsecutiveWithShortLastBatch()
    {
        foreach (var (path, dataset) in Paths(23))
        {
            using var loader = DataLoader.From(dataset).Batch(5).Build();

            var batches = loader.Select(b => (X: TestData.Floats(b.X), Shape: b.X.shape, Y: TestData.Longs(b.Y))).ToList();

            batches.Select(b => b.Y.Length).Should().Equal([5, 5, 5, 5, 3], path);
            batches.SelectMany(b => b.Y).Should().Equal(Enumerable.Range(0, 23).Select(i => (long)i), path);
            batches[4].Shape.Should().Equal([3, 3], path);
            batches[1].X.Should().Equal(Enumerable.Range(15, 15).Select(v => (float)v), path);
        }
    }

    [Fact]
    public void Batches_DropLast_DropsOnlyTheShortBatch()
    {
        foreach (var (path, dataset) in Paths(23))
        {
            using var loader = DataLoader.From(dataset).Batch(5).DropLast().Build();

            loader.Count.Should().Be(4, path);
            Labels(loader, b => b.Y).SelectMany(l => l).Should().Equal(Enumerable.Range(0, 20).Select(i => (long)i), path);
        }
        foreach (var (path, dataset) in Paths(20))
        {
            using var loader = DataLoader.From(dataset).Batch(5).DropLast().Build();
            loader.Count().Should().Be(4, path + ": nothing to drop");
        }
    }

    [Fact]
    public void Batches_BatchLargerThanDataset_OneBatchOrNoneWithDropLast()
    {
        var (x, y) = TestData.Rows(3);
        using var dataset = Dataset.FromTensors(x, y);
        using var loader = DataLoader.From(dataset).Batch(10).Build();
        using var dropping = DataLoader.From(dataset).Batch(10).DropLast().Build();

        loader.Select(b => b.X.shape).Single().Should().Equal(3, 3);
        dropping.Count.Should().Be(0);
        dropping.Should().BeEmpty();
    }

    [Fact]
    public void Shuffle_Seeded_EveryEpochCoversEverySampleOnceInANewOrder()
    {
        foreach (var (path, dataset) in Paths(103))
        {
            using var loader = DataLoader.From(dataset).Batch(8).Shuffle(seed: 42).Build();

            var epochs = Enumerable.Range(0, 3).Select(_ => Labels(loader, b => b.Y).SelectMany(l => l).ToList()).ToList();

            foreach (var epoch in epochs) epoch.Should().BeEquivalentTo(Enumerable.Range(0, 103).Select(i => (long)i), path);
            epochs[0].Should().NotEqual(epochs[1], path);
            epochs[1].Should().NotEqual(epochs[2], path);
            epochs[0].Should().NotEqual(Enumerable.Range(0, 103).Select(i => (long)i), path);
        }
    }

    [Fact]
    public void Shuffle_SameSeed_SameOrderOnEveryPathAndLoader()
    {
        var orders = Paths(61).Select(p =>
        {
            using var loader = DataLoader.From(p.Dataset).Batch(7).Shuffle(seed: 3).Build();
            return (p.Path, Epochs: Enumerable.Range(0, 2).Select(_ => Labels(loader, b => b.Y).SelectMany(l => l).ToList()).ToList());
        }).ToList();

        foreach (var (path, epochs) in orders.Skip(1).Where(o => !o.Path.StartsWith("concat", StringComparison.Ordinal)))
        {
            epochs[0].Should().Equal(orders[0].Epochs[0], path);
            epochs[1].Should().Equal(orders[0].Epochs[1], path);
        }
        // A concatenation serves the same samples at the same indices, so it shuffles the same way too.
        orders.Single(o => o.Path == "concat").Epochs[0].Should().Equal(orders[0].Epochs[0]);
    }

    [Fact]
    public void Shuffle_DifferentSeeds_DifferentOrders()
    {
        var (x, y) = TestData.Rows(50);
        using var dataset = Dataset.FromTensors(x, y);
        using var a = DataLoader.From(dataset).Batch(10).Shuffle(seed: 1).Build();
        using var b = DataLoader.From(dataset).Batch(10).Shuffle(seed: 2).Build();

        Labels(a, t => t.Y).SelectMany(l => l).Should().NotEqual(Labels(b, t => t.Y).SelectMany(l => l));
    }

    [Fact]
    public void TensorDataset_ManyBlocks_SameBatchesAsPerSampleReads()
    {
        // 5000 samples of batch 16: the batched path gathers several blocks of batches per epoch.
        var (x, y) = TestData.Rows(5000);
        using var tensors = Dataset.FromTensors(x, y);
        using var fast = DataLoader.From(tensors).Batch(16).Shuffle(seed: 9).Build();
        using var slow = DataLoader.From(new RowDataset(x, y)).Batch(16).Shuffle(seed: 9).Build();

        using var fastEpoch = fast.GetEnumerator();
        using var slowEpoch = slow.GetEnumerator();
        var batches = 0;
        while (fastEpoch.MoveNext())
        {
            slowEpoch.MoveNext().Should().BeTrue();
            TestData.Floats(fastEpoch.Current.X).Should().Equal(TestData.Floats(slowEpoch.Current.X));
            TestData.Longs(fastEpoch.Current.Y).Should().Equal(TestData.Longs(slowEpoch.Current.Y));
            fastEpoch.Current.X.is_contiguous().Should().BeTrue();
            batches++;
        }
        slowEpoch.MoveNext().Should().BeFalse();
        batches.Should().Be(313);
    }

    [Fact]
    public void TensorDataset_ChangingABatch_LeavesTheDatasetAlone()
    {
        var (x, y) = TestData.Rows(10);
        using var dataset = Dataset.FromTensors(x, y);
        foreach (var shuffle in new[] { false, true })
        {
            var builder = DataLoader.From(dataset).Batch(4);
            using var loader = (shuffle ? builder.Shuffle(seed: 0) : builder).Build();
            foreach (var (xb, _) in loader) xb.mul_(0);
        }

        TestData.Floats(x).Should().Equal(Enumerable.Range(0, 30).Select(v => (float)v));
    }

    [Fact]
    public void SubsetOfSubset_OfTensorDataset_ServesComposedRows()
    {
        var (x, y) = TestData.Rows(10);
        using var dataset = Dataset.FromTensors(x, y);
        using var outer = Dataset.Subset(dataset, [9, 7, 5, 3, 1]);
        using var inner = Dataset.Subset(outer, [4, 0, 2]);
        using var loader = DataLoader.From(inner).Batch(2).Build();

        Labels(loader, b => b.Y).SelectMany(l => l).Should().Equal(1, 9, 5);
    }

    [Fact]
    public void RandomSplit_OfTensorDataset_LoadsEachPartsSamples()
    {
        var (x, y) = TestData.Rows(40);
        using var dataset = Dataset.FromTensors(x, y);
        var (train, valid) = Dataset.RandomSplit(dataset, [0.75, 0.25], seed: 0);
        using var trainLoader = DataLoader.From(train).Batch(8).Shuffle(seed: 0).Build();
        using var validLoader = DataLoader.From(valid).Batch(8).Build();

        Labels(trainLoader, b => b.Y).SelectMany(l => l).Should().BeEquivalentTo(train.Indices.Select(i => (long)i));
        Labels(validLoader, b => b.Y).SelectMany(l => l).Should().Equal(valid.Indices.Select(i => (long)i));
    }

    [Fact]
    public void SingleTensorDataset_BatchesAreTensors()
    {
        var (x, _) = TestData.Rows(7);
        using var dataset = Dataset.FromTensors(x);
        using var loader = DataLoader.From(dataset).Batch(3).Build();

        loader.Select(b => b.shape[0]).Should().Equal(3, 3, 1);
    }

    [Fact]
    public void ThreeTensorDataset_BatchesAreTriples()
    {
        var (x, y) = TestData.Rows(5);
        using var w = arange(5, ScalarType.Float64);
        using var dataset = Dataset.FromTensors(x, y, w);
        using var loader = DataLoader.From(dataset).Batch(5).Build();

        foreach (var (a, b, c) in loader)
        {
            a.shape.Should().Equal(5, 3);
            b.dtype.Should().Be(ScalarType.Int64);
            c.dtype.Should().Be(ScalarType.Float64);
        }
    }

    [Fact]
    public void To_Cpu_BatchesStayOnCpu()
    {
        foreach (var (path, dataset) in Paths(6))
        {
            using var loader = DataLoader.From(dataset).Batch(4).To(CPU).Build();
            foreach (var (xb, yb) in loader)
            {
                xb.device_type.Should().Be(DeviceType.CPU, path);
                yb.device_type.Should().Be(DeviceType.CPU, path);
            }
            Labels(loader, b => b.Y).SelectMany(l => l).Should().Equal(0, 1, 2, 3, 4, 5);
        }
    }

    [Fact]
    public void Enumerations_Interleaved_AreIndependentEpochs()
    {
        var (x, y) = TestData.Rows(12);
        using var dataset = Dataset.FromTensors(x, y);
        using var loader = DataLoader.From(dataset).Batch(4).Build();

        using var first = loader.GetEnumerator();
        using var second = loader.GetEnumerator();
        first.MoveNext();
        second.MoveNext();
        second.MoveNext();

        TestData.Longs(first.Current.Y).Should().Equal(0, 1, 2, 3);
        TestData.Longs(second.Current.Y).Should().Equal(4, 5, 6, 7);
    }

    [Fact]
    public void Reset_IsNotSupported()
    {
        using var loader = DataLoader.From(Dataset.From([1f])).Build();
        using var epoch = loader.GetEnumerator();

        var act = () => epoch.Reset();

        act.Should().Throw<NotSupportedException>().WithMessage("A DataLoader epoch cannot be restarted.*");
    }
}
