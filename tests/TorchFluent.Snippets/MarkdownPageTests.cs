using FluentAssertions;
using TorchFluent.Snippets.Infrastructure;

namespace TorchFluent.Snippets;

/// <summary>The harness's own parser: if it misread pages, the snippet tests could pass without checking anything.</summary>
public sealed class MarkdownPageTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "tf-md-" + Guid.NewGuid().ToString("N"));

    public MarkdownPageTests() => Directory.CreateDirectory(Path.Combine(root, "docs"));

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Blocks_MarkedBlockWithOutput_ReadsNameCodeAndOutput()
    {
        File.WriteAllText(Path.Combine(root, "docs", "page.md"), """
            # Page

            <!-- snippet: page-one -->
            ```csharp
            Console.WriteLine(1);
                Console.WriteLine(2);
            ```
            <!-- output -->
            ```text
            1
            2
            ```

            ```csharp
            var unmarked = 0;
            ```

            ```sh
            dotnet test
            ```
            """);

        var blocks = MarkdownPage.Blocks(root, Path.Combine("docs", "page.md"));

        blocks.Should().HaveCount(3);
        blocks[0].Should().BeEquivalentTo(new PageBlock(Path.Combine("docs", "page.md"), 4, "csharp", "Console.WriteLine(1);\n    Console.WriteLine(2);", "page-one", "1\n2"));
        blocks[1].Snippet.Should().BeNull();
        blocks[1].Output.Should().BeNull();
        blocks[2].Language.Should().Be("sh");
    }

    [Fact]
    public void Pages_IncludesReadmeAndDocsRecursively()
    {
        File.WriteAllText(Path.Combine(root, "README.md"), "x");
        Directory.CreateDirectory(Path.Combine(root, "docs", "sub"));
        File.WriteAllText(Path.Combine(root, "docs", "sub", "deep.md"), "x");

        MarkdownPage.Pages(root).Should().Equal("README.md", Path.Combine("docs", "sub", "deep.md"));
    }

    [Fact]
    public void Dedent_RemovesCommonIndentAndOuterBlankLines()
    {
        SnippetSource.Dedent(["", "        a();", "            b();", "", "        c();", "   "]).Should().Be("a();\n    b();\n\nc();");
    }
}
