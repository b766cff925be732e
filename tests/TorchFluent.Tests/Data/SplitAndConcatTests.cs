using FluentAssertions;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Data;

public sealed class SplitAndConcatTests
{
    public SplitAndConcatTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Subset_Indices_ServeThoseSamplesInOrder()
    {
        var subset = Dataset.Subset(Dataset.From(10, i => i * 10), [7, 2, 2]);

        subset.Count.Should().Be(3);
        Enumerable.Range(0, 3).Select(i => subset[i]).Should().Equal(70, 20, 20);
        subset.Indices.Should().Equal(7, 2, 2);
    }

    [Fact]
    public void Subset_IndexOutsideDataset_Throws()
    {
        var act = () => Dataset.Subset(Dataset.From(4, i => i), [0, 4]);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(
            "Dataset.Subset got index 4 (at position 1), outside the dataset.\n" +
            "Expected: indices from 0 to 3 (the dataset has 4 samples).\n" +
            "Received: 4.\n" +
            "Fix: take indices from the dataset's range, for example Enumerable.Range(0, dataset.Count).");
    }

    [Fact]
    public void Subset_CopiesTheIndices()
    {
        var indices = new[] { 1, 2 };
        var subset = Dataset.Subset(Dataset.From(4, i => i), indices);
        indices[0] = 3;

        subset[0].Should().Be(1);
    }

    [Fact]
    public void Concat_ThreeParts_IndexesAcrossThemIncludingAnEmptyPart()
    {
        var concat = Dataset.Concat(Dataset.From(2, i => $"a{i}"), Dataset.From(0, i => "never"), Dataset.From(3, i => $"c{i}"));

        concat.Count.Should().Be(5);
        Enumerable.Range(0, 5).Select(i => concat[i]).Should().Equal("a0", "a1", "c0", "c1", "c2");
        concat.CumulativeSizes.Should().Equal(2, 2, 5);
        var act = () => concat[5];
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Concat_NoDatasets_Throws()
    {
        var act = () => Dataset.Concat<int>();

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Dataset.Concat got no datasets.\nExpected: at least one dataset.\nReceived: none.\n" +
            "Fix: pass the datasets to join, for example Dataset.Concat(first, second). (Parameter 'datasets')");
    }

    [Fact]
    public void RandomSplit_Seeded_CoversEverySampleOnceAndRepeats()
    {
        var dataset = Dataset.From(50, i => i);

        var (train, valid) = Dataset.RandomSplit(dataset, [0.8, 0.2], seed: 7);
        var again = Dataset.RandomSplit(dataset, [0.8, 0.2], seed: 7);
        var other = Dataset.RandomSplit(dataset, [0.8, 0.2], seed: 8);

        train.Count.Should().Be(40);
        valid.Count.Should().Be(10);
        train.Indices.Concat(valid.Indices).Should().BeEquivalentTo(Enumerable.Range(0, 50));
        again[0].Indices.Should().Equal(train.Indices);
        other[0].Indices.Should().NotEqual(train.Indices);
        train.Dataset.Should().BeSameAs(dataset);
    }

    [Fact]
    public void RandomSplit_LengthsNotAddingUp_Throws()
    {
        var act = () => Dataset.RandomSplit(Dataset.From(10, i => i), [6, 3], seed: 0);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Dataset.RandomSplit got lengths that do not add up to the dataset's size.\n" +
            "Expected: lengths whose sum is 10 (the dataset's Count).\n" +
            "Received: [6, 3], whose sum is 9.\n" +
            "Fix: adjust the lengths, or pass fractions such as [0.8, 0.2] and let the split round them. (Parameter 'lengths')");
    }

    [Fact]
    public void RandomSplit_FractionsNotAddingUp_Throws()
    {
        var act = () => Dataset.RandomSplit(Dataset.From(10, i => i), [0.5, 0.4], seed: 0);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Dataset.RandomSplit got fractions that do not add up to 1.\n" +
            "Expected: fractions between 0 and 1 whose sum is 1.\n" +
            "Received: [0.5, 0.4], whose sum is 0.9.\n" +
            "Fix: adjust the fractions, or pass lengths (numbers of samples) instead. (Parameter 'fractions')");
    }

    [Fact]
    public void RandomSplit_NegativeLengthOrFractionOutOfRange_Throws()
    {
        var negative = () => Dataset.RandomSplit(Dataset.From(2, i => i), [3, -1], seed: 0);
        var fraction = () => Dataset.RandomSplit(Dataset.From(2, i => i), [1.5, -0.5], seed: 0);

        negative.Should().Throw<ArgumentException>().WithMessage("Dataset.RandomSplit got a negative length (-1 at position 1).*");
        fraction.Should().Throw<ArgumentException>().WithMessage("Dataset.RandomSplit got a fraction outside [0, 1] (1.5 at position 0).*");
    }

    [Fact]
    public void Deconstruct_WrongNumberOfParts_Throws()
    {
        var act = () =>
        {
            var (a, b) = Dataset.RandomSplit(Dataset.From(9, i => i), [3, 3, 3], seed: 0);
        };

        act.Should().Throw<ArgumentException>().WithMessage("The split has 3 parts but is deconstructed into 2 variables.*");
        var (first, second, third) = Dataset.RandomSplit(Dataset.From(9, i => i), [3, 3, 3], seed: 0);
        (first.Count + second.Count + third.Count).Should().Be(9);
    }

    [Fact]
    public void Subset_OfTensorDataset_DisposingSubsetLeavesTheDataset()
    {
        var (x, y) = TestData.Rows(6);
        using var dataset = Dataset.FromTensors(x, y);
        var subset = Dataset.Subset(dataset, [5, 0]);
        using (var loader = DataLoader.From(subset).Batch(2).Build())
        {
            foreach (var (_, yb) in loader) TestData.Longs(yb).Should().Equal(5, 0);
        }

        subset.Dispose();

        TestData.Longs(dataset[5].Y).Should().Equal(5);
    }
}
