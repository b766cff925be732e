using System.IO.Compression;
using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchFluent.Conformance.Checkpoints.CheckpointModels;

namespace TorchFluent.Conformance.Checkpoints;

// Inside TorchFluent's namespaces, TorchFluent.Sequential (the builder's model type) would win over TorchSharp's.
using Sequential = TorchSharp.Modules.Sequential;

/// <summary>
/// Files written by C# that real PyTorch reads. CI has no Python, so the files C# wrote were checked once with
/// real PyTorch 1.13 (generators/verify_csharp_checkpoints.py: torch.load(weights_only=True), load_state_dict, an
/// optimizer step) and committed under fixtures/checkpoints/from-csharp/. These tests write the same files again and
/// require the same content record for record (the zip's timestamps aside), so a writer change that could break
/// Python's reading fails here until the new files are verified with PyTorch and committed.
/// </summary>
public sealed class CSharpWrittenFilesConformanceTests
{
    static readonly string OutputFolder = Path.Combine(AppContext.BaseDirectory, "csharp-written");

    public CSharpWrittenFilesConformanceTests()
    {
        TorchRuntime.EnsureLoaded();
        Directory.CreateDirectory(OutputFolder);
    }

    static string Written(string name) => Path.Combine(OutputFolder, name);

    static string Verified(string name) => Fixture(Path.Combine("from-csharp", name));

    [Fact]
    public void SaveStateDict_SequentialAsPyTorch_MatchesTheFilePyTorchVerified()
    {
        using var model = Sequential();
        model.LoadStateDict(Fixture("sequential.pth"));

        model.SaveStateDict(Written("sequential.pth"), CheckpointFormat.PyTorch);

        AssertSameArchive("sequential.pth");
        using var reread = Sequential();
        reread.LoadStateDict(Written("sequential.pth")).IsExactMatch.Should().BeTrue();
        using var expected = model.StateDict();
        using var actual = reread.StateDict();
        foreach (var key in expected.Keys) actual[key].allclose(expected[key], 0, 0, false).Should().BeTrue(key);
    }

    [Theory]
    [InlineData("dtypes.pth", "dtypes.pth")]
    [InlineData("views.pth", "views.pth")]
    [InlineData("dtypes.pth", "dtypes.safetensors")]
    public void Save_StateDictLoadedFromPython_MatchesTheFilePyTorchVerified(string source, string written)
    {
        using var state = StateDict.Load(Fixture(source));

        state.Save(Written(written));

        if (written.EndsWith(".pth", StringComparison.Ordinal)) AssertSameArchive(written);
        else File.ReadAllBytes(Written(written)).Should().Equal(File.ReadAllBytes(Verified(written)), Advice(written));
        // And C# reads its own file back with the values Python saved.
        using var reread = StateDict.Load(Written(written));
        reread.Keys.Should().Equal(state.Keys);
        foreach (var (key, tensor) in state)
        {
            reread[key].dtype.Should().Be(tensor.dtype, key);
            reread[key].shape.Should().Equal(tensor.shape, key);
            reread[key].equal(tensor).all().item<bool>().Should().BeTrue(key);
        }
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void SaveStateDict_OptimizerResumedFromPython_MatchesTheFilePyTorchVerified(string name)
    {
        using var model = Sequential();
        model.LoadStateDict(Fixture($"{name}_model_step2.pth"));
        using var optimizer = OptimizerStateConformanceTests.Create(name, model);
        optimizer.LoadStateDict(Fixture($"{name}_optimizer_step2.pth"));

        optimizer.SaveStateDict(Written($"{name}_optimizer.pth"));

        AssertSameArchive($"{name}_optimizer.pth");
    }

    static void AssertSameArchive(string name)
    {
        var actual = Records(Written(name));
        var expected = Records(Verified(name));
        actual.Keys.Should().Equal(expected.Keys, Advice(name));
        foreach (var (record, bytes) in expected) actual[record].Should().Equal(bytes, $"record {record}: {Advice(name)}");
    }

    static SortedDictionary<string, byte[]> Records(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        var records = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            records[entry.FullName] = buffer.ToArray();
        }
        return records;
    }

    static string Advice(string name) =>
        $"C# now writes {Written(name)} differently from the committed file that real PyTorch loaded; check the new file with " +
        "/usr/bin/python3 tests/TorchFluent.Conformance/generators/verify_csharp_checkpoints.py <that folder>, then copy it to " +
        "tests/TorchFluent.Conformance/fixtures/checkpoints/from-csharp/";
}
