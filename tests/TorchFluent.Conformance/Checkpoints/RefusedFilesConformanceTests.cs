using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchFluent.Conformance.Checkpoints.CheckpointModels;

namespace TorchFluent.Conformance.Checkpoints;

/// <summary>
/// Files real PyTorch refuses with torch.load(weights_only=True) (crafted by the generator with torch.save's own
/// zip writer; nothing in them was ever run) are refused here too, with the global they name, before anything in them
/// is used. A legacy pre-1.6 file is recognised and explained.
/// </summary>
public sealed class RefusedFilesConformanceTests
{
    static readonly GoldenCase Refusals = Golden.Load("checkpoints")["refusals"];

    public RefusedFilesConformanceTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("refused_os_system.pth", "os.system")]
    [InlineData("refused_os_getpid.pth", "os.getpid")]
    [InlineData("refused_eval.pth", "builtins.eval")]
    public void Load_PickleNamingAPythonFunction_IsRefusedLikeWeightsOnly(string file, string global)
    {
        var path = Fixture(file);

        var act = () => StateDict.Load(path);

        var error = act.Should().Throw<CheckpointException>().Which;
        error.Problem.Should().Be(CheckpointProblem.Refused);
        error.FilePath.Should().Be(path);
        error.Message.Should().Be(
            $"Refused to load '{path}': its pickle refers to the Python global '{global}', which a weights-only load never looks up or calls.\n" +
            "Expected: a state dict saved with torch.save(model.state_dict(), path): tensors, numbers, strings, lists and dicts only.\n" +
            $"Received: a reference to '{global}' (PyTorch's torch.load(path, weights_only=True) refuses this file too).\n" +
            "Fix: load only files from sources you trust. If this one is yours, re-save it in Python with torch.save(model.state_dict(), path).");
        Refusals.String(file).Should().EndWith($"Unsupported class {global}", "real PyTorch refuses the same global");
    }

    [Fact]
    public void Load_Protocol4StackGlobalNamingOsSystem_IsRefused()
    {
        // Protocol 4 names globals through the stack (STACK_GLOBAL) instead of inline; the name is still checked.
        var act = () => StateDict.Load(Fixture("refused_stack_global.pth"));

        act.Should().Throw<CheckpointException>()
            .Where(e => e.Problem == CheckpointProblem.Refused && e.Message.Contains("'os.system'"));
        Refusals.String("refused_stack_global.pth").Should().StartWith("Weights only load failed");
    }

    [Fact]
    public void LoadStateDict_WholePickledModel_IsRefusedWithTheStateDictFix()
    {
        using var model = Sequential();
        var path = Fixture("whole_model.pth");

        var act = () => model.LoadStateDict(path);

        var error = act.Should().Throw<CheckpointException>().Which;
        error.Problem.Should().Be(CheckpointProblem.Refused);
        error.Message.Should().StartWith(
            $"Refused to load '{path}': it is a whole pickled model (it refers to the Python class 'torch.nn.modules.container.Sequential'), not a state dict.\n");
        error.Message.Should().Contain("Fix: in Python, load the model and save its state dict: torch.save(model.state_dict(), path)");
        Refusals.String("whole_model.pth").Should().EndWith("Unsupported class torch.nn.modules.container.Sequential");
    }

    [Theory]
    [InlineData("refused_os_system.pth", "os.system")]
    [InlineData("refused_os_getpid.pth", "os.getpid")]
    public void OptimizerLoadStateDict_PickleNamingAPythonFunction_IsRefusedBeforePyBridgeSeesIt(string file, string global)
    {
        // PyBridge's own unpickler never calls these either, but fails with unrelated-looking errors (a PickleException
        // for os.system; os.getpid, a zero-argument call, gets through unpickling and fails later on a cast). The
        // weights-only check refuses both by name before PyBridge reads the file.
        using var model = Sequential();
        using var optimizer = TorchSharp.torch.optim.SGD(model.parameters(), 0.1);

        var act = () => optimizer.LoadStateDict(Fixture(file));

        act.Should().Throw<CheckpointException>()
            .Where(e => e.Problem == CheckpointProblem.Refused && e.Message.Contains($"the Python global '{global}'"));
    }

    [Fact]
    public void Load_LegacyNonZipFile_IsUnsupportedWithTheResaveFix()
    {
        var path = Fixture("legacy.pth");

        var act = () => StateDict.Load(path);

        var error = act.Should().Throw<CheckpointException>().Which;
        error.Problem.Should().Be(CheckpointProblem.Unsupported);
        error.Message.Should().Be(
            $"Could not load '{path}': it was saved in PyTorch's legacy format (before PyTorch 1.6, or with _use_new_zipfile_serialization=False).\n" +
            "Expected: the zip-based format torch.save writes by default since PyTorch 1.6.\n" +
            "Received: a bare pickle stream (legacy torch.save).\n" +
            "Fix: re-save it in Python with a current PyTorch: torch.save(torch.load(path, weights_only=True), path).");
    }
}
