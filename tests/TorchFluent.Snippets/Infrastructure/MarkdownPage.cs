using System.Text.RegularExpressions;

namespace TorchFluent.Snippets.Infrastructure;

/// <summary>A fenced code block of a Markdown page, with the snippet marker before it and the output block after it.</summary>
public sealed record PageBlock(string Page, int Line, string Language, string Code, string? Snippet, string? Output);

/// <summary>Reads the fenced blocks of README.md and docs/**/*.md.</summary>
public static partial class MarkdownPage
{
    [GeneratedRegex(@"^<!--\s*snippet:\s*(?<name>[A-Za-z0-9_./-]+)\s*-->\s*$")]
    private static partial Regex SnippetMarker();

    [GeneratedRegex(@"^<!--\s*output\s*-->\s*$")]
    private static partial Regex OutputMarker();

    /// <summary>Every page the harness checks, relative to the repository root.</summary>
    public static IReadOnlyList<string> Pages(string root) =>
        new[] { "README.md" }
            .Concat(Directory.Exists(Path.Combine(root, "docs"))
                ? Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories)
                    .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}api{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                    .Select(p => Path.GetRelativePath(root, p))
                : [])
            .Where(p => File.Exists(Path.Combine(root, p)))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The code blocks of one page, in order.</summary>
    public static IReadOnlyList<PageBlock> Blocks(string root, string page)
    {
        var lines = File.ReadAllLines(Path.Combine(root, page));
        var blocks = new List<(int Start, string Language, string Code, int End)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = lines[i].TrimStart();
            if (!open.StartsWith("```", StringComparison.Ordinal)) continue;
            var fence = new string('`', open.TakeWhile(c => c == '`').Count());
            var language = open[fence.Length..].Trim();
            var end = i + 1;
            while (end < lines.Length && lines[end].Trim() != fence) end++;
            blocks.Add((i, language, string.Join('\n', lines[(i + 1)..Math.Min(end, lines.Length)]), end));
            i = end;
        }

        var result = new List<PageBlock>();
        for (var b = 0; b < blocks.Count; b++)
        {
            var (start, language, code, end) = blocks[b];
            if (language is "text" or "output") continue; // output blocks are attached to the block before them
            var snippet = PreviousNonBlank(lines, start) is { } before && SnippetMarker().Match(before) is { Success: true } m
                ? m.Groups["name"].Value
                : null;
            string? output = null;
            if (NextNonBlankIndex(lines, end) is { } markerLine && OutputMarker().IsMatch(lines[markerLine])
                && b + 1 < blocks.Count && blocks[b + 1].Start == NextNonBlankIndex(lines, markerLine))
            {
                output = blocks[b + 1].Code;
            }
            result.Add(new PageBlock(page, start + 1, language, code, snippet, output));
        }
        return result;
    }

    static string? PreviousNonBlank(string[] lines, int index)
    {
        for (var i = index - 1; i >= 0; i--)
            if (lines[i].Trim().Length > 0) return lines[i].Trim();
        return null;
    }

    static int? NextNonBlankIndex(string[] lines, int index)
    {
        for (var i = index + 1; i < lines.Length; i++)
            if (lines[i].Trim().Length > 0) return i;
        return null;
    }
}
