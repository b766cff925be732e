using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>
/// torch.from_numpy's counterpart: files written by real NumPy (fixtures/npy, by generators/gen_npy.py) load as the
/// tensors torch.from_numpy gives, and what TorchFluent writes is byte for byte what numpy.save writes.
/// </summary>
public sealed class NumPyConformanceTests
{
    static readonly Golden G = Golden.Load("npy");

    public NumPyConformanceTests() => TorchRuntime.EnsureLoaded();

    static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "npy", name);

    public static TheoryData<string> DTypes =>
        ["float32", "float64", "float16", "uint8", "int8", "int16", "int32", "int64", "bool", "complex64", "complex128"];

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Load_EachNumPyDType_GivesWhatFromNumpyGives(string dtype)
    {
        var c = G[$"dtype_{dtype}"];

        using var x = NumPy.Load(Fixture(c.String("file")));

        TensorAssert.Equal(x, c.Tensor("tensor"));
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Save_EachNumPyDType_WritesExactlyWhatNumPySaveWrote(string dtype)
    {
        var path = Fixture(G[$"dtype_{dtype}"].String("file"));
        using var x = NumPy.Load(path);
        using var written = new MemoryStream();

        NumPy.Save(written, x);

        written.ToArray().Should().Equal(File.ReadAllBytes(path));
    }

    [Fact]
    public void LoadAndSave_Int64Extremes_KeepEveryBit()
    {
        var c = G["int64_extremes"];
        var path = Fixture(c.String("file"));

        using var x = NumPy.Load(path);
        using var written = new MemoryStream();
        NumPy.Save(written, x);

        x.data<long>().ToArray().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).Should().Equal(c.Strings("strings"));
        written.ToArray().Should().Equal(File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("big_float32")]
    [InlineData("big_float64")]
    [InlineData("big_int16")]
    [InlineData("big_int32")]
    [InlineData("big_int64")]
    [InlineData("big_float16")]
    [InlineData("big_complex64")]
    [InlineData("big_complex128")]
    public void Load_BigEndianFile_GivesTheValuesWhereFromNumpyRefuses(string name)
    {
        var c = G[name];
        c.Case("from_numpy").PyTorchRaised().Should().Contain("byte order");

        using var x = NumPy.Load(Fixture(c.String("file")));

        TensorAssert.Equal(x, c.Tensor("tensor"));
    }

    [Theory]
    [InlineData("fortran_float64")]
    [InlineData("fortran_int32")]
    public void Load_FortranOrder_GivesTheSameLogicalValues(string name)
    {
        var c = G[name];

        using var x = NumPy.Load(Fixture(c.String("file")));

        TensorAssert.Equal(x, c.Tensor("tensor"));
        x.is_contiguous().Should().BeTrue();
    }

    [Fact]
    public void Save_FortranOrder_WritesExactlyWhatNumPySaveWrote()
    {
        var path = Fixture(G["fortran_float64"].String("file"));
        using var x = NumPy.Load(path);
        using var written = new MemoryStream();

        NumPy.Save(written, x, fortranOrder: true);

        written.ToArray().Should().Equal(File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("scalar")]
    [InlineData("vector")]
    [InlineData("empty")]
    [InlineData("version2")]
    [InlineData("version3")]
    public void Load_EdgeShapesAndHeaderVersions_GiveWhatFromNumpyGives(string name)
    {
        var c = G[name];

        using var x = NumPy.Load(Fixture(c.String("file")));

        TensorAssert.Equal(x, c.Tensor("tensor"));
    }

    [Theory]
    [InlineData("scalar")]
    [InlineData("vector")]
    [InlineData("empty")]
    public void Save_EdgeShapes_WritesExactlyWhatNumPySaveWrote(string name)
    {
        var path = Fixture(G[name].String("file"));
        using var x = NumPy.Load(path);
        using var written = new MemoryStream();

        NumPy.Save(written, x);

        written.ToArray().Should().Equal(File.ReadAllBytes(path));
    }

    [Fact]
    public void Load_ObjectArray_IsRefusedAsNumPyRefusesIt()
    {
        var c = G["object"];
        c.Case("np_load").PyTorchRaised().Should().Be("Object arrays cannot be loaded when allow_pickle=False");

        var act = () => NumPy.Load(Fixture(c.String("file")));

        act.Should().Throw<NotSupportedException>().WithMessage("*holds a NumPy object array (dtype 'O')*");
    }

    [Theory]
    [InlineData("unsupported_uint16", "uint16")]
    [InlineData("unsupported_uint32", "uint32")]
    [InlineData("unsupported_uint64", "uint64")]
    [InlineData("unsupported_str96", "unicode string")]
    [InlineData("unsupported_datetime64_D", "datetime64")]
    [InlineData("unsupported_structured", "structured (record)")]
    public void Load_DTypeWithoutAPyTorchDType_IsRefusedAsFromNumpyRefusesIt(string name, string what)
    {
        var c = G[name];
        c.Case("from_numpy").PyTorchRaised().Should().StartWith("can't convert np.ndarray");

        var act = () => NumPy.Load(Fixture(c.String("file")));

        act.Should().Throw<NotSupportedException>().WithMessage($"*holds a NumPy {what} array*");
    }

    [Theory]
    [InlineData("truncated_data", "is truncated: its data (6 float32 values) needs 24 bytes but only 19 are there")]
    [InlineData("truncated_header", "is truncated: its header needs 128 bytes but only 40 are there")]
    [InlineData("not_npy", "is not a NumPy .npy file")]
    public void Load_DamagedFile_IsRefusedAsNumPyRefusesIt(string name, string problem)
    {
        var c = G[name];
        c.Case("np_load").PyTorchRaised();

        var act = () => NumPy.Load(Fixture(c.String("file")));

        act.Should().Throw<InvalidDataException>().WithMessage($"*{name}.npy {problem}*");
    }

    [Theory]
    [InlineData("named")]
    [InlineData("positional")]
    [InlineData("compressed")]
    public void LoadNpz_Archive_GivesTheArraysByTheirNumPyNames(string name)
    {
        var c = G[$"npz_{name}"];

        var arrays = NumPy.LoadNpz(Fixture(c.String("file")));
        try
        {
            arrays.Keys.Should().Equal(c.Strings("keys"));
            var expected = c.Tensors("tensors");
            for (var i = 0; i < expected.Count; i++) TensorAssert.Equal(arrays[c.Strings("keys")[i]], expected[i]);
        }
        finally
        {
            foreach (var t in arrays.Values) t.Dispose();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SaveNpz_ThenLoadNpz_RoundTripsNamesAndValues(bool compressed)
    {
        var c = G["npz_named"];
        var source = NumPy.LoadNpz(Fixture(c.String("file")));
        using var written = new MemoryStream();
        try
        {
            NumPy.SaveNpz(written, source, compressed);
            written.Position = 0;
            var back = NumPy.LoadNpz(written);
            try
            {
                back.Keys.Should().Equal(c.Strings("keys"));
                var expected = c.Tensors("tensors");
                for (var i = 0; i < expected.Count; i++) TensorAssert.Equal(back[c.Strings("keys")[i]], expected[i]);
            }
            finally
            {
                foreach (var t in back.Values) t.Dispose();
            }
        }
        finally
        {
            foreach (var t in source.Values) t.Dispose();
        }
    }

    [Fact]
    public void LoadNpz_MemberHoldingAnObjectArray_IsRefusedAsNumPyRefusesIt()
    {
        var c = G["npz_with_object"];
        c.Case("np_load").PyTorchRaised().Should().Be("Object arrays cannot be loaded when allow_pickle=False");

        var act = () => NumPy.LoadNpz(Fixture(c.String("file")));

        act.Should().Throw<NotSupportedException>().WithMessage("*npz_with_object.npz (member bad.npy) holds a NumPy object array*");
    }
}
