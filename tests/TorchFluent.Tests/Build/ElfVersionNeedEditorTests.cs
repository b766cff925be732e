using FluentAssertions;
using TorchFluent.Build;
using TorchFluent.Tests.Infrastructure;

namespace TorchFluent.Tests.Build;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ElfVersionNeedEditorTests : IDisposable
{
    const string Library = "libstdc++.so.6";
    const string Version = "GLIBCXX_3.4.32";
    const string Anchor = "_ZSt21ios_base_library_initv";
    static readonly HashSet<string> Allowed = [Anchor];

    readonly string folder = TestPaths.NewTempFolder("tf-elf");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string CopyOfOriginal(string name = "libLibTorchSharp.so")
    {
        var path = Path.Combine(folder, name);
        File.Copy(TestPaths.OriginalLibTorchSharp, path);
        return path;
    }

    [Fact]
    public void WeakenFile_RealLibTorchSharp_SetsWeakFlagOnThatEntryOnly()
    {
        var path = CopyOfOriginal();
        var before = File.ReadAllBytes(path);

        var result = ElfVersionNeedEditor.WeakenFile(path, Library, Version, Allowed);

        result.Outcome.Should().Be(ElfPatchOutcome.Patched);
        result.Reason.Should().Be("marked GLIBCXX_3.4.32 from libstdc++.so.6 weak (used only by _ZSt21ios_base_library_initv, which nothing calls).");
        var after = File.ReadAllBytes(path);
        after.Length.Should().Be(before.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        changed.Should().Equal([(int)result.FlagsOffset], "only the low byte of one vna_flags field changes");

        var needs = new ElfTestImage(after).VersionNeeds(Library);
        needs.Should().HaveCount(20);
        needs.Single(n => n.Name == Version).Flags.Should().Be(0x2, "VER_FLG_WEAK");
        needs.Where(n => n.Name != Version).Should().OnlyContain(n => n.Flags == 0);
    }

    [Fact]
    public void WeakenFile_SecondRun_IsIdempotentAndLeavesFileUntouched()
    {
        var path = CopyOfOriginal();
        ElfVersionNeedEditor.WeakenFile(path, Library, Version, Allowed);
        var once = File.ReadAllBytes(path);
        var stamp = File.GetLastWriteTimeUtc(path);

        var result = ElfVersionNeedEditor.WeakenFile(path, Library, Version, Allowed);

        result.Outcome.Should().Be(ElfPatchOutcome.AlreadyWeak);
        result.Reason.Should().Be("GLIBCXX_3.4.32 from libstdc++.so.6 is already weak.");
        File.ReadAllBytes(path).Should().Equal(once);
        File.GetLastWriteTimeUtc(path).Should().Be(stamp);
    }

    [Fact]
    public void WeakenFile_HardLinkedFile_ReplacesLinkAndKeepsOtherName()
    {
        // The output folder's file is often a hard link into the NuGet cache: the cache copy must stay as shipped.
        var original = CopyOfOriginal("cache.so");
        var linked = Path.Combine(folder, "libLibTorchSharp.so");
        HardLink(original, linked);
        var pristine = File.ReadAllBytes(original);

        ElfVersionNeedEditor.WeakenFile(linked, Library, Version, Allowed).Outcome.Should().Be(ElfPatchOutcome.Patched);

        File.ReadAllBytes(original).Should().Equal(pristine);
        File.ReadAllBytes(linked).Should().NotEqual(pristine);
    }

    [Fact]
    public void WeakenFile_KeepsModeAndLastWriteTime()
    {
        var path = CopyOfOriginal();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
        var stamp = new DateTime(2026, 5, 7, 12, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);

        ElfVersionNeedEditor.WeakenFile(path, Library, Version, Allowed);

        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
        File.GetLastWriteTimeUtc(path).Should().Be(stamp);
        Directory.GetFiles(folder).Should().ContainSingle("the temporary file is renamed, not left behind");
    }

    [Fact]
    public void Analyze_VersionAlsoUsedByAnotherSymbol_RefusesNamingIt()
    {
        var image = ElfTestImage.Load(TestPaths.OriginalLibTorchSharp);
        var index = image.VersionNeeds(Library).Single(n => n.Name == Version).Index;
        image.SetSymbolVersion(image.DynamicSymbol("_ZNKSt13runtime_error4whatEv"), index);

        var result = ElfVersionNeedEditor.Analyze(image.Bytes, Library, Version, Allowed);

        result.Outcome.Should().Be(ElfPatchOutcome.Refused);
        result.Reason.Should().Be("TorchFluent did not change it because GLIBCXX_3.4.32 is also used by _ZNKSt13runtime_error4whatEv, which this system's libstdc++ may not provide.");
    }

    [Fact]
    public void Analyze_RelocationAgainstAnchor_Refuses()
    {
        var image = ElfTestImage.Load(TestPaths.OriginalLibTorchSharp);
        image.PointFirstRelocationAt(image.DynamicSymbol(Anchor));

        var result = ElfVersionNeedEditor.Analyze(image.Bytes, Library, Version, Allowed);

        result.Outcome.Should().Be(ElfPatchOutcome.Refused);
        result.Reason.Should().Be("TorchFluent did not change it because a relocation refers to _ZSt21ios_base_library_initv, so the symbol is really used.");
    }

    [Fact]
    public void Analyze_VersionNotNeeded_ReportsNothingToDo()
    {
        var image = ElfTestImage.Load(TestPaths.OriginalLibTorchSharp);

        var result = ElfVersionNeedEditor.Analyze(image.Bytes, Library, "GLIBCXX_9.9.99", Allowed);

        result.Outcome.Should().Be(ElfPatchOutcome.NotNeeded);
        result.Reason.Should().Be("no need for GLIBCXX_9.9.99 from libstdc++.so.6: nothing to do.");
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "it is not an ELF file.")]
    [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 1 }, "it is not an ELF file.")]
    public void Analyze_NotElf_Refuses(byte[] bytes, string reason)
    {
        ElfVersionNeedEditor.Analyze(bytes, Library, Version, Allowed).Reason.Should().Be("TorchFluent did not change it because " + reason);
    }

    [Fact]
    public void Analyze_ThirtyTwoBitElf_Refuses()
    {
        var bytes = new byte[64];
        new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 1 }.CopyTo(bytes, 0);

        ElfVersionNeedEditor.Analyze(bytes, Library, Version, Allowed).Reason
            .Should().Be("TorchFluent did not change it because it is not a 64-bit little-endian ELF file.");
    }

    [Fact]
    public void Analyze_TruncatedLibrary_RefusesWithoutThrowing()
    {
        var bytes = File.ReadAllBytes(TestPaths.OriginalLibTorchSharp).AsSpan(0, 1_000_000).ToArray();

        var result = ElfVersionNeedEditor.Analyze(bytes, Library, Version, Allowed);

        result.Outcome.Should().Be(ElfPatchOutcome.Refused);
        result.Reason.Should().Be("TorchFluent did not change it because its section headers are missing or truncated.");
    }

    [Fact]
    public void WeakenFile_RefusedFile_IsLeftByteForByte()
    {
        var path = Path.Combine(folder, "not-elf.so");
        File.WriteAllText(path, "hello");

        ElfVersionNeedEditor.WeakenFile(path, Library, Version, Allowed).Outcome.Should().Be(ElfPatchOutcome.Refused);

        File.ReadAllText(path).Should().Be("hello");
    }

    static void HardLink(string existing, string link)
    {
        using var process = System.Diagnostics.Process.Start("ln", [existing, link]);
        process.WaitForExit();
        process.ExitCode.Should().Be(0);
    }
}
