using FluentAssertions;
using TorchFluent.Tests.Infrastructure;

namespace TorchFluent.Tests.Packaging;

/// <summary>
/// Packs TorchFluent, then builds and runs a separate consumer app that references the .nupkg from a local folder feed
/// plus TorchSharp-cpu: the package's buildTransitive targets alone must make libtorch load on this machine.
/// </summary>
[Collection(nameof(PackagingCollection))]
public sealed class PackageConsumerTests(PackageConsumerFixture consumer)
{
    [Fact]
    public void Build_ConsumerOfPackage_LoadsLibTorchAndComputesGradient()
    {
        var run = consumer.BuildAndRun("build", []);

        run.StdOut.Should().Contain("grad: 2 0 -2 2", run.All);
        run.ExitCode.Should().Be(0, run.All);
    }

    [Fact]
    public void Publish_RidSpecificConsumer_LoadsLibTorch()
    {
        var run = consumer.BuildAndRun("publish", ["-r", "linux-x64", "--self-contained", "false"]);

        run.StdOut.Should().Contain("grad: 2 0 -2 2", run.All);
        run.ExitCode.Should().Be(0, run.All);
    }

    [Fact]
    public void Build_WithCompatibilityStepOff_FailsWithPreflightMessage()
    {
        var run = consumer.BuildAndRun("build", ["-p:TorchFluentNativeCompatibility=false"]);

        run.ExitCode.Should().Be(3, run.All);
        run.StdErr.Should().StartWith(
            "TorchSharp's native library (LibTorchSharp) could not be loaded, so libtorch cannot run.\n" +
            "Loader error: /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by ");
        run.StdErr.Should().Contain("Fix: build the app with a reference to the TorchFluent package and without TorchFluentNativeCompatibility=false;");
        run.StdOut.Should().NotContain("doesn't contain a reference to libtorch-cpu", "the preflight runs before TorchSharp's own loader");
    }
}

[CollectionDefinition(nameof(PackagingCollection))]
public sealed class PackagingCollection : ICollectionFixture<PackageConsumerFixture>;

/// <summary>Packs TorchFluent once (from a copy of the sources, so the repo's obj/ folders are untouched) and writes the consumer app.</summary>
public sealed class PackageConsumerFixture : IDisposable
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    readonly string root = TestPaths.NewTempFolder("tf-pack");
    readonly string version = "0.0.0-consumer." + Guid.NewGuid().ToString("N")[..12];
    int outputs;

    public PackageConsumerFixture()
    {
        var sources = Path.Combine(root, "repo");
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "README.md" })
            File.Copy(Path.Combine(TestPaths.RepoRoot, file), Path.Combine(sources, file).EnsureParent());
        CopyTree(Path.Combine(TestPaths.RepoRoot, "build"), Path.Combine(sources, "build"));
        CopyTree(Path.Combine(TestPaths.RepoRoot, "src", "TorchFluent"), Path.Combine(sources, "src", "TorchFluent"));

        var feed = Path.Combine(root, "feed");
        Dotnet(sources, "pack", "src/TorchFluent", "-c", "Release", "-o", feed, "-p:Version=" + version);

        App = Path.Combine(root, "consumer");
        Directory.CreateDirectory(App);
        File.WriteAllText(Path.Combine(App, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(App, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RuntimeIdentifiers>linux-x64</RuntimeIdentifiers>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <CreateHardLinksForCopyLocalIfPossible>true</CreateHardLinksForCopyLocalIfPossible>
                <CreateHardLinksForPublishFilesIfPossible>true</CreateHardLinksForPublishFilesIfPossible>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TorchFluent" Version="{version}" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(App, "Program.cs"), """
            using TorchFluent;
            using static TorchSharp.torch;

            try
            {
                TorchRuntime.EnsureLoaded();
            }
            catch (NativeLoadException e)
            {
                Console.Error.Write(e.Message);
                return 3;
            }
            using var x = tensor(new float[] { 1, 0, -1, 1 }, new long[] { 2, 2 }, requires_grad: true);
            using var z = x.pow(2).sum();
            z.backward();
            Console.WriteLine("grad: " + string.Join(' ', x.grad!.data<float>().ToArray()));
            return 0;
            """);
        Dotnet(App, "restore");
    }

    public string App { get; }

    /// <summary>Builds (or publishes) the consumer into a fresh folder and runs it.</summary>
    public ProcessRunner.Result BuildAndRun(string verb, string[] options)
    {
        var output = Path.Combine(root, "out" + Interlocked.Increment(ref outputs));
        Dotnet(App, [verb, "--no-restore", "-o", output, .. options]);
        return ProcessRunner.Run("dotnet", [Path.Combine(output, "Consumer.dll")], App, Timeout);
    }

    void Dotnet(string directory, params string[] arguments)
    {
        var result = ProcessRunner.Run("dotnet", arguments, directory, Timeout);
        result.ExitCode.Should().Be(0, $"dotnet {string.Join(' ', arguments)} must succeed:\n{result.All}");
    }

    static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            File.Copy(file, Path.Combine(to, relative).EnsureParent());
        }
    }

    public void Dispose()
    {
        Directory.Delete(root, recursive: true);
        // The unique prerelease version was extracted into the NuGet cache; remove it so runs do not pile up.
        var cached = Path.Combine(TestPaths.NuGetPackageRoot, "torchfluent", version);
        if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
    }
}

internal static class PathExtensions
{
    public static string EnsureParent(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
