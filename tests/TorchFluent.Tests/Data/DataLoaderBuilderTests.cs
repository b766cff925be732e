using FluentAssertions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Data;

public sealed class DataLoaderBuilderTests
{
    public DataLoaderBuilderTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Build_NoOptions_HasPyTorchDefaults()
    {
        var (x, y) = TestData.Rows(3);
        using var dataset = Dataset.FromTensors(x, y);

        using var loader = DataLoader.From(dataset).Build();

        loader.BatchSize.Should().Be(1);
        loader.Shuffles.Should().BeFalse();
        loader.DropLast.Should().BeFalse();
        loader.Workers.Should().Be(0);
        loader.Device.Should().BeNull();
        loader.KeepsBatches.Should().BeFalse();
        loader.Count.Should().Be(3);
        loader.Dataset.Should().BeSameAs(dataset);
        loader.Dataset.Count.Should().Be(3);
    }

    [Fact]
    public void Build_Options_AreReported()
    {
        var (x, y) = TestData.Rows(10);
        using var dataset = Dataset.FromTensors(x, y);

        using var loader = DataLoader.From(dataset).Batch(4).Shuffle(seed: 5).DropLast().Workers(2, prefetch: 3).To(CPU).KeepBatches().Build();

        (loader.BatchSize, loader.Seed, loader.Shuffles, loader.DropLast, loader.Workers, loader.KeepsBatches)
            .Should().Be((4, 5L, true, true, 2, true));
        loader.Device!.type.Should().Be(DeviceType.CPU);
        loader.Count.Should().Be(2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Build_BatchSizeBelowOne_Throws(int size)
    {
        var (x, y) = TestData.Rows(3);
        using var dataset = Dataset.FromTensors(x, y);

        var act = () => DataLoader.From(dataset).Batch(size).Build();

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("size");
        e.Message.Should().Be(
            "The batch size must be at least 1.\n" +
            "Expected: Batch(size) with size >= 1 (PyTorch's batch_size).\n" +
            $"Received: Batch({size}).\n" +
            "Fix: pass the number of samples per batch, for example Batch(16). (Parameter 'size')");
    }

    [Fact]
    public void Build_EmptyDataset_Throws()
    {
        var act = () => DataLoader.From(Dataset.From(0, i => (float)i)).Batch(2).Build();

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("dataset");
        e.Message.Should().Be(
            "The dataset is empty, so there is nothing to load.\n" +
            "Expected: a dataset with at least one sample.\n" +
            "Received: a Dataset<float> whose Count is 0.\n" +
            "Fix: check the file, filter or split that produced the dataset. (Parameter 'dataset')");
    }

    [Fact]
    public void Build_SeveralProblems_ReportsAllTogether()
    {
        var act = () => DataLoader.From(Dataset.From(0, i => (float)i)).Batch(0).Workers(-1, prefetch: 0).Build();

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "The DataLoader cannot be built: 4 problems.\n" +
            "1. The batch size must be at least 1.\n" +
            "Expected: Batch(size) with size >= 1 (PyTorch's batch_size).\n" +
            "Received: Batch(0).\n" +
            "Fix: pass the number of samples per batch, for example Batch(16).\n" +
            "2. The dataset is empty, so there is nothing to load.\n" +
            "Expected: a dataset with at least one sample.\n" +
            "Received: a Dataset<float> whose Count is 0.\n" +
            "Fix: check the file, filter or split that produced the dataset.\n" +
            "3. The number of workers cannot be negative.\n" +
            "Expected: Workers(count) with count >= 0 (0 makes batches on the enumerating thread, like PyTorch's num_workers=0).\n" +
            "Received: Workers(-1).\n" +
            "Fix: pass 0 or more, for example Workers(2).\n" +
            "4. Each worker must be allowed at least one finished batch.\n" +
            "Expected: Workers(count, prefetch) with prefetch >= 1 (PyTorch's prefetch_factor, default 2).\n" +
            "Received: prefetch 0.\n" +
            "Fix: leave prefetch at its default of 2, or pass 1 or more. (Parameter 'size')");
    }

    sealed record Point(double X, double Y);

    [Fact]
    public void Build_SamplesThatCannotBeCollated_ThrowsAndNamesTheType()
    {
        var act = () => DataLoader.From(Dataset.From([new Point(1, 2)])).Build();

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Samples of type Point cannot be collated by default.\n" +
            "Expected: a Tensor, a .NET scalar (float, double, Half, int, long, short, sbyte, byte, bool), an array of those, a Tensor[], or a tuple of two or three of those.\n" +
            "Received: Point (Point is not a tensor, a supported scalar or an array of one).\n" +
            "Fix: pass a collate function that makes the batch: .Collate(samples => ...). (Parameter 'dataset')");
    }

