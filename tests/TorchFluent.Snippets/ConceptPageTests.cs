using FluentAssertions;
using TorchFluent.Snippets.Infrastructure;

namespace TorchFluent.Snippets;

/// <summary>
/// Keeps the concept pages uniform: one page per concept of the reference text, each with the same five sections in
/// the same order, so a reader who learned one page can find their way in every other.
/// </summary>
public sealed class ConceptPageTests
{
    static readonly string Docs = Path.Combine(SnippetSource.RepoRoot, "docs");

    /// <summary>The sections every concept page has, in this order (a page may add its own between them).</summary>
    static readonly string[] Sections = ["## What it is", "## Usage", "## Defaults", "## Coming from PyTorch", "## Pitfalls"];

    /// <summary>The concepts of the reference text, each with its page.</summary>
    public static TheoryData<string> ConceptPages() => new(Concepts);

    static readonly string[] Concepts =
    [
        "tensors.md", "dtypes.md", "devices.md", "autograd.md", "data.md", "modules.md", "losses.md", "optimizers.md",
        "optimizer-wrappers.md", "training.md", "checkpoints.md", "vision.md", "rnn.md", "native-loading.md",
    ];

    [Theory]
    [MemberData(nameof(ConceptPages))]
    public void ConceptPage_HasTheFiveSectionsInOrder(string page)
    {
        var path = Path.Combine(Docs, page);
        File.Exists(path).Should().BeTrue($"docs/{page} is the page of one concept of the reference text");
        var headings = File.ReadAllLines(path).Where(l => l.StartsWith("## ", StringComparison.Ordinal)).ToList();

        headings.Where(Sections.Contains).Should().Equal(Sections, $"docs/{page} needs the sections {string.Join(", ", Sections)} in this order");
    }

    [Fact]
    public void EveryPageOutsideTheFixedOnes_IsAConceptPage()
    {
        string[] fixedPages = ["index.md", "naming.md", "contributing.md"];
        var expected = Concepts.ToHashSet();

        Directory.EnumerateFiles(Docs, "*.md").Select(Path.GetFileName)
            .Where(name => !fixedPages.Contains(name) && !expected.Contains(name!))
            .Should().BeEmpty("a new docs page is either a concept page (add it to ConceptPages) or one of the fixed pages");
    }
}
