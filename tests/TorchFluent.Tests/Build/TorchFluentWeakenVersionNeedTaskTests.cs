using System.Collections;
using FluentAssertions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using TorchFluent.Build;
using TorchFluent.Tests.Infrastructure;

namespace TorchFluent.Tests.Build;

public sealed class TorchFluentWeakenVersionNeedTaskTests : IDisposable
{
    readonly string folder = TestPaths.NewTempFolder("tf-task");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Execute_RealLibrary_PatchesAndLogsWithoutWarnings()
    {
        var path = Path.Combine(folder, "libLibTorchSharp.so");
        File.Copy(TestPaths.OriginalLibTorchSharp, path);
        var engine = new RecordingBuildEngine();

        var ok = new TorchFluentWeakenVersionNeed { BuildEngine = engine, Files = [new TaskItem(path)] }.Execute();

        ok.Should().BeTrue();
        engine.Warnings.Should().BeEmpty();
        engine.Messages.Should().Contain("TorchFluent: marked GLIBCXX_3.4.32 from libstdc++.so.6 weak (used only by _ZSt21ios_base_library_initv, which nothing calls).");
        new ElfTestImage(File.ReadAllBytes(path)).VersionNeeds("libstdc++.so.6").Single(n => n.Name == "GLIBCXX_3.4.32").Flags.Should().Be(2);
    }

    [Fact]
    public void Execute_UnexpectedLibrary_WarnsWhyAndLeavesItAlone()
    {
        var path = Path.Combine(folder, "libLibTorchSharp.so");
        File.WriteAllText(path, "not a library");
        var engine = new RecordingBuildEngine();

        var ok = new TorchFluentWeakenVersionNeed { BuildEngine = engine, Files = [new TaskItem(path)] }.Execute();

        ok.Should().BeTrue("a library the step does not understand is a warning, not a broken build");
        engine.Warnings.Should().Equal(
            $"TorchFluent: left '{path}' unchanged: TorchFluent did not change it because it is not an ELF file. It may fail to load on systems whose libstdc++ lacks GLIBCXX_3.4.32; set TorchFluentNativeCompatibility=false to silence this warning.");
        File.ReadAllText(path).Should().Be("not a library");
    }

    [Fact]
    public void Execute_MissingFile_IsSkipped()
    {
        var engine = new RecordingBuildEngine();

        var ok = new TorchFluentWeakenVersionNeed { BuildEngine = engine, Files = [new TaskItem(Path.Combine(folder, "absent.so"))] }.Execute();

        ok.Should().BeTrue();
        engine.Warnings.Should().BeEmpty();
    }

    sealed class RecordingBuildEngine : IBuildEngine
    {
        public List<string> Warnings { get; } = [];
        public List<string> Messages { get; } = [];
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "test.proj";
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => true;
        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public void LogErrorEvent(BuildErrorEventArgs e) => throw new InvalidOperationException(e.Message);
        public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e.Message ?? "");
        public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e.Message ?? "");
    }
}
