using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torchvision.io;

namespace TorchFluent.Tests;

public sealed class ImagesTests : IDisposable
{
    readonly string folder = TestPaths.NewTempFolder("tf-images");

    public ImagesTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string PathOf(string name) => Path.Combine(folder, name);

    static Tensor RandomImage(int channels, int height = 5, int width = 7) =>
        randint(0, 256, [channels, height, width], dtype: ScalarType.Byte);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void WriteThenRead_Png_IsLosslessWithTheSameChannels(int channels)
    {
        using var image = RandomImage(channels);
        var path = PathOf($"c{channels}.png");

        Images.Write(image, path);
        using var back = Images.Read(path);

        back.shape.Should().Equal(channels, 5, 7);
        back.equal(image).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void WriteThenRead_GrayAlphaPng_IsStoredAsRgbaAndReadsBackInGrayAlphaMode()
    {
        using var image = RandomImage(2);
        var path = PathOf("la.png");

        Images.Write(image, path);
        using var unchanged = Images.Read(path);
        using var back = Images.Read(path, ImageReadMode.GRAY_ALPHA);

        unchanged.shape.Should().Equal([4, 5, 7], "SkiaSharp has no gray + alpha PNG type");
        back.equal(image).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void WriteThenRead_Jpeg_IsCloseAtHighQuality()
    {
        using var ramp = arange(0, 24 * 16, dtype: ScalarType.Int32).reshape(1, 16, 24).expand(3, 16, 24).to_type(ScalarType.Byte);
        var path = PathOf("ramp.jpg");

        Images.Write(ramp, path, quality: 95);
        using var back = Images.Read(path, ImageReadMode.RGB);

        back.shape.Should().Equal(3, 16, 24);
        using var diff = (back.to_type(ScalarType.Int32) - ramp.to_type(ScalarType.Int32)).abs().to_type(ScalarType.Float32);
        diff.mean().item<float>().Should().BeLessThan(3);
    }

    [Fact]
    public void Open_IsReadInHwcLayout_AndGrayIsTwoDimensional()
    {
        using var rgb = RandomImage(3);
        using var gray = RandomImage(1);
        Images.Write(rgb, PathOf("rgb.png"));
        Images.Write(gray, PathOf("gray.png"));

        using var hwc = Images.Open(PathOf("rgb.png"));
        using var hw = Images.Open(PathOf("gray.png"));

        hwc.shape.Should().Equal(5, 7, 3);
        using var chw = hwc.permute(2, 0, 1);
        chw.equal(rgb).all().item<bool>().Should().BeTrue();
        hw.shape.Should().Equal(5, 7);
    }

    [Fact]
    public void Decode_Bytes_EqualsRead()
    {
        using var image = RandomImage(3);
        Images.Write(image, PathOf("x.png"));

        using var decoded = Images.Decode(File.ReadAllBytes(PathOf("x.png")));

        decoded.equal(image).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Read_GrayMode_UsesPillowsIntegerLuma()
    {
        using var pixel = tensor(new byte[] { 200, 100, 50 }, [3, 1, 1]);
        Images.Write(pixel, PathOf("p.png"));

        using var gray = Images.Read(PathOf("p.png"), ImageReadMode.GRAY);

        // (200 * 19595 + 100 * 38470 + 50 * 7471 + 32768) >> 16 = 124
        gray.item<byte>().Should().Be(124);
    }

    [Fact]
    public void Read_TruncatedPng_ThrowsInvalidDataWithTheFileAndItsStart()
    {
        using var image = RandomImage(3, 40, 40);
        Images.Write(image, PathOf("full.png"));
        var bytes = File.ReadAllBytes(PathOf("full.png"));
        File.WriteAllBytes(PathOf("cut.png"), bytes[..(bytes.Length - 30)]);

        var act = () => Images.Read(PathOf("cut.png"));

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"The image {PathOf("cut.png")} could not be decoded: the data ends before the image does (a truncated file).\n" +
            "Expected: a PNG, JPEG, BMP or WebP file (PNG starts with 89 50 4E 47, JPEG with FF D8 FF).\n" +
            $"Received: {bytes.Length - 30} bytes starting with 89 50 4E 47 0D 0A 1A 0A.\n" +
            "Fix: check that the file is complete (re-download or re-export it); other formats (TIFF, PPM, GIF ...) need converting to PNG first.");
    }

    [Fact]
    public void Read_TextFile_ThrowsInvalidData()
    {
        File.WriteAllText(PathOf("data.png"), "name,value\n");

        var act = () => Images.Read(PathOf("data.png"));

        act.Should().Throw<InvalidDataException>().Which.Message.Should().StartWith(
            $"The image {PathOf("data.png")} could not be decoded: ").And.Contain(
            "Received: 11 bytes starting with 6E 61 6D 65 2C 76 61 6C.\n");
    }

    [Fact]
    public void Read_EmptyFile_SaysItIsEmpty()
    {
        File.WriteAllBytes(PathOf("empty.jpg"), []);

        var act = () => Images.Read(PathOf("empty.jpg"));

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"The image {PathOf("empty.jpg")} could not be decoded: the file is empty.\n" +
            "Expected: a PNG, JPEG, BMP or WebP file (PNG starts with 89 50 4E 47, JPEG with FF D8 FF).\n" +
            "Received: 0 bytes starting with no bytes.\n" +
            "Fix: check that the file is complete (re-download or re-export it); other formats (TIFF, PPM, GIF ...) need converting to PNG first.");
    }

    [Fact]
    public void Write_FloatImage_SaysToConvert()
    {
        using var image = rand(3, 4, 4);

        var act = () => Images.Write(image, PathOf("f.png"));

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Images.Write got an image of dtype Float32 (shape [3, 4, 4]).\n" +
            "Expected: a uint8 image [C, H, W] with values 0-255, as torchvision's write_png and write_jpeg.\n" +
            "Received: Float32.\n" +
            "Fix: convert a [0, 1] float image with Transforms.ConvertImageDtype(ScalarType.Byte) (or (x * 255).round().to_type(ScalarType.Byte)). (Parameter 'image')");
    }

