using System.IO.Compression;
using System.Text;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class NumPyTests : IDisposable
{
    readonly string folder = TestPaths.NewTempFolder("npy");

    public NumPyTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string PathOf(string name) => Path.Combine(folder, name);

    static byte[] Npy(string header, int major = 1, byte[]? data = null)
    {
        var text = Encoding.ASCII.GetBytes(header);
        var prefix = major == 1 ? 10 : 12;
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        bytes.AddRange(major == 1 ? BitConverter.GetBytes((ushort)text.Length) : BitConverter.GetBytes((uint)text.Length));
        bytes.AddRange(text);
        bytes.AddRange(data ?? []);
        bytes.Count.Should().BeGreaterThanOrEqualTo(prefix);
        return bytes.ToArray();
    }

    Tensor LoadBytes(byte[] bytes, string name = "a.npy")
    {
        File.WriteAllBytes(PathOf(name), bytes);
        return NumPy.Load(PathOf(name));
    }

    [Fact]
    public void SaveThenLoad_EveryNumPyDType_RoundTripsThroughAFile()
    {
        foreach (var row in DType.Table.Where(r => r.DType != DType.BFloat16))
        {
            using var x = arange(6).reshape(2, 3).to_type(row.DType);
            NumPy.Save(PathOf("x.npy"), x);

            using var back = NumPy.Load(PathOf("x.npy"));

            back.dtype.Should().Be(row.DType);
            back.Shape.Should().Equal(2L, 3L);
            back.Equals(x).Should().BeTrue(row.Name);
        }
    }

    [Fact]
    public void Save_NonContiguousAndGradTrackingTensors_WritesTheLogicalValues()
    {
        using var x = arange(6, dtype: ScalarType.Float32).reshape(2, 3);
        using var t = x.t();
        using var g = Tensors.From(new[] { 1f, 2f }, requiresGrad: true);
        using var stream = new MemoryStream();

        NumPy.Save(stream, t);
        NumPy.Save(stream, g, fortranOrder: true);
        stream.Position = 0;
        using var backT = NumPy.Load(stream);
        using var backG = NumPy.Load(stream);

        backT.Equals(t).Should().BeTrue();
        backG.requires_grad.Should().BeFalse();
        backG.data<float>().ToArray().Should().Equal(1, 2);
    }

    [Fact]
    public void SaveFortranOrder_ThenLoad_GivesTheSameValues()
    {
        using var x = arange(24, dtype: ScalarType.Int32).reshape(2, 3, 4);
        using var stream = new MemoryStream();

        NumPy.Save(stream, x, fortranOrder: true);
        stream.Position = 0;
        using var back = NumPy.Load(stream);

        back.Equals(x).Should().BeTrue();
        Encoding.ASCII.GetString(stream.ToArray(), 10, 60).Should().Contain("'fortran_order': True");
    }

    [Fact]
    public void Save_BFloat16_IsRefusedBeforeTheFileIsCreated()
    {
        using var x = zeros(2, dtype: ScalarType.BFloat16);

        var act = () => NumPy.Save(PathOf("b.npy"), x);

        act.Should().Throw<NotSupportedException>().Which.Message.Should().Be(
            "NumPy has no bfloat16 type, so a bfloat16 tensor cannot be saved as .npy.\n" +
            "Expected: a tensor of float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint8 and bool.\n" +
            "Received: dtype bfloat16.\n" +
            "Fix: cast first, for example NumPy.Save(path, x.Float()).");
        File.Exists(PathOf("b.npy")).Should().BeFalse();
    }

    [Fact]
    public void Load_EmptyFile_SaysItIsEmpty()
    {
        var act = () => LoadBytes([]);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"{PathOf("a.npy")} is not a NumPy .npy file: it does not start with the .npy magic string (\\x93NUMPY).\n" +
            "Expected: a file written by numpy.save.\n" +
            "Received: a file that starts with nothing (the file is empty).\n" +
            "Fix: check the path; load .npz archives with NumPy.LoadNpz.");
    }

    [Fact]
    public void Load_TextFile_ShowsHowItStarts()
    {
        var act = () => LoadBytes(Encoding.ASCII.GetBytes("x,y\n1,2\n"));

        act.Should().Throw<InvalidDataException>().WithMessage("*Received: a file that starts with \"x,y\\x0a1,2\\x0a\".*");
    }

    [Fact]
    public void Load_TruncatedData_SaysHowMuchIsMissing()
    {
        var bytes = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", data: [0, 0, 128, 63, 0]);

        var act = () => LoadBytes(bytes);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"{PathOf("a.npy")} is truncated: its data (2 float32 values) needs 8 bytes but only 5 are there.\n" +
            "Expected: a complete .npy file.\n" +
            "Received: a file that ends early (an interrupted write, copy or download).\n" +
            "Fix: write the file again with numpy.save.");
    }

    [Fact]
    public void Load_TruncatedAfterTheMagic_IsTruncatedNotForeign()
    {
        var act = () => LoadBytes([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1]);

        act.Should().Throw<InvalidDataException>().WithMessage("*is truncated: its header needs 10 bytes but only 7 are there.*");
    }

    [Fact]
    public void Load_UnknownVersion_NamesIt()
    {
        var act = () => LoadBytes(Npy("{}", major: 4));

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"{PathOf("a.npy")} uses .npy format version 4.0, which this reader does not know.\n" +
            "Expected: format version 1.0, 2.0 or 3.0 (what numpy.save writes).\n" +
            "Received: version 4.0.\n" +
            "Fix: save the array again with numpy.save from a current NumPy.");
    }

    [Theory]
    [InlineData("[1, 2]", "it is not a dict")]
    [InlineData("{'descr': '<f4', 'shape': (2,)}", "the key 'fortran_order' is missing")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", "'fortran_order' is not True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1)}", "'shape' is not a tuple of sizes")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", "expected ',' but the text ends (at character 54)")]
    [InlineData("{'descr': '<f4', 'fortran_order': Maybe}", "unexpected word 'Maybe' (at character 34)")]
    public void Load_BadHeader_SaysWhatIsWrong(string header, string reason)
    {
        var act = () => LoadBytes(Npy(header));

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"{PathOf("a.npy")} has a .npy header that cannot be read: {reason}.\n" +
            "Expected: a header such as {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }.\n" +
            $"Received: {header}\n" +
            "Fix: write the file again with numpy.save.");
    }

    [Fact]
    public void Load_ObjectArray_ExplainsPickles()
    {
        var act = () => LoadBytes(Npy("{'descr': '|O', 'fortran_order': False, 'shape': (3,), }\n"));

        act.Should().Throw<NotSupportedException>().Which.Message.Should().Be(
            $"{PathOf("a.npy")} holds a NumPy object array (dtype 'O'): pickled Python objects, not numbers, so it cannot become a tensor " +
            "(NumPy itself refuses to load it unless allow_pickle=True).\n" +
            "Expected: an array of float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint8 and bool.\n" +
            "Received: dtype descr '|O'.\n" +
            "Fix: in Python, convert it to a numeric dtype (for example arr.astype(np.float32)) and save it again.");
    }

    [Fact]
    public void Load_UnsignedArray_SaysHowToConvertIt()
    {
        var act = () => LoadBytes(Npy("{'descr': '<u2', 'fortran_order': False, 'shape': (1,), }\n", data: [1, 0]));

        act.Should().Throw<NotSupportedException>().Which.Message.Should().Be(
            $"{PathOf("a.npy")} holds a NumPy uint16 array (descr '<u2'), which has no PyTorch dtype.\n" +
            "Expected: an array of float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint8 and bool (the types torch.from_numpy accepts).\n" +
            "Received: descr '<u2'.\n" +
            "Fix: in Python, convert it first (unsigned integers: arr.astype(np.int64); strings and dates: encode them as numbers) and save it again.");
    }

    [Fact]
    public void Load_FromAStream_NamesTheStreamAndLeavesItAfterTheArray()
    {
        using var x = Tensors.From(new long[] { 1, 2, 3 });
        using var stream = new MemoryStream();
        NumPy.Save(stream, x);
        stream.WriteByte(42);
        stream.Position = 0;

        using var back = NumPy.Load(stream);

        back.data<long>().ToArray().Should().Equal(1, 2, 3);
        stream.ReadByte().Should().Be(42);
        FluentActions.Invoking(() => NumPy.Load(new MemoryStream([1, 2, 3])))
            .Should().Throw<InvalidDataException>().WithMessage("the stream is not a NumPy .npy file*");
    }

    [Fact]
    public void SaveNpzThenLoadNpz_KeepsNamesOrderAndValues()
    {
        using var x = Tensors.From(new float[,] { { 1, 2 }, { 3, 4 } });
        using var y = Tensors.From(new[] { true, false });
        var arrays = new Dictionary<string, Tensor> { ["weights"] = x, ["mask"] = y };

        NumPy.SaveNpz(PathOf("a.npz"), arrays, compressed: true);
        var back = NumPy.LoadNpz(PathOf("a.npz"));

        try
        {
            back.Keys.Should().Equal("weights", "mask");
            back["weights"].Equals(x).Should().BeTrue();
            back["mask"].Equals(y).Should().BeTrue();
            using var zip = ZipFile.OpenRead(PathOf("a.npz"));
            zip.Entries.Select(e => e.FullName).Should().Equal("weights.npy", "mask.npy");
        }
        finally
        {
            foreach (var t in back.Values) t.Dispose();
        }
    }

    [Fact]
    public void SaveNpz_BadNames_AreRefusedBeforeWriting()
    {
        using var x = zeros(1);

        var empty = () => NumPy.SaveNpz(PathOf("e.npz"), [new KeyValuePair<string, Tensor>("", x)]);
        var twice = () => NumPy.SaveNpz(PathOf("t.npz"), [new("x", x), new("x", x)]);
        var bfloat = () => NumPy.SaveNpz(PathOf("b.npz"), [new("x", x), new("b", zeros(1, dtype: ScalarType.BFloat16))]);

        empty.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "'' cannot name an array in a .npz archive: it is empty.\n" +
            "Expected: distinct, non-empty names (NumPy reads each back as archive[name]).\n" +
            "Received: ''.\n" +
            "Fix: give each array its own non-empty name. (Parameter 'arrays')");
        twice.Should().Throw<ArgumentException>().WithMessage("'x' cannot name an array in a .npz archive: it is used twice.*");
        bfloat.Should().Throw<NotSupportedException>();
        File.Exists(PathOf("e.npz")).Should().BeFalse();
        File.Exists(PathOf("t.npz")).Should().BeFalse();
        File.Exists(PathOf("b.npz")).Should().BeFalse();
    }

    [Fact]
    public void LoadNpz_NotAZipFile_SaysSo()
    {
        File.WriteAllText(PathOf("a.npz"), "not a zip");

        var act = () => NumPy.LoadNpz(PathOf("a.npz"));

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"{PathOf("a.npz")} is not a NumPy .npz archive: it is not a readable zip file.\n" +
            "Expected: a file written by numpy.savez or numpy.savez_compressed.\n" +
            "Received: a file that is not a zip archive, or a damaged one.\n" +
            "Fix: check the path; load single arrays (.npy) with NumPy.Load.");
    }

    [Fact]
    public void LoadNpz_MemberThatIsNotAnArray_NamesIt()
    {
        using (var zip = ZipFile.Open(PathOf("a.npz"), ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("hello");
        }

        var act = () => NumPy.LoadNpz(PathOf("a.npz"));

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"{PathOf("a.npz")} contains 'readme.txt', which is not a .npy array.\n" +
            "Expected: an archive of .npy members, as numpy.savez writes.\n" +
            "Received: the member 'readme.txt'.\n" +
            "Fix: write the archive with numpy.savez, or remove the member.");
    }

    [Fact]
    public void Format_ManyDimensions_StaysVersionOneAndPaddedToSixtyFourBytes()
    {
        // libtorch allows at most 64 dimensions, far below what would need version 2.0's 4-byte header length.
        var shape = Enumerable.Repeat(1L, 64).ToArray();

        var header = NpyHeader.Format(ScalarType.Float32, shape, fortranOrder: false);

        header[6].Should().Be(1);
        (header.Length % 64).Should().Be(0);
        header[^1].Should().Be((byte)'\n');
    }
}

