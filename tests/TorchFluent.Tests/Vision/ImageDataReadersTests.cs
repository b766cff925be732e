using System.IO.Compression;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class ImageDataReadersTests : IDisposable
{
    readonly string folder = TestPaths.NewTempFolder("tf-idx");

    public ImageDataReadersTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Read_HandWrittenLabelFile_GivesUint8Vector()
    {
        var path = Write("labels", [0, 0, 0x08, 1, 0, 0, 0, 3, 7, 2, 9]);

        using var labels = Idx.Read(path);

        labels.dtype.Should().Be(ScalarType.Byte);
        labels.data<byte>().ToArray().Should().Equal(7, 2, 9);
    }

    [Fact]
    public void Read_HandWrittenInt16File_IsBigEndian()
    {
        var path = Write("values", [0, 0, 0x0B, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0x01, 0x00, 0xFF, 0xFE]);

        using var values = Idx.Read(path);

        values.shape.Should().Equal(1, 2);
        values.data<short>().ToArray().Should().Equal(256, -2);
    }

    [Theory]
    [InlineData(ScalarType.Byte)]
    [InlineData(ScalarType.Int8)]
    [InlineData(ScalarType.Int16)]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void WriteThenRead_EveryType_RoundTrips(ScalarType type)
    {
        using var data = (randn(2, 3, 4) * 50).to_type(type);
        var path = Path.Combine(folder, $"x-{type}.idx.gz");

        Idx.Write(data, path);
        using var back = Idx.Read(path);

        back.dtype.Should().Be(type);
        back.equal(data).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Read_TruncatedFile_SaysHowManyBytesAreMissing()
    {
        var path = Write("images", [0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3]);

        var act = () => Idx.Read(path);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"The IDX file {path} holds 3 bytes of values, but its header declares Byte [2, 2, 2].\n" +
            "Expected: 8 bytes of values.\n" +
            "Received: 3 bytes (the file is truncated).\n" +
            "Fix: download or extract the file again; a partial download is the usual cause.");
    }

    [Fact]
    public void Read_GzipWithoutGzExtension_SaysToRenameOrDecompress()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write([0, 0, 8, 1, 0, 0, 0, 0]);
        var path = Write("train-labels-idx1-ubyte", buffer.ToArray());

        var act = () => Idx.Read(path);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"The file {path} is not an IDX file.\n" +
            "Expected: a magic number starting with two zero bytes (00 00 08 03 for MNIST images, 00 00 08 01 for labels).\n" +
            $"Received: {string.Join(" ", buffer.ToArray().Take(8).Select(b => b.ToString("X2")))}.\n" +
            "Fix: the file is gzip-compressed; name it with a .gz extension (it is then read through gzip) or decompress it first.");
    }

    [Fact]
    public void Read_OtherErrors_NameTheProblem()
    {
        var shortFile = Write("short", [0, 0]);
        var badType = Write("type", [0, 0, 0x0A, 1, 0, 0, 0, 0]);
        var noDims = Write("dims", [0, 0, 0x08, 0]);

        ((Action)(() => Idx.Read(shortFile))).Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"The IDX file {shortFile} is too short to be one: 2 bytes.\n" +
            "Expected: a 4-byte magic number (0, 0, type, dimensions), 4 bytes per dimension, then the values.\n" +
            "Received: 2 bytes.\n" +
            "Fix: the file is truncated or empty; download or extract it again.");
        ((Action)(() => Idx.Read(badType))).Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"The IDX file {badType} declares value type 0x0A, which IDX does not define.\n" +
            "Expected: 0x08 (uint8), 0x09 (int8), 0x0B (int16), 0x0C (int32), 0x0D (float32) or 0x0E (float64).\n" +
            "Received: 0x0A.\n" +
            "Fix: the file is damaged or not an IDX file; download it again.");
        ((Action)(() => Idx.Read(noDims))).Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"The IDX file {noDims} declares 0 dimensions.\nExpected: 1 or more dimensions (1 for labels, 3 for images).\nReceived: 0.\nFix: the file is damaged or not an IDX file; download it again.");
    }

    [Fact]
    public void Read_DamagedGzip_SaysSo()
    {
        var path = Write("x.idx.gz", [0x1F, 0x8B, 9, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]);

        var act = () => Idx.Read(path);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().StartWith($"The gzip file {path} could not be decompressed: ")
            .And.EndWith("\nExpected: a complete .gz file.\nReceived: damaged or truncated gzip data.\nFix: download the file again, or decompress it with another tool to see where it breaks.");
    }

    [Fact]
    public void Read_TruncatedGzip_IsCaughtByTheLengthCheck()
    {
        using var data = zeros([4, 28, 28], ScalarType.Byte);
        var full = Path.Combine(folder, "full.idx.gz");
        Idx.Write(data, full);
        var bytes = File.ReadAllBytes(full);
        var path = Write("cut.idx.gz", bytes[..(bytes.Length / 2)]);

        var act = () => Idx.Read(path);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Contain(path);
    }

    [Fact]
    public void Write_UnsupportedTypeOrScalar_IsRefused()
    {
        using var longs = zeros([2], ScalarType.Int64);
        using var scalar = tensor(1f);

        ((Action)(() => Idx.Write(longs, Path.Combine(folder, "l.idx")))).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Idx.Write got a tensor of dtype Int64.\nExpected: uint8, int8, int16, int32, float32 or float64 (the types IDX defines).\nReceived: Int64.\nFix: convert the tensor first, for example x.to_type(ScalarType.Int32). (Parameter 'data')");
        ((Action)(() => Idx.Write(scalar, Path.Combine(folder, "s.idx")))).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Idx.Write got a tensor of shape [].\nExpected: 1 to 255 dimensions (IDX stores the count in one byte).\nReceived: 0 dimensions.\nFix: reshape the tensor, for example x.reshape(-1) for a scalar. (Parameter 'data')");
    }

    static byte[] Record(params byte[] labels)
    {
        var record = new byte[labels.Length + 3072];
        labels.CopyTo(record, 0);
        for (var i = 0; i < 3072; i++) record[labels.Length + i] = (byte)(i / 1024 * 100 + i % 7);
        return record;
    }

    [Fact]
    public void ReadBatch10_HandWrittenRecords_SplitsPlanesIntoChannels()
    {
        var path = Write("batch.bin", [.. Record(3), .. Record(9)]);

        var (images, labels) = Cifar10.ReadBatch(path);

        using (images)
        using (labels)
        {
            images.shape.Should().Equal(2, 3, 32, 32);
            labels.data<long>().ToArray().Should().Equal(3, 9);
            images[1, 2, 0, 0].item<byte>().Should().Be(204, "the third 1024-byte plane is blue: 200 + 2048 % 7");
            images[0, 0, 0, 1].item<byte>().Should().Be(1);
        }
    }

    [Fact]
    public void ReadBatch10_OnCifar100File_SaysToUseRead100()
    {
        var path = Write("train.bin", [.. Record(1, 42), .. Record(2, 43), .. Record(3, 44)]);

        var act = () => Cifar10.ReadBatch(path);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"The file {path} is not a CIFAR-10 binary batch: its 9222 bytes are not a whole number of 3073-byte records.\n" +
            "Expected: a multiple of 3073 bytes (1 label byte and 3072 pixel bytes per image; 30,730,000 bytes for a CIFAR-10 batch of 10,000).\n" +
            "Received: 9222 bytes (3 whole records and 3 bytes left over).\n" +
            "Fix: this looks like a CIFAR-100 file; read it with Cifar100.ReadBatch.");
    }

    [Fact]
    public void ReadBatch10_LabelAboveNine_NamesTheRecord()
    {
        var path = Write("batch.bin", [.. Record(3), .. Record(12)]);

        var act = () => Cifar10.ReadBatch(path);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"The file {path} has label 12 in record 1, but CIFAR-10 has 10 classes.\n" +
            "Expected: labels from 0 to 9.\n" +
            "Received: 12.\n" +
            "Fix: this may be a CIFAR-100 file (2 label bytes per record); read it with Cifar100.ReadBatch, or extract the file again.");
    }

    [Fact]
    public void ReadBatch100_TruncatedFile_SaysItIsTruncated()
    {
        var path = Write("test.bin", Record(1, 2)[..3000]);

        var act = () => Cifar100.ReadBatch(path);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"The file {path} is not a CIFAR-100 binary batch: its 3000 bytes are not a whole number of 3074-byte records.\n" +
            "Expected: a multiple of 3074 bytes (2 label bytes and 3072 pixel bytes per image; 30,730,000 bytes for a CIFAR-10 batch of 10,000).\n" +
            "Received: 3000 bytes (0 whole records and 3000 bytes left over).\n" +
            "Fix: the file is truncated or is not from the binary version of CIFAR (cifar-10-binary.tar.gz / cifar-100-binary.tar.gz); extract it again.");
    }

    [Fact]
    public void ReadBatch100_FineLabelOutOfRange_NamesIt()
    {
        var path = Write("test.bin", Record(1, 100));

        var act = () => Cifar100.ReadBatch(path);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"The file {path} has label 100 in record 0, but CIFAR-100 has 100 classes.\n" +
            "Expected: labels from 0 to 99.\n" +
            "Received: 100.\n" +
            "Fix: this may be a CIFAR-10 file; read it with Cifar10.ReadBatch, or extract the file again.");
    }
}
