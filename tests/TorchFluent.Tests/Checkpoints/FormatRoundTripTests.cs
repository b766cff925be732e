using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using TorchSharp.PyBridge;
using static TorchFluent.Tests.Checkpoints.CheckpointTestData;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Checkpoints;

/// <summary>
/// Every format round-trips every dtype bit for bit, is chosen by extension when saving and detected from content
/// when loading, and agrees with the other implementations of the same format (TorchSharp's Module.save/load,
/// TorchSharp.PyBridge's safetensors reader and writer).
/// </summary>
public sealed class FormatRoundTripTests : IDisposable
{
    readonly string folder = TestPaths.NewTempFolder("torchfluent-formats");

    public FormatRoundTripTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string File(string name) => Path.Combine(folder, name);

    [Theory]
    [InlineData(CheckpointFormat.PyTorch, true)]
    [InlineData(CheckpointFormat.TorchSharp, true)]
    [InlineData(CheckpointFormat.Safetensors, false)]
    public void SaveThenLoad_EveryDType_IsBitExactAndKeepsOrder(CheckpointFormat format, bool complex)
    {
        var entries = EveryDType(complex);
        using var state = StateDict.From(entries);
        var path = File("state.bin");

        state.Save(path, format);
        using var loaded = StateDict.Load(path, format);

        loaded.Keys.Should().Equal(state.Keys);
        foreach (var (key, tensor) in state) SameBits(loaded[key], tensor).Should().BeTrue(key);
        DisposeAll(entries);
    }

    [Theory]
    [InlineData(CheckpointFormat.PyTorch)]
    [InlineData(CheckpointFormat.TorchSharp)]
    [InlineData(CheckpointFormat.Safetensors)]
    public void Save_ViewsAndTransposes_WritesTheirValues(CheckpointFormat format)
    {
        using var storageTensor = arange(12, dtype: ScalarType.Float32).reshape(3, 4);
        using var transposed = storageTensor.t();
        using var slice = storageTensor[1..];
        using var state = StateDict.From([KeyValuePair.Create("t", transposed), KeyValuePair.Create("s", slice)]);
        var path = File("views.bin");

        state.Save(path, format);
        using var loaded = StateDict.Load(path);

        loaded["t"].allclose(transposed, 0, 0, false).Should().BeTrue();
        loaded["s"].allclose(slice, 0, 0, false).Should().BeTrue();
    }

    [Theory]
    [InlineData("model.pth", CheckpointFormat.PyTorch)]
    [InlineData("model.pt", CheckpointFormat.PyTorch)]
    [InlineData("model.ckpt", CheckpointFormat.PyTorch)]
    [InlineData("model.dat", CheckpointFormat.TorchSharp)]
    [InlineData("model.DAT", CheckpointFormat.TorchSharp)]
    [InlineData("model.safetensors", CheckpointFormat.Safetensors)]
    public void SaveStateDict_Auto_PicksTheFormatFromTheExtension(string name, CheckpointFormat expected)
    {
        using var model = Seeded(Mlp(), 4);
        var path = File(name);

        model.SaveStateDict(path);

        var act = () => StateDict.Load(path, expected);
        act.Should().NotThrow();
        foreach (var other in new[] { CheckpointFormat.PyTorch, CheckpointFormat.TorchSharp, CheckpointFormat.Safetensors }.Where(f => f != expected))
            ((Action)(() => StateDict.Load(path, other))).Should().Throw<CheckpointException>().Which.Problem.Should().Be(CheckpointProblem.FormatMismatch);
    }

    [Theory]
    [InlineData(CheckpointFormat.PyTorch)]
    [InlineData(CheckpointFormat.TorchSharp)]
    [InlineData(CheckpointFormat.Safetensors)]
    public void LoadStateDict_AnyExtension_DetectsTheFormatFromContent(CheckpointFormat format)
    {
        using var source = Seeded(Mlp(), 5);
        using var target = Seeded(Mlp(), 6);
        var path = File("weights.bin");
        source.SaveStateDict(path, format);

        target.LoadStateDict(path).IsExactMatch.Should().BeTrue();

        using var expected = source.StateDict();
        using var actual = target.StateDict();
        foreach (var key in expected.Keys) SameBits(actual[key], expected[key]).Should().BeTrue(key);
    }

