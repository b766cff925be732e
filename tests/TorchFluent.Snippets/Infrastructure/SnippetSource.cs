using System.Reflection;
using System.Text.RegularExpressions;

namespace TorchFluent.Snippets.Infrastructure;

/// <summary>The <c>#region name</c> blocks of tests/TorchFluent.Snippets/Pages/*.cs and the methods that hold them.</summary>
public static partial class SnippetSource
{
    [GeneratedRegex(@"^\s*#region\s+(?<name>\S+)\s*$")]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"^\s*#endregion\b")]
    private static partial Regex RegionEnd();

    /// <summary>The repository root recorded at build time.</summary>
    public static string RepoRoot =>
        typeof(SnippetSource).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>Region name -> its text, dedented, from every source file under Pages/.</summary>
    public static IReadOnlyDictionary<string, string> Regions()
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        var folder = Path.Combine(RepoRoot, "tests", "TorchFluent.Snippets", "Pages");
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var start = RegionStart().Match(lines[i]);
                if (!start.Success) continue;
                var end = i + 1;
                while (end < lines.Length && !RegionEnd().IsMatch(lines[end])) end++;
                var name = start.Groups["name"].Value;
                if (!regions.TryAdd(name, Dedent(lines[(i + 1)..end])))
                    throw new InvalidOperationException($"Snippet region '{name}' is defined twice (second time in {file}).");
                i = end;
            }
        }
        return regions;
    }

    /// <summary>The method marked <c>[Snippet(name)]</c>.</summary>
    public static MethodInfo Method(string name) =>
        typeof(SnippetSource).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .SingleOrDefault(m => m.GetCustomAttribute<SnippetAttribute>()?.Name == name)
        ?? throw new InvalidOperationException($"No static method is marked [Snippet(\"{name}\")].");

    /// <summary>Removes the common indentation and trailing whitespace, so page and source compare as text.</summary>
    public static string Dedent(IEnumerable<string> lines)
    {
        var list = lines.Select(l => l.TrimEnd()).ToList();
        while (list.Count > 0 && list[0].Length == 0) list.RemoveAt(0);
        while (list.Count > 0 && list[^1].Length == 0) list.RemoveAt(list.Count - 1);
        var indent = list.Where(l => l.Length > 0).Select(l => l.TakeWhile(char.IsWhiteSpace).Count()).DefaultIfEmpty(0).Min();
        return string.Join('\n', list.Select(l => l.Length >= indent ? l[indent..] : l));
    }
}
