using FluentAssertions;

namespace TorchFluent.Conformance.Data;

/// <summary>Dataset.RandomSplit gives random_split's sizes and, with a seed, its indices.</summary>
public sealed class RandomSplitConformanceTests
{
    public RandomSplitConformanceTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void RandomSplit_Fractions_GiveRandomSplitLengthsAndIndices()
    {
        foreach (var split in DataGolden.Case("random_split_fractions").Element.GetProperty("splits").EnumerateArray())
        {
            var n = split.GetProperty("n").GetInt32();
            var fractions = split.GetProperty("fractions").EnumerateArray().Select(f => f.GetDouble()).ToArray();
            var parts = Dataset.RandomSplit(Dataset.From(n, i => i), fractions, seed: 42);
            parts.Select(p => p.Count).Should().Equal(split.GetProperty("lengths").EnumerateArray().Select(l => l.GetInt32()), $"lengths for n={n}");
            var expected = DataGolden.IntLists(split.GetProperty("indices"));
            for (var i = 0; i < parts.Length; i++) parts[i].Indices.Should().Equal(expected[i], $"part {i} for n={n}");
        }
    }

    [Fact]
    public void RandomSplit_LengthsSeed0_GivesRandomSplitIndices()
    {
        var golden = DataGolden.Case("random_split_lengths_seed0");
        var (first, second) = Dataset.RandomSplit(Dataset.From(23, i => i), [15, 8], seed: 0);
        var expected = DataGolden.IntLists(golden.Element.GetProperty("indices"));
        first.Indices.Should().Equal(expected[0]);
        second.Indices.Should().Equal(expected[1]);
    }
}