    [Fact]
    public void LoadStateDict_ExplicitFormatOfAnotherKind_ThrowsFormatMismatch()
    {
        using var model = Mlp();
        var path = File("model.pth");
        model.SaveStateDict(path);

        var act = () => model.LoadStateDict(path, format: CheckpointFormat.Safetensors);

        var error = act.Should().Throw<CheckpointException>().Which;
        error.Problem.Should().Be(CheckpointProblem.FormatMismatch);
        error.Message.Should().Be(
            $"Could not load '{path}': it is a PyTorch (.pth, torch.save) file, not the safetensors file the call asked for.\n" +
            "Expected: a safetensors file.\n" +
            "Received: a PyTorch (.pth, torch.save) file (detected from its content).\n" +
            "Fix: pass CheckpointFormat.Auto (the default) to load any known format, or pass the right file.");
    }

    [Fact]
    public void TorchSharpFormat_MatchesModuleSaveAndLoad()
    {
        using var source = Seeded(Mlp(), 7);
        using var fromTorchSharp = Seeded(Mlp(), 8);
        using var fromTorchFluent = Seeded(Mlp(), 9);
        var ours = File("ours.dat");
        var theirs = File("theirs.dat");

        source.SaveStateDict(ours);
        source.save(theirs);
        fromTorchSharp.load(ours);
        fromTorchFluent.LoadStateDict(theirs);

        // Same keys and order here (no buffers), so TorchSharp's file and ours are the same bytes.
        System.IO.File.ReadAllBytes(ours).Should().Equal(System.IO.File.ReadAllBytes(theirs));
        using var expected = source.StateDict();
        foreach (var model in new[] { fromTorchSharp, fromTorchFluent })
        {
            using var actual = model.StateDict();
            foreach (var key in expected.Keys) SameBits(actual[key], expected[key]).Should().BeTrue(key);
        }
    }

    [Fact]
    public void Safetensors_AgreesWithPyBridgesReaderAndWriter()
    {
        var entries = EveryDType(includeComplex: false).Where(e => e.Key != "scalar" && e.Key != "empty").ToList();
        using var state = StateDict.From(entries);
        var ours = File("ours.safetensors");
        state.Save(ours);

        using (var stream = System.IO.File.OpenRead(ours))
        {
            var read = Safetensors.LoadStateDict(stream);
            read.Keys.Should().BeEquivalentTo(state.Keys);
            foreach (var (key, tensor) in state) SameBits(read[key], tensor).Should().BeTrue(key);
            foreach (var tensor in read.Values) tensor.Dispose();
        }

        var theirs = File("theirs.safetensors");
        using (var stream = System.IO.File.Create(theirs)) Safetensors.SaveStateDict(stream, entries.ToDictionary());
        using var loaded = StateDict.Load(theirs);
        foreach (var (key, tensor) in state) SameBits(loaded[key], tensor).Should().BeTrue(key);
        DisposeAll(entries);
    }

    [Fact]
    public void PyTorchFormat_AgreesWithPyBridgesLoadPy()
    {
        using var source = Seeded(Mlp(), 10);
        using var target = Seeded(Mlp(), 11);
        var path = File("model.pth");
        source.SaveStateDict(path);

        target.load_py(path);

        using var expected = source.StateDict();
        using var actual = target.StateDict();
        foreach (var key in expected.Keys) SameBits(actual[key], expected[key]).Should().BeTrue(key);
    }

    [Fact]
    public void Save_ComplexToSafetensors_ThrowsNotSupportedNamingTheTensor()
    {
        using var c = complex(ones(2), zeros(2));
        using var state = StateDict.From([KeyValuePair.Create("c", c)]);
        var path = File("c.safetensors");

        var act = () => state.Save(path);

        act.Should().Throw<NotSupportedException>().WithMessage(
            "Could not save the tensor 'c': a safetensors file cannot hold dtype complex64.\n*Fix: save in CheckpointFormat.PyTorch, or convert the tensor before saving.");
        System.IO.File.Exists(path).Should().BeFalse();
    }
}
