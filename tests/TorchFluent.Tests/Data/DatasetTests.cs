using FluentAssertions;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Data;

public sealed class DatasetTests
{
    public DatasetTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void FromTensors_TwoTensors_SampleIsRowOfEach()
    {
        var (x, y) = TestData.Rows(5);
        using var dataset = Dataset.FromTensors(x, y);

        dataset.Count.Should().Be(5);
        var (xs, ys) = dataset[2];
        TestData.Floats(xs).Should().Equal(6, 7, 8);
        ys.shape.Should().BeEmpty();
        ys.item<long>().Should().Be(2);
        dataset.Tensors.Should().HaveCount(2);
    }

    [Fact]
    public void FromTensors_OneAndThreeTensors_SampleTypesFollowTheCount()
    {
        var (x, y) = TestData.Rows(4);
        using var w = ones(4);
        using var single = Dataset.FromTensors(x);
        using var triple = Dataset.FromTensors(x, y, w);

        TestData.Floats(single[3]).Should().Equal(9, 10, 11);
        var (a, b, c) = triple[1];
        TestData.Floats(a).Should().Equal(3, 4, 5);
        b.item<long>().Should().Be(1);
        c.item<float>().Should().Be(1);
    }

    [Fact]
    public void FromTensors_CallerDisposesTheirTensors_DatasetStillWorks()
    {
        var (x, y) = TestData.Rows(3);
        using var dataset = Dataset.FromTensors(x, y);
        x.Dispose();
        y.Dispose();

        TestData.Floats(dataset[1].X).Should().Equal(3, 4, 5);
    }

    [Fact]
    public void FromTensors_MadeInsideADisposeScope_OutlivesTheScope()
    {
        TensorDataset<(Tensor X, Tensor Y)> dataset;
        using (NewDisposeScope())
        {
            var (x, y) = TestData.Rows(3);
            dataset = Dataset.FromTensors(x, y);
        }
        using (dataset) TestData.Longs(dataset[2].Y).Should().Equal(2);
    }

    [Fact]
    public void FromTensors_DifferentRowCounts_Throws()
    {
        using var x = zeros(4, 3);
        using var y = zeros(5);

        var act = () => Dataset.FromTensors(x, y);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Dataset.FromTensors got tensors with different numbers of samples.\n" +
            "Expected: the same size in the first dimension for every tensor (one row per sample).\n" +
            "Received: x with shape [4, 3] (4 samples) and y with shape [5] (5 samples).\n" +
            "Fix: pass features and targets of the same samples; a tensor of samples along another dimension needs a transpose first. (Parameter 'y')");
    }

    [Fact]
    public void FromTensors_ZeroDimTensor_Throws()
    {
        using var x = tensor(1.0f);

        var act = () => Dataset.FromTensors(x);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Dataset.FromTensors got a 0-d tensor (x), which has no samples to index.\n" +
            "Expected: tensors with at least one dimension; the first dimension counts the samples.\n" +
            "Received: x with shape [].\n" +
            "Fix: give one value per sample, for example x.reshape(-1) or x.unsqueeze(0). (Parameter 'x')");
    }

    [Fact]
    public void FromTensors_DisposedTensor_Throws()
    {
        var x = zeros(2);
        x.Dispose();

        var act = () => Dataset.FromTensors(x);

        act.Should().Throw<ArgumentException>().WithMessage("Dataset.FromTensors got a disposed tensor (x).*");
    }

    [Fact]
    public void Indexer_OutOfRange_ThrowsWithTheRange()
    {
        var (x, y) = TestData.Rows(3);
        using var dataset = Dataset.FromTensors(x, y);

        var act = () => dataset[3];

        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(
            "Index 3 is outside the dataset. Expected: 0 <= index < 3 (the dataset has 3 samples). Received: 3. Fix: use an index below Count.");
    }

    [Fact]
    public void Dispose_TensorDataset_ReleasesItsReferencesOnly()
    {
        var (x, y) = TestData.Rows(3);
        var dataset = Dataset.FromTensors(x, y);
        var own = dataset.Tensors[0];

        dataset.Dispose();

        own.IsInvalid.Should().BeTrue("the dataset's own reference is released");
        x.IsInvalid.Should().BeFalse("the caller's tensor is the caller's");
        TestData.Floats(x[0]).Should().Equal(0, 1, 2);
        var act = () => dataset[0];
        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void From_List_ServesItems()
    {
        var dataset = Dataset.From(new[] { "a", "b" });

        dataset.Count.Should().Be(2);
        dataset[1].Should().Be("b");
    }

    [Fact]
    public void From_CountAndFunction_ServesItemsAndChecksRange()
    {
        var dataset = Dataset.From(4, i => i * i);

        dataset.Count.Should().Be(4);
        dataset[3].Should().Be(9);
        var act = () => dataset[4];
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Subclass_CountAndIndexer_AreTheTextsLenAndGetItem()
    {
        var (x, y) = TestData.Rows(6);
        var dataset = new RowDataset(x, y);

        dataset.Count.Should().Be(6);
        TestData.Longs(dataset[5].Y).Should().Equal(5);
    }
}