public sealed class PythonLiteralTests
{
    [Fact]
    public void Parse_TheLiteralsNumPyWrites()
    {
        var value = PythonLiteral.Parse("{'descr': \"<f4\", 'fortran_order': False, 'shape': (3L, 4), 'x': [None, True, -2], }  ");

        var dict = value.Should().BeOfType<Dictionary<string, object?>>().Subject;
        dict["descr"].Should().Be("<f4");
        dict["fortran_order"].Should().Be(false);
        ((List<object?>)dict["shape"]!).Should().Equal(3L, 4L);
        ((List<object?>)dict["x"]!).Should().Equal(null, true, -2L);
        PythonLiteral.Parse("()").Should().BeOfType<List<object?>>().Which.Should().BeEmpty();
        PythonLiteral.Parse("'a\\'b'").Should().Be("a'b");
    }

    [Theory]
    [InlineData("", "the text ends where a value should start (at character 0)")]
    [InlineData("{1: 2}", "a dict key is not a string (at character 2)")]
    [InlineData("'open", "a string is not closed (at character 5)")]
    [InlineData("99999999999999999999", "'99999999999999999999' is not an integer that fits in 64 bits (at character 20)")]
    [InlineData("(1 2)", "expected ',' but found '2' (at character 3)")]
    [InlineData("{} x", "unexpected text after the end of the literal (at character 3)")]
    [InlineData("@", "unexpected character '@' (at character 0)")]
    public void Parse_Malformed_SaysWhereAndWhat(string text, string message)
    {
        var act = () => PythonLiteral.Parse(text);

        act.Should().Throw<FormatException>().Which.Message.Should().Be(message);
    }
}