    [Fact]
    public void Build_TupleWithUnsupportedElement_NamesTheElement()
    {
        var act = () => DataLoader.From(Dataset.From([(new float[] { 1 }, "label")])).Build();

        act.Should().Throw<ArgumentException>().WithMessage(
            "Samples of type (float[], string) cannot be collated by default.*Received: (float[], string) (element 1: string is not a tensor, a supported scalar or an array of one).*");
    }

    sealed class Holder
    {
        public Tensor? Value { get; init; }
    }

    [Fact]
    public void Build_CustomBatchTypeTheLoaderCannotFree_Throws()
    {
        var act = () => DataLoader.From(Dataset.From([1f, 2f])).Collate(s => new Holder { Value = tensor(s.ToArray()) }).Build();

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "The loader cannot free batches of type Holder.\n" +
            "Expected: a batch that is a Tensor, a tuple, array, list or dictionary of tensors, or a type that implements IDisposable.\n" +
            "Received: Holder, which is none of those.\n" +
            "Fix: implement IDisposable on Holder, return a tuple of tensors, or call KeepBatches() and dispose each batch yourself. (Parameter 'collate')");
    }

    [Fact]
    public void Build_CustomBatchTypeWithKeepBatches_IsAllowed()
    {
        using var loader = DataLoader.From(Dataset.From([1f, 2f])).Batch(2).KeepBatches().Collate(s => new Holder { Value = tensor(s.ToArray()) }).Build();

        var batch = loader.Single();
        TestData.Floats(batch.Value!).Should().Equal(1, 2);
        batch.Value!.Dispose();
    }

    [Fact]
    public void Build_ToDeviceWithDictionaryBatches_Throws()
    {
        var act = () => DataLoader.From(Dataset.From([1f])).Collate(s => new Dictionary<string, Tensor> { ["x"] = tensor(s.ToArray()) }).To(CPU).Build();

        act.Should().Throw<ArgumentException>().WithMessage(
            "The loader cannot move batches of type Dictionary<string, Tensor> to a device.*Received: To(cpu) with batches of type Dictionary<string, Tensor>.*");
    }

    [Fact]
    public void Options_AfterBuild_Throw()
    {
        var builder = DataLoader.From(Dataset.From([1f, 2f]));
        using var loader = builder.Build();

        var act = () => builder.Batch(2);

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "This DataLoader builder has already been used.\nExpected: options set before Build() or Collate(...).\n" +
            "Received: an option set afterwards.\nFix: start a new builder with DataLoader.From(dataset).");
    }

    [Fact]
    public void Collate_KeepsOptionsChosenBefore()
    {
        using var loader = DataLoader.From(Dataset.From([1f, 2f, 3f])).Batch(2).DropLast().Collate(s => tensor(s.ToArray())).Build();

        loader.BatchSize.Should().Be(2);
        loader.DropLast.Should().BeTrue();
        loader.Count.Should().Be(1);
    }

    [Fact]
    public void From_NullDataset_Throws()
    {
        var act = () => DataLoader.From((Dataset<Tensor>)null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("dataset");
    }

    [Fact]
    public void GetEnumerator_AfterDispose_Throws()
    {
        var loader = DataLoader.From(Dataset.From([1f])).Build();
        loader.Dispose();

        var act = () => loader.GetEnumerator();

        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void GetEnumerator_DatasetEmptiedAfterBuild_Throws()
    {
        var items = new List<float> { 1 };
        using var loader = DataLoader.From(Dataset.From(items)).Build();
        items.Clear();

        var act = () => loader.GetEnumerator();

        act.Should().Throw<InvalidOperationException>().WithMessage("The dataset is empty, so there is no epoch to load.*");
    }
}