    [Fact]
    public void Write_HwcArray_SuggestsPermute()
    {
        using var image = zeros([32, 32, 3], ScalarType.Byte);

        var act = () => Images.Write(image, PathOf("hwc.png"));

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Images.Write got a tensor of shape [32, 32, 3].\n" +
            "Expected: one image [C, H, W] with C = 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA), and H, W of at least 1.\n" +
            "Received: [32, 32, 3].\n" +
            "Fix: this looks like an [H, W, C] array; write image.permute(2, 0, 1) instead. (Parameter 'image')");
    }

    [Fact]
    public void Write_Batch_SaysOneAtATime()
    {
        using var image = zeros([2, 3, 4, 4], ScalarType.Byte);

        var act = () => Images.Write(image, PathOf("b.png"));

        act.Should().Throw<ArgumentException>().Which.Message.Should().EndWith(
            "Fix: write the images of a batch one at a time (batch[i]). (Parameter 'image')");
    }

    [Fact]
    public void Write_RgbaJpeg_SaysJpegHasNoAlpha()
    {
        using var image = RandomImage(4);

        var act = () => Images.Write(image, PathOf("a.jpeg"));

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            $"Images.Write cannot store 4 channels in the JPEG file {PathOf("a.jpeg")}.\n" +
            "Expected: 1 (gray) or 3 (RGB) channels for JPEG, which has no alpha channel.\n" +
            "Received: 4 channels.\n" +
            "Fix: drop the alpha channel (image[..3] for RGBA) or write a .png file instead. (Parameter 'image')");
    }

    [Fact]
    public void Write_UnknownExtension_NamesIt()
    {
        using var image = RandomImage(3);

        var act = () => Images.Write(image, PathOf("x.tiff"));

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            $"Images.Write cannot tell the format of {PathOf("x.tiff")} from its extension.\n" +
            "Expected: a path ending in .png, .jpg or .jpeg.\n" +
            "Received: '.tiff'.\n" +
            "Fix: name the file with one of those extensions. (Parameter 'path')");
    }

    [Fact]
    public void Write_QualityOutOfRange_IsRefused()
    {
        using var image = RandomImage(3);

        var act = () => Images.Write(image, PathOf("q.jpg"), quality: 0);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Be(
            "Images.Write got JPEG quality 0.\nExpected: 1 to 100.\nReceived: 0.\nFix: pass a quality between 1 and 100 (75 is torchvision's default). (Parameter 'quality')\nActual value was 0.");
    }

    [Fact]
    public void SkiaMissingMessage_GivesTheLoaderErrorAndTheFix()
    {
        Messages.SkiaMissing("libSkiaSharp.so: cannot open shared object file").Should().Be(
            "SkiaSharp's native library (libSkiaSharp) could not be loaded, so image files cannot be read or written.\n" +
            "Loader error: libSkiaSharp.so: cannot open shared object file\n" +
            "Expected: libSkiaSharp next to the app (from SkiaSharp.NativeAssets.Linux.NoDependencies on Linux, .Win32 on Windows, .macOS on macOS).\n" +
            "Received: the error above.\n" +
            "Fix: reference TorchFluent.Vision (it brings these packages), rebuild, and check that runtimes/<rid>/native/ in the output folder holds libSkiaSharp.");
        Messages.ImageEncodeFailed("x.png", "Png").Should().Be(
            "SkiaSharp could not encode the image as Png for x.png.\nExpected: an encodable uint8 image.\nReceived: an image the encoder refused.\nFix: write a .png file instead.");
    }
}
