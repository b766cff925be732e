using FluentAssertions;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Data;

public sealed class DataLoaderCollationTests
{
    public DataLoaderCollationTests() => TorchRuntime.EnsureLoaded();

    static Tensor Single<TSample>(params TSample[] samples)
    {
        using var loader = DataLoader.From(Dataset.From(samples)).Batch(samples.Length).KeepBatches().Build();
        return loader.Single();
    }

    [Fact]
    public void Scalars_KeepTheirWidthExceptIntWhichIsInt64()
    {
        using (var t = Single(1f, 2f)) (t.dtype, t.shape.Single()).Should().Be((ScalarType.Float32, 2L));
        using (var t = Single(1.0, 2.0)) t.dtype.Should().Be(ScalarType.Float64);
        using (var t = Single((Half)1, (Half)2)) t.dtype.Should().Be(ScalarType.Float16);
        using (var t = Single(1, -2)) (t.dtype, TestData.Longs(t)).Should().BeEquivalentTo((ScalarType.Int64, new long[] { 1, -2 }));
        using (var t = Single(1L << 40, 2L)) TestData.Longs(t).Should().Equal(1L << 40, 2);
        using (var t = Single((short)-3, (short)4)) (t.dtype, TestData.Longs(t)).Should().BeEquivalentTo((ScalarType.Int16, new long[] { -3, 4 }));
        using (var t = Single((sbyte)-1, (sbyte)1)) t.dtype.Should().Be(ScalarType.Int8);
        using (var t = Single((byte)255, (byte)0)) TestData.Longs(t).Should().Equal(255, 0);
        using (var t = Single(true, false, true)) (t.dtype, TestData.Longs(t)).Should().BeEquivalentTo((ScalarType.Bool, new long[] { 1, 0, 1 }));
    }

    [Fact]
    public void Arrays_GainABatchDimension()
    {
        using (var t = Single(new[] { 1f, 2f }, new[] { 3f, 4f }, new[] { 5f, 6f }))
        {
            t.shape.Should().Equal(3, 2);
            TestData.Floats(t).Should().Equal(1, 2, 3, 4, 5, 6);
        }
        using (var t = Single(new[,] { { 1.0, 2.0 } }, new[,] { { 3.0, 4.0 } }))
        {
            (t.dtype, t.shape).Should().BeEquivalentTo((ScalarType.Float64, new long[] { 2, 1, 2 }));
        }
        using (var t = Single(new[] { 7, 8 }, new[] { 9, 10 }))
        {
            (t.dtype, TestData.Longs(t)).Should().BeEquivalentTo((ScalarType.Int64, new long[] { 7, 8, 9, 10 }));
        }
        using (var t = Single(new[] { true }, new[] { false })) t.dtype.Should().Be(ScalarType.Bool);
    }

    [Fact]
    public void Tuples_OfMixedElements_GiveATupleOfTensors()
    {
        var samples = new (float[] Features, int Label)[] { ([1, 2], 0), ([3, 4], 2) };
        using var loader = DataLoader.From(Dataset.From(samples)).Batch(2).KeepBatches().Build();

        var (x, y) = loader.Single();

        x.shape.Should().Equal(2, 2);
        (y.dtype, TestData.Longs(y)).Should().BeEquivalentTo((ScalarType.Int64, new long[] { 0, 2 }));
    }

    [Fact]
    public void Triples_OfMixedElements_GiveATripleOfTensors()
    {
        var samples = new[] { (tensor(new[] { 1f }), 2.5, true), (tensor(new[] { 3f }), 4.5, false) };
        using var loader = DataLoader.From(Dataset.From(samples)).Batch(2).KeepBatches().Build();

        var (a, b, c) = loader.Single();

        a.shape.Should().Equal(2, 1);
        b.dtype.Should().Be(ScalarType.Float64);
        c.dtype.Should().Be(ScalarType.Bool);
    }

