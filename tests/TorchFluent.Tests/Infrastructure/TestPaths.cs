using System.Reflection;

namespace TorchFluent.Tests.Infrastructure;

/// <summary>Paths the build recorded for the tests (repository root, NuGet cache).</summary>
internal static class TestPaths
{
    static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing.");

    public static string RepoRoot => Metadata("RepoRoot");

    public static string NuGetPackageRoot => Metadata("NuGetPackageRoot");

    /// <summary>The built entry assembly of an example project (built before the tests by a project reference).</summary>
    public static string ExampleAssembly(string name) =>
        Path.Combine(RepoRoot, "examples", name, "bin", Metadata("Configuration"), "net10.0", name + ".dll");

    /// <summary>The libLibTorchSharp.so exactly as TorchSharp ships it (the NuGet cache copy is never patched).</summary>
    public static string OriginalLibTorchSharp =>
        Path.Combine(NuGetPackageRoot, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    /// <summary>A fresh, empty temporary folder.</summary>
    public static string NewTempFolder(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
