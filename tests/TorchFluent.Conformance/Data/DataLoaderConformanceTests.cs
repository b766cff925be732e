using System.Text.Json;
using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Data;

/// <summary>
/// Reference text, "Load Data": <c>DataLoader(dataset, batch_size=5, shuffle=False)</c> over a MyDataset gives exactly
/// PyTorch's batches; drop_last and len(loader) as PyTorch; a seeded shuffle gives PyTorch's order epoch after epoch.
/// </summary>
public sealed class DataLoaderConformanceTests
{
    /// <summary>The reference text's MyDataset: __getitem__ returns (x[index], y[index]).</summary>
    sealed class MyDataset(Tensor x, Tensor y) : Dataset<(Tensor X, Tensor Y)>
    {
        public override int Count => (int)x.shape[0];

        public override (Tensor X, Tensor Y) this[int index] => (x[index], y[index]);
    }

    public DataLoaderConformanceTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("batches_keep_last", false)]
    [InlineData("batches_drop_last", true)]
    public void Batches_Batch5NoShuffle_MatchPyTorch(string caseName, bool dropLast)
    {
        var golden = DataGolden.Case(caseName);
        using var x = DataGolden.ToTensor(golden.Tensor("x"));
        using var y = DataGolden.ToTensor(golden.Tensor("y"));
        var expected = golden.Element.GetProperty("batches").EnumerateArray().ToList();

        // Both the per-sample path (a user Dataset) and the batched path (TensorDataset) must give PyTorch's batches.
        using var tensorDataset = Dataset.FromTensors(x, y);
        foreach (var dataset in new Dataset<(Tensor X, Tensor Y)>[] { new MyDataset(x, y), tensorDataset })
        {
            using var loader = DataLoader.From(dataset).Batch(5).DropLast(dropLast).Build();
            loader.Count.Should().Be((int)golden.Long("len"));
            var i = 0;
            foreach (var (xb, yb) in loader)
            {
                TensorAssert.Equal(xb, DataGolden.TensorAt(expected[i].GetProperty("x"), $"{caseName}[{i}].x"));
                TensorAssert.Equal(yb, DataGolden.TensorAt(expected[i].GetProperty("y"), $"{caseName}[{i}].y"));
                i++;
            }
            i.Should().Be(expected.Count);
        }
    }

    [Fact]
    public void Count_ManySizes_MatchesPyTorchLen()
    {
        foreach (var row in DataGolden.Case("loader_len").Element.GetProperty("rows").EnumerateArray())
        {
            var (n, batch, dropLast, expected) = (row[0].GetInt32(), row[1].GetInt32(), row[2].GetInt32() == 1, row[3].GetInt32());
            using var loader = DataLoader.From(Dataset.From(n, i => (long)i)).Batch(batch).DropLast(dropLast).Build();
            loader.Count.Should().Be(expected, $"len(DataLoader(range({n}), batch_size={batch}, drop_last={dropLast}))");
            loader.Count().Should().Be(expected, "the number of batches an epoch yields");
        }
    }

    [Theory]
    [InlineData("shuffle_seed0_keep_last", false)]
    [InlineData("shuffle_seed0_drop_last", true)]
    public void Shuffle_Seed0_GivesPyTorchOrderEveryEpoch(string caseName, bool dropLast)
    {
        var golden = DataGolden.Case(caseName);
        var expectedEpochs = golden.Element.GetProperty("epochs").EnumerateArray()
            .Select(epoch => epoch.EnumerateArray().Select(b => DataGolden.TensorAt(b, caseName)).ToList()).ToList();
        using var x = arange(23 * 3, ScalarType.Float32).reshape(23, 3);
        using var y = arange(23, ScalarType.Int64) * 10;
        using var tensorDataset = Dataset.FromTensors(x, y);
        foreach (var dataset in new Dataset<(Tensor X, Tensor Y)>[] { tensorDataset, new MyDataset(x, y) })
        {
            using var loader = DataLoader.From(dataset).Batch(5).Shuffle(seed: 0).DropLast(dropLast).Build();
            foreach (var expectedBatches in expectedEpochs)
            {
                var actual = loader.Select(b => DataGolden.Longs(b.Y)).ToList();
                actual.Should().HaveCount(expectedBatches.Count);
                for (var i = 0; i < actual.Count; i++) actual[i].Select(v => (double)v).Should().Equal(expectedBatches[i].Values);
            }
            // An epoch stopped after its first batch does not exhaust the sampler, in PyTorch as here.
            using (var epoch = loader.GetEnumerator())
            {
                epoch.MoveNext().Should().BeTrue();
                DataGolden.Longs(epoch.Current.Y).Select(v => (double)v).Should().Equal(golden.Tensor("partial_first_batch").Values);
            }
            var after = loader.Select(b => DataGolden.Longs(b.Y)).SelectMany(v => v).Select(v => (double)v).ToList();
            var expectedAfter = golden.Element.GetProperty("after_partial").EnumerateArray()
                .SelectMany(b => DataGolden.TensorAt(b, caseName).Values).ToList();
            after.Should().Equal(expectedAfter);
        }
    }

    [Fact]
    public void Shuffle_Seed1234Batch4_GivesPyTorchOrder()
    {
        var golden = DataGolden.Case("shuffle_seed1234");
        using var x = arange(23 * 3, ScalarType.Float32).reshape(23, 3);
        using var y = arange(23, ScalarType.Int64) * 10;
        using var dataset = Dataset.FromTensors(x, y);
        using var loader = DataLoader.From(dataset).Batch(4).Shuffle(seed: 1234).Workers(2).Build();
        foreach (var epoch in golden.Element.GetProperty("epochs").EnumerateArray())
        {
            var expected = epoch.EnumerateArray().SelectMany(b => DataGolden.TensorAt(b, "shuffle_seed1234").Values).ToList();
            loader.SelectMany(b => DataGolden.Longs(b.Y)).Select(v => (double)v).Should().Equal(expected);
        }
    }
}
