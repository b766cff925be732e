using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchFluent.Tests.Checkpoints.CheckpointTestData;

namespace TorchFluent.Tests.Checkpoints;

/// <summary>Saves replace the target in one rename and clean up after a failure. (The crash case: CrashDuringSaveTests.)</summary>
[Collection(AtomicFileSeamCollection.Name)]
public sealed class AtomicSaveTests : IDisposable
{
    readonly string folder = TestPaths.NewTempFolder("torchfluent-atomic");

    public AtomicSaveTests() => TorchRuntime.EnsureLoaded();

    public void Dispose()
    {
        AtomicFile.WrapStreamForTests = null;
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void SaveStateDict_OverExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(folder, "model.pth");
        using var first = Seeded(Mlp(), 1);
        using var second = Seeded(Mlp(), 2);
        first.SaveStateDict(path);

        second.SaveStateDict(path);

        Directory.GetFiles(folder).Should().Equal(path);
        using var loaded = StateDict.Load(path);
        using var expected = second.StateDict();
        foreach (var key in expected.Keys) SameBits(loaded[key], expected[key]).Should().BeTrue(key);
    }

    [Fact]
    public void SaveStateDict_WriteFailsHalfWay_KeepsThePreviousFileAndRemovesTheTemporaryFile()
    {
        var path = Path.Combine(folder, "model.pth");
        using var model = Seeded(Mlp(), 1);
        model.SaveStateDict(path);
        var before = File.ReadAllBytes(path);
        AtomicFile.WrapStreamForTests = file => new PausingStream(file, 100, () => throw new IOException("disk full (simulated)"));

        var act = () => model.SaveStateDict(path);

        act.Should().Throw<IOException>().WithMessage("disk full (simulated)");
        File.ReadAllBytes(path).Should().Equal(before);
        Directory.GetFiles(folder).Should().Equal(path);
    }

    [Fact]
    public void SaveStateDict_FolderMissing_ThrowsDirectoryNotFound()
    {
        var path = Path.Combine(folder, "missing", "model.pth");
        using var model = Mlp();

        var act = () => model.SaveStateDict(path);

        act.Should().Throw<DirectoryNotFoundException>().WithMessage(
            $"Could not save '{path}': the folder '{Path.Combine(folder, "missing")}' does not exist.\n" +
            "Expected: a path in an existing folder.\n" +
            "Received: a folder that is not there.\n" +
            "Fix: create it first (Directory.CreateDirectory) or correct the path.");
    }

    [Fact]
    public void SaveStateDict_PathIsAFolder_ThrowsIOException()
    {
        using var model = Mlp();

        var act = () => model.SaveStateDict(folder);

        act.Should().Throw<IOException>().WithMessage($"Could not save '{folder}': that path is a folder.*");
    }
}

/// <summary>Tests that set <see cref="AtomicFile.WrapStreamForTests"/> (process-wide) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AtomicFileSeamCollection
{
    public const string Name = "AtomicFile test seam";
}
