using System.Reflection;
using FluentAssertions;
using TorchFluent.Snippets.Infrastructure;

namespace TorchFluent.Snippets;

/// <summary>
/// Keeps README.md and docs/ honest: every C# block is a snippet whose code is compiled here (Pages/*.cs), matches
/// the page word for word, runs, and prints what the page says it prints.
/// </summary>
[Collection(SnippetCollection.Name)]
public sealed class DocSnippetTests
{
    static readonly string Root = SnippetSource.RepoRoot;

    static IEnumerable<PageBlock> CSharpBlocks() =>
        MarkdownPage.Pages(Root).SelectMany(p => MarkdownPage.Blocks(Root, p)).Where(b => b.Language is "csharp" or "cs" or "c#");

    public static TheoryData<string> PageNames() => new(MarkdownPage.Pages(Root));

    public static TheoryData<string> SnippetNames() => new(CSharpBlocks().Where(b => b.Snippet is not null).Select(b => b.Snippet!).Distinct());

    [Theory]
    [MemberData(nameof(PageNames))]
    public void Page_EveryCSharpBlock_HasSnippetMarker(string page)
    {
        var unmarked = MarkdownPage.Blocks(Root, page)
            .Where(b => b.Language is "csharp" or "cs" or "c#" && b.Snippet is null)
            .Select(b => $"{b.Page}:{b.Line}")
            .ToList();

        unmarked.Should().BeEmpty("every C# block needs a '<!-- snippet: name -->' line before it and a matching region in tests/TorchFluent.Snippets/Pages");
    }

    [Theory]
    [MemberData(nameof(SnippetNames))]
    public async Task Snippet_PageCodeMatchesSourceAndRunsWithStatedOutput(string name)
    {
        var blocks = CSharpBlocks().Where(b => b.Snippet == name).ToList();
        var regions = SnippetSource.Regions();
        regions.Should().ContainKey(name, $"the page block at {blocks[0].Page}:{blocks[0].Line} needs '#region {name}' in tests/TorchFluent.Snippets/Pages");

        foreach (var block in blocks)
        {
            SnippetSource.Dedent(block.Code.Split('\n')).Should().Be(regions[name],
                $"{block.Page}:{block.Line} and '#region {name}' drifted apart; copy one into the other");
        }

        var printed = await Run(SnippetSource.Method(name));
        foreach (var block in blocks.Where(b => b.Output is not null))
        {
            SnippetSource.Dedent(printed.Split('\n')).Should().Be(SnippetSource.Dedent(block.Output!.Split('\n')),
                $"the output block after {block.Page}:{block.Line} must be what snippet '{name}' prints");
        }
    }

    [Fact]
    public void Regions_EachIsUsedByAPage()
    {
        var used = CSharpBlocks().Select(b => b.Snippet).ToHashSet();

        SnippetSource.Regions().Keys.Where(k => !used.Contains(k)).Should().BeEmpty("a snippet region that no page shows is dead documentation");
    }

    [Fact]
    public void Toc_ListsEveryDocsPage()
    {
        var toc = File.ReadAllText(Path.Combine(Root, "docs", "toc.yml"));
        var pages = Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md")
            .Select(Path.GetFileName)
            .Where(name => name is not "contributing.md");

        pages.Where(name => !toc.Contains("href: " + name, StringComparison.Ordinal)).Should().BeEmpty("docs/toc.yml must list every page so the site links it");
    }

    static async Task<string> Run(MethodInfo method)
    {
        TorchRuntime.EnsureLoaded();
        var original = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        try
        {
            var result = method.Invoke(null, null);
            if (result is Task task) await task;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
        finally
        {
            Console.SetOut(original);
        }
        return writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
