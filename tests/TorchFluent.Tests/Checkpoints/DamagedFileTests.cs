using System.IO.Compression;
using System.Text;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchFluent.Tests.Checkpoints.CheckpointTestData;

namespace TorchFluent.Tests.Checkpoints;

/// <summary>Empty, truncated, corrupted and foreign files raise a CheckpointException that names the file.</summary>
public sealed class DamagedFileTests : IDisposable
{
    readonly string folder = TestPaths.NewTempFolder("torchfluent-damaged");

    public DamagedFileTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Saved(CheckpointFormat format, string name)
    {
        using var model = Seeded(Mlp(), 1);
        var path = Path.Combine(folder, name);
        model.SaveStateDict(path, format);
        return path;
    }

    string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static CheckpointException LoadFails(string path)
    {
        using var model = Mlp();
        var act = () => model.LoadStateDict(path);
        return act.Should().Throw<CheckpointException>().Which;
    }

    [Fact]
    public void Load_EmptyFile_SaysItIsEmpty()
    {
        var path = Write("model.pth", []);

        var error = LoadFails(path);

        error.Problem.Should().Be(CheckpointProblem.Damaged);
        error.FilePath.Should().Be(path);
        error.Message.Should().Be(
            $"Could not load '{path}': the file is empty.\n" +
            "Expected: a PyTorch .pth (torch.save), TorchSharp .dat (Module.save) or safetensors file.\n" +
            "Received: 0 bytes.\n" +
            "Fix: the program that wrote it was probably stopped during a non-atomic save; load an earlier checkpoint or save again. " +
            "TorchFluent's own saves write a temporary file and rename it, so they never leave an empty or partial file.");
    }

    [Fact]
    public void Load_TruncatedPth_IsDamagedAndNamesTheFile()
    {
        var full = File.ReadAllBytes(Saved(CheckpointFormat.PyTorch, "full.pth"));
        var path = Write("cut.pth", full[..(full.Length / 2)]);

        var error = LoadFails(path);

        error.Problem.Should().Be(CheckpointProblem.Damaged);
        error.InnerException.Should().BeOfType<InvalidDataException>();
        error.Message.Should().StartWith($"Could not load '{path}': the PyTorch (.pth, torch.save) file is damaged or truncated: the zip archive cannot be read (");
        error.Message.Should().EndWith(
            $"Expected: a complete PyTorch (.pth, torch.save) file.\n" +
            $"Received: {full.Length / 2} bytes that end early or do not fit together.\n" +
            "Fix: load an earlier checkpoint or save this one again; if it was copied or downloaded, copy it again and compare the sizes.");
    }

    [Theory]
    [InlineData(CheckpointFormat.PyTorch, "m.pth")]
    [InlineData(CheckpointFormat.TorchSharp, "m.dat")]
    [InlineData(CheckpointFormat.Safetensors, "m.safetensors")]
    public void Load_EveryTruncation_IsACheckpointExceptionNeverACrash(CheckpointFormat format, string name)
    {
        var full = File.ReadAllBytes(Saved(format, name));

        foreach (var length in new[] { 1, 3, 8, 9, 20, 100, full.Length / 3, full.Length - 100, full.Length - 1 })
        {
            var path = Write("cut-" + name, full[..length]);
            var error = LoadFails(path);
            error.Problem.Should().BeOneOf([CheckpointProblem.Damaged, CheckpointProblem.UnknownFormat], $"cut at {length} bytes");
            error.Message.Should().Contain(path);
        }
    }

    [Fact]
    public void Load_TruncatedSafetensors_ReportsTheHeaderLength()
    {
        var full = File.ReadAllBytes(Saved(CheckpointFormat.Safetensors, "m.safetensors"));
        var path = Write("cut.safetensors", full[..100]);
        var headerLength = BitConverter.ToInt64(full, 0);

        var error = LoadFails(path);

        error.Message.Should().StartWith(
            $"Could not load '{path}': the safetensors file is damaged or truncated: its header claims {headerLength} bytes but the whole file has 100.\n");
    }

    [Fact]
    public void Load_SafetensorsWithDataCut_ReportsTheTensorPastTheEnd()
    {
        var full = File.ReadAllBytes(Saved(CheckpointFormat.Safetensors, "m.safetensors"));
        var path = Write("cut.safetensors", full[..(full.Length - 4)]);

        var error = LoadFails(path);

        error.Message.Should().Contain("the tensor '2.bias' reaches past the end of the data");
    }

    [Fact]
    public void Load_ForeignFile_IsUnknownFormatWithItsFirstBytes()
    {
        var path = Write("notes.pth", Encoding.ASCII.GetBytes("hello, this is text"));

        var error = LoadFails(path);

        error.Problem.Should().Be(CheckpointProblem.UnknownFormat);
        error.Message.Should().Be(
            $"Could not load '{path}': it is not a checkpoint file TorchFluent knows.\n" +
            "Expected: a PyTorch .pth (torch.save), TorchSharp .dat (Module.save) or safetensors file.\n" +
            "Received: a file of 19 bytes starting with 68656C6C6F2C20746869732069732074.\n" +
            "Fix: pass the file written by model.SaveStateDict, Module.save or Python's torch.save(model.state_dict(), path).");
    }

    [Fact]
    public void Load_ZipWithoutDataPkl_IsUnknownFormat()
    {
        var path = Path.Combine(folder, "archive.zip");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(archive.CreateEntry("readme.txt").Open());
            writer.Write("not a model");
        }

        var error = LoadFails(path);

        error.Problem.Should().Be(CheckpointProblem.UnknownFormat);
        error.Message.Should().Contain("Received: a zip archive without the data.pkl record torch.save writes.");
    }

    [Fact]
    public void Load_PthWithMissingTensorRecord_IsDamaged()
    {
        var source = Saved(CheckpointFormat.PyTorch, "m.pth");
        var path = Path.Combine(folder, "broken.pth");
        File.Copy(source, path);
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Update)) archive.GetEntry("model/data/2")!.Delete();

        var error = LoadFails(path);

        error.Problem.Should().Be(CheckpointProblem.Damaged);
        error.Message.Should().Contain("the record 'model/data/2' is missing");
    }

    [Fact]
    public void Load_SafetensorsHeaderNotJson_IsDamaged()
    {
        var header = Encoding.UTF8.GetBytes("{\"a\": nope}     ");
        var path = Write("bad.safetensors", [.. BitConverter.GetBytes((long)header.Length), .. header]);

        var error = LoadFails(path);

        error.Problem.Should().Be(CheckpointProblem.Damaged);
        error.Message.Should().Contain("the safetensors file is damaged or truncated: its header is not valid JSON (");
    }

    [Fact]
    public void Load_SafetensorsWithUnsignedDType_IsUnsupportedNamingIt()
    {
        var header = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[0,2]}}");
        var path = Write("u16.safetensors", [.. BitConverter.GetBytes((long)header.Length), .. header, 1, 0]);

        var error = LoadFails(path);

        error.Problem.Should().Be(CheckpointProblem.Unsupported);
        error.Message.Should().Contain("the tensor 'w' has dtype U16, which TorchSharp has no type for");
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var path = Path.Combine(folder, "nothing.pth");

        var act = () => StateDict.Load(path);

        act.Should().Throw<FileNotFoundException>().Where(e => e.FileName == path)
            .WithMessage($"Could not load '{path}': the file does not exist.*");
    }
}