    [Fact]
    public void Tensors_NonContiguousSamples_AreStackedCorrectly()
    {
        using var source = arange(12, ScalarType.Float32).reshape(3, 4);
        // Columns of a row-major matrix are not contiguous: the stacking fallback handles them.
        using var loader = DataLoader.From(Dataset.From(4, i => source[.., i])).Batch(4).KeepBatches().Build();

        using var batch = loader.Single();

        batch.shape.Should().Equal(4, 3);
        TestData.Floats(batch).Should().Equal(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
    }

    [Fact]
    public void Tensors_GradTrackingSamples_KeepTheirGraph()
    {
        using var w = ones(2, requires_grad: true);
        using var loader = DataLoader.From(Dataset.From(2, i => w * (i + 1))).Batch(2).Build();

        foreach (var batch in loader)
        {
            batch.requires_grad.Should().BeTrue();
            batch.sum().backward();
        }

        TestData.Floats(w.grad!).Should().Equal(3, 3);
    }

    /// <summary>Samples that cannot be copied row by row (views, other dtypes, grad) can come anywhere in a batch.</summary>
    [Fact]
    public void Tensors_PlainSamplesThenOthers_GiveWhatTorchStackGives()
    {
        using var source = arange(20, ScalarType.Float32).reshape(4, 5);
        Tensor Sample(int i) => i switch
        {
            2 => source[.., 1],                                  // a non-contiguous view
            3 => arange(4, ScalarType.Int32),                    // another dtype: promoted
            _ => source[.., 0].contiguous() + i,
        };
        using var expected = stack(Enumerable.Range(0, 5).Select(Sample).ToArray());
        using var loader = DataLoader.From(Dataset.From(5, Sample)).Batch(5).KeepBatches().Build();

        using var batch = loader.Single();

        batch.dtype.Should().Be(expected.dtype);
        TestData.Floats(batch).Should().Equal(TestData.Floats(expected));
    }

    [Fact]
    public void Tensors_GradTrackingSampleMidBatch_KeepsOnlyItsGraph()
    {
        using var w = ones(2, requires_grad: true);
        using var loader = DataLoader.From(Dataset.From(3, i => i == 1 ? w * 5 : full(2, (float)i))).Batch(3).Build();

        foreach (var batch in loader)
        {
            batch.requires_grad.Should().BeTrue();
            TestData.Floats(batch).Should().Equal(0, 0, 5, 5, 2, 2);
            batch.sum().backward();
        }

        TestData.Floats(w.grad!).Should().Equal(5, 5);
    }

    /// <summary>A sample's tensors are freed once copied, but not while the next sample still uses them.</summary>
    [Fact]
    public void Tensors_SameNewTensorInConsecutiveSamples_IsFreedAfterItsLastCopy()
    {
        var (x, _) = TestData.Rows(6);
        var made = new List<Tensor>();
        var freedTooEarly = false;
        var dataset = Dataset.From(6, i =>
        {
            if (i % 2 == 1) return made[^1];
            // Sample i - 1 shares its tensor with sample i - 2; its row is copied only now, after this read.
            if (made.Count > 0 && made[^1].IsInvalid) freedTooEarly = true;
            made.Add(x[i] * 1);
            return made[^1];
        });
        using var loader = DataLoader.From(dataset).Batch(6).Build();

        var rows = loader.Select(TestData.Floats).Single();

        freedTooEarly.Should().BeFalse();
        rows.Should().Equal(new[] { 0, 0, 2, 2, 4, 4 }.SelectMany(i => TestData.Floats(x[i])));
        made.Should().HaveCount(3).And.OnlyContain(t => t.IsInvalid);
    }

    [Fact]
    public void TensorArrays_SameNewTensorInConsecutiveSamples_IsFreedAfterItsLastCopy()
    {
        var (x, _) = TestData.Rows(4);
        var made = new List<Tensor>();
        var freedTooEarly = false;
        var dataset = Dataset.From(4, i =>
        {
            if (i % 2 == 1) return new[] { x[i] * 1, made[^1] };
            if (made.Count > 0 && made[^1].IsInvalid) freedTooEarly = true;
            made.Add(x[i] * 1);
            return new[] { made[^1], made[^1] };
        });
        using var loader = DataLoader.From(dataset).Batch(4).Build();

        var columns = loader.Select(b => b.Select(TestData.Floats).ToArray()).Single();

        freedTooEarly.Should().BeFalse();
        columns[0].Should().Equal(new[] { 0, 1, 2, 3 }.SelectMany(i => TestData.Floats(x[i])));
        columns[1].Should().Equal(new[] { 0, 0, 2, 2 }.SelectMany(i => TestData.Floats(x[i])));
        made.Should().HaveCount(2).And.OnlyContain(t => t.IsInvalid);
    }

    [Fact]
    public void Tuples_SameTensorInBothElements_IsCollatedTwiceAndFreedOnce()
    {
        var (x, _) = TestData.Rows(4);
        using var loader = DataLoader.From(Dataset.From(4, i => { var row = x[i]; return (row, row); })).Batch(4).Build();

        foreach (var (a, b) in loader) TestData.Floats(a).Should().Equal(TestData.Floats(b));
    }

    [Fact]
    public void Stack_ViewThenDifferentShape_NamesTheSample()
    {
        using var source = zeros(3, 4);
        using var loader = DataLoader.From(Dataset.From(3, i => i == 2 ? zeros(2) : source[.., i])).Batch(3).Build();

        var act = () => loader.ToList();

        act.Should().Throw<DataLoaderException>().Which.Message.Should().StartWith("Cannot stack batch 0: sample 2 has shape [2] but sample 0 has shape [3].");
    }

    [Fact]
    public void Collate_Custom_ReceivesTheSamplesOfEachBatch()
    {
        var seen = new List<int[]>();
        using var loader = DataLoader.From(Dataset.From(5, i => i)).Batch(2)
            .Collate(samples =>
            {
                seen.Add([.. samples]);
                return (tensor(samples.Select(s => (float)s).ToArray()), tensor(samples.Count));
            })
            .Build();

        var sizes = loader.Select(b => TestData.Longs(b.Item2)[0]).ToList();

        sizes.Should().Equal(2, 2, 1);
        seen.Should().BeEquivalentTo(new[] { new[] { 0, 1 }, new[] { 2, 3 }, new[] { 4 } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Collate_DictionaryBatch_IsFreedByTheLoader()
    {
        var kept = new List<Tensor>();
        using var loader = DataLoader.From(Dataset.From(4, i => (float)i)).Batch(2)
            .Collate(samples => new Dictionary<string, Tensor> { ["x"] = tensor(samples.ToArray()) })
            .Build();

        foreach (var batch in loader) kept.Add(batch["x"]);

        kept.Should().HaveCount(2).And.OnlyContain(t => t.IsInvalid);
    }

    sealed class Batch(Tensor values) : IDisposable
    {
        public Tensor Values { get; } = values;

        public bool Disposed { get; private set; }

        public void Dispose()
        {
            Disposed = true;
            Values.Dispose();
        }
    }

    [Fact]
    public void Collate_DisposableBatchType_IsDisposedByTheLoaderAndKeepsWhatItHolds()
    {
        var batches = new List<Batch>();
        using var loader = DataLoader.From(Dataset.From(4, i => (float)i)).Batch(2)
            .Collate(samples => new Batch(tensor(samples.ToArray()) * 2))
            .Build();

        foreach (var batch in loader)
        {
            batch.Disposed.Should().BeFalse();
            batch.Values.IsInvalid.Should().BeFalse("tensors the function creates for a batch type it cannot see into are kept");
            TestData.Floats(batch.Values).Should().HaveCount(2);
            batches.Add(batch);
        }

        batches.Should().OnlyContain(b => b.Disposed);
    }

    [Fact]
    public void Collate_FunctionThrows_ReportsTheBatchAndSamples()
    {
        using var loader = DataLoader.From(Dataset.From(6, i => i)).Batch(3)
            .Collate<Tensor>(samples => samples[0] == 3 ? throw new FormatException("bad batch") : tensor(samples.ToArray()))
            .Build();

        var act = () => loader.ToList();

        var e = act.Should().Throw<DataLoaderException>().Which;
        (e.BatchIndex, e.SampleIndex).Should().Be((1, (int?)null));
        e.InnerException.Should().BeOfType<FormatException>();
        e.Message.Should().Be(
            "The collate function failed on batch 1: FormatException: bad batch\n" +
            "Expected: a batch made from the samples.\n" +
            "Received: the FormatException above for samples 3, 4, 5.\n" +
            "Fix: fix the collate function; the original exception is the InnerException.");
    }

    [Fact]
    public void Stack_SamplesOfDifferentShapes_NamesSamplesAndShapes()
    {
        var dataset = Dataset.From(6, i => (i == 4 ? zeros(4) : zeros(3), tensor((long)i)));
        using var loader = DataLoader.From(dataset).Batch(3).Build();

        var act = () => loader.ToList();

        var e = act.Should().Throw<DataLoaderException>().Which;
        (e.BatchIndex, e.SampleIndex).Should().Be((1, (int?)4));
        e.Message.Should().Be(
            "Cannot stack batch 1: element 0 of sample 4 has shape [4] but element 0 of sample 3 has shape [3].\n" +
            "Expected: element 0 of the same shape in every sample in a batch (torch.stack).\n" +
            "Received: [3] in sample 3 (the batch's first) and [4] in sample 4.\n" +
            "Fix: make every sample the same shape in the dataset (crop, pad or resize), or pass a collate function that pads.");
    }

    [Fact]
    public void Stack_ShuffledSamplesOfDifferentRanks_NamesDatasetIndices()
    {
        var dataset = Dataset.From(8, i => i == 6 ? zeros(2, 1) : zeros(2));
        using var loader = DataLoader.From(dataset).Batch(8).Shuffle(seed: 0).Build();

        var act = () => loader.ToList();

        var e = act.Should().Throw<DataLoaderException>().Which;
        e.SampleIndex.Should().Be(6);
        e.Message.Should().StartWith("Cannot stack batch 0: sample 6 has shape [2, 1] but sample ");
        e.Message.Should().Contain("\nExpected: samples of the same shape in a batch (torch.stack).\n");
    }

    [Fact]
    public void Arrays_OfDifferentLengths_NameSamplesAndShapes()
    {
        var dataset = Dataset.From(4, i => (new float[i < 2 ? 3 : 5], 1));
        using var loader = DataLoader.From(dataset).Batch(4).Build();

        var act = () => loader.ToList();

        var e = act.Should().Throw<DataLoaderException>().Which;
        e.SampleIndex.Should().Be(2);
        e.Message.Should().Be(
            "Cannot collate batch 0: element 0 of sample 2 is a float[] of shape [5] but element 0 of sample 0 has shape [3].\n" +
            "Expected: arrays of the same shape in every sample of a batch.\n" +
            "Received: [3] in sample 0 (the batch's first) and [5] in sample 2.\n" +
            "Fix: make every sample's array the same length (pad or crop), or pass a collate function.");
    }

    [Fact]
    public void TensorArrays_OfDifferentLengths_NameTheSample()
    {
        var dataset = Dataset.From(3, i => i == 2 ? new[] { zeros(1) } : new[] { zeros(1), zeros(1) });
        using var loader = DataLoader.From(dataset).Batch(3).Build();

        var act = () => loader.ToList();

        act.Should().Throw<DataLoaderException>().Which.Message.Should().Be(
            "Cannot collate batch 0: sample 2 has 1 tensors but sample 0 has 2.\n" +
            "Expected: the same number of tensors in every sample.\n" +
            "Received: 2 tensors in sample 0 (the batch's first) and 1 in sample 2.\n" +
            "Fix: return the same number of tensors for every sample, or pass a collate function.");
    }

    [Fact]
    public void NullElement_NamesTheSample()
    {
        var dataset = Dataset.From(2, i => (i == 1 ? null! : new float[] { 1 }, 0L));
        using var loader = DataLoader.From(dataset).Batch(2).Build();

        var act = () => loader.ToList();

        act.Should().Throw<DataLoaderException>().Which.Message.Should().StartWith("Cannot collate batch 0: element 0 of sample 1 is null.");
    }

    [Fact]
    public void Indexer_Throws_ReportsTheSampleIndexWithTheCause()
    {
        var (x, y) = TestData.Rows(10);
        var dataset = new RowDataset(x, y) { BeforeRead = i => { if (i == 7) throw new InvalidOperationException("corrupt record"); } };
        using var loader = DataLoader.From(dataset).Batch(4).Build();

        var act = () => loader.ToList();

        var e = act.Should().Throw<DataLoaderException>().Which;
        (e.BatchIndex, e.SampleIndex).Should().Be((1, (int?)7));
        e.InnerException.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be("corrupt record");
        e.Message.Should().Be(
            "Reading sample 7 failed (batch 1): InvalidOperationException: corrupt record\n" +
            "Expected: RowDataset[7] to return a sample (the dataset has 10 samples).\n" +
            "Received: the InvalidOperationException above, thrown by the indexer.\n" +
            "Fix: fix the dataset's indexer for sample 7; the original exception is the InnerException.");
    }
}
