using System.Diagnostics;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Checkpoints;

/// <summary>
/// A process killed in the middle of a save never destroys the previous checkpoint: a real child process starts
/// saving over an existing file, pauses once part of the new content is on disk, and is killed there.
/// </summary>
public sealed class CrashDuringSaveTests : IDisposable
{
    readonly string folder = TestPaths.NewTempFolder("torchfluent-crash");

    public CrashDuringSaveTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(CheckpointFormat.PyTorch, "model.pth")]
    [InlineData(CheckpointFormat.Safetensors, "model.safetensors")]
    [InlineData(CheckpointFormat.TorchSharp, "model.dat")]
    public void SaveStateDict_ProcessKilledDuringSave_PreviousCheckpointStillLoads(CheckpointFormat format, string name)
    {
        var path = Path.Combine(folder, name);
        using var previous = CrashDuringSaveChild.CreateModel(seed: 1);
        previous.SaveStateDict(path, format);
        var previousBytes = File.ReadAllBytes(path);

        var temp = RunChildUntilPausedThenKill(format, path);

        // The child really was writing: a partial new file sits next to the untouched old one.
        Path.GetDirectoryName(temp).Should().Be(folder);
        new FileInfo(temp).Length.Should().BeGreaterThanOrEqualTo(CrashDuringSaveChild.PauseAfterBytes);
        File.ReadAllBytes(path).Should().Equal(previousBytes);

        using var restored = CrashDuringSaveChild.CreateModel(seed: 3);
        restored.LoadStateDict(path).IsExactMatch.Should().BeTrue();
        using var expected = previous.StateDict();
        using var actual = restored.StateDict();
        foreach (var key in expected.Keys) actual[key].allclose(expected[key], 0, 0, false).Should().BeTrue(key);

        // The half-written temporary file is what a non-atomic save would have left as the checkpoint.
        var partial = () => StateDict.Load(temp);
        partial.Should().Throw<CheckpointException>().Which.Problem.Should().Be(CheckpointProblem.Damaged);
    }

    static string RunChildUntilPausedThenKill(CheckpointFormat format, string path)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { TestAssemblyEntryPoint.AssemblyPath, CrashDuringSaveChild.Command, format.ToString(), path })
            info.ArgumentList.Add(argument);

        using var child = Process.Start(info) ?? throw new InvalidOperationException("Could not start the child process.");
        var stderr = child.StandardError.ReadToEndAsync();
        try
        {
            var line = child.StandardOutput.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromMinutes(2)))
                throw new TimeoutException("The child process did not reach the pause within 2 minutes.");
            if (line.Result is null)
                throw new InvalidOperationException($"The child ended without printing '{CrashDuringSaveChild.PausedPrefix}<file>': {Stderr(child, stderr)}");
            line.Result.Should().StartWith(CrashDuringSaveChild.PausedPrefix);
            child.HasExited.Should().BeFalse("the child waits at the pause until it is killed");

            child.Kill(entireProcessTree: true);
            child.WaitForExit();
            return line.Result![CrashDuringSaveChild.PausedPrefix.Length..];
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
        }
    }

    static string Stderr(Process child, Task<string> stderr) =>
        child.WaitForExit(TimeSpan.FromSeconds(30)) ? $"exit code {child.ExitCode}, stderr: {stderr.Result}" : "(still running)";
}
