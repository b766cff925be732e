using System.Text;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Data;

/// <summary>Damaged and unusual .npy files (files written by NumPy itself are checked by the conformance tests).</summary>
public sealed class NpyReaderTests : IDisposable
{
    readonly string folder = TestPaths.NewTempFolder("npy");

    public NpyReaderTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Write(string name, string header, byte[] data, byte major = 1)
    {
        var headerBytes = Encoding.ASCII.GetBytes(header);
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0]);
        if (major == 1) stream.Write(BitConverter.GetBytes((ushort)headerBytes.Length));
        else stream.Write(BitConverter.GetBytes((uint)headerBytes.Length));
        stream.Write(headerBytes);
        stream.Write(data);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, stream.ToArray());
        return path;
    }

    static byte[] Floats(params float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    [Fact]
    public void FromNpy_Version1Float32_ReadsShapeAndValues()
    {
        var path = Write("a.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }\n", Floats(1, 2, 3, 4));

        using var dataset = Dataset.FromNpy(path);

        dataset.Tensors[0].shape.Should().Equal(2, 2);
        TestData.Floats(dataset.Tensors[0]).Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public void FromNpy_Version3Header_IsRead()
    {
        var path = Write("v3.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }\n", Floats(1, 2, 3), major: 3);

        using var dataset = Dataset.FromNpy(path);

        TestData.Floats(dataset.Tensors[0]).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void FromNpy_NotNpy_Throws()
    {
        var path = Path.Combine(folder, "text.npy");
        File.WriteAllText(path, "hello, world");

        var act = () => Dataset.FromNpy(path);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            "text.npy is not a NumPy .npy file.\nExpected: a file written by numpy.save, starting with \\x93NUMPY.\n" +
            "Received: other bytes.\nFix: check the path; an .npz archive must be unpacked first.");
    }

    [Fact]
    public void FromNpy_Truncated_Throws()
    {
        var path = Write("short.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }\n", Floats(1, 2));

        var act = () => Dataset.FromNpy(path);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            "short.npy ends before its data does.\nExpected: 16 bytes of data.\nReceived: 8 bytes.\nFix: the file is truncated; copy or save it again.");
    }

    [Fact]
    public void FromNpy_UnicodeStrings_ThrowsNamingTheDType()
    {
        var path = Write("s.npy", "{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }\n", new byte[12]);

        var act = () => Dataset.FromNpy(path);

        act.Should().Throw<InvalidDataException>().WithMessage("s.npy holds dtype '<U3', which has no tensor dtype.*");
    }

    [Fact]
    public void FromNpy_ZeroDimArray_Throws()
    {
        var path = Write("scalar.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (), }\n", Floats(1));

        var act = () => Dataset.FromNpy(path);

        act.Should().Throw<ArgumentException>().WithMessage("scalar.npy holds a 0-d array, which has no samples to index.*");
    }

    [Fact]
    public void FromNpy_MissingFile_ThrowsFileNotFound()
    {
        var act = () => Dataset.FromNpy(Path.Combine(folder, "missing.npy"));

        act.Should().Throw<FileNotFoundException>();
    }
}
