using System.Text.Json;
using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torchvision.io;

namespace TorchFluent.Conformance;

/// <summary>
/// Images.Open against np.asarray(PIL.Image.open(path).convert(mode)) and Images.Read against torchvision.io.read_image,
/// on PNGs of every color type and JPEGs written by PIL.
/// </summary>
public sealed class ImageFileConformanceTests
{
    static readonly Golden Goldens = Golden.Load("images");
    static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "images");

    public ImageFileConformanceTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string, string> PngModes()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in new[] { "rgb.png", "rgba.png", "gray.png", "gray_alpha.png", "palette.png" })
            foreach (var mode in new[] { "UNCHANGED", "GRAY", "GRAY_ALPHA", "RGB", "RGB_ALPHA" })
                data.Add(file, mode);
        return data;
    }

    public static TheoryData<string, string> JpegModes()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in new[] { "rgb.jpg", "gray.jpg" })
            foreach (var mode in new[] { "UNCHANGED", "GRAY", "GRAY_ALPHA", "RGB", "RGB_ALPHA" })
                data.Add(file, mode);
        return data;
    }

    static ImageReadMode Mode(string name) => Enum.Parse<ImageReadMode>(name);

    [Theory]
    [MemberData(nameof(PngModes))]
    public void Open_Png_EqualsPillowArray(string file, string mode)
    {
        using var image = Images.Open(Path.Combine(Folder, file), Mode(mode));

        TensorAssert.Equal(image, Goldens[file].Case("pil").Tensor(mode));
    }

    [Theory]
    [MemberData(nameof(PngModes))]
    public void Read_Png_EqualsTorchvisionReadImage(string file, string mode)
    {
        using var image = Images.Read(Path.Combine(Folder, file), Mode(mode));

        if (file == "palette.png" && mode is "UNCHANGED" or "GRAY_ALPHA" or "RGB_ALPHA")
        {
            // torchvision 0.14 returns a palette PNG's indices as one gray channel (UNCHANGED) and scrambles the pixels
            // in the alpha modes (it lays 3 channels out as 2 or 4). TorchFluent returns the colors, as Pillow does
            // (documented in docs/vision.md); Images.Open is checked against Pillow above.
            using var open = Images.Open(Path.Combine(Folder, file), Mode(mode));
            using var chw = open.permute(2, 0, 1);
            image.shape.Should().Equal(mode == "GRAY_ALPHA" ? [2, 6, 7] : mode == "RGB_ALPHA" ? [4, 6, 7] : new long[] { 3, 6, 7 });
            image.equal(chw).all().item<bool>().Should().BeTrue();
            return;
        }
        // Gray from color: TorchFluent uses Pillow's integer luma everywhere; libpng rounds its own weights, so a
        // pixel may differ by one level.
        var fromColor = mode.StartsWith("GRAY", StringComparison.Ordinal) && file is "rgb.png" or "rgba.png" or "palette.png";
        TensorAssert.Equal(image, Goldens[file].Case("torchvision").Tensor(mode), atol: fromColor ? 1 : 0);
    }

    [Theory]
    [InlineData("UNCHANGED")]
    [InlineData("GRAY")]
    [InlineData("GRAY_ALPHA")]
    [InlineData("RGB")]
    [InlineData("RGB_ALPHA")]
    public void Open_Bmp_EqualsPillowArray(string mode)
    {
        using var image = Images.Open(Path.Combine(Folder, "rgb.bmp"), Mode(mode));

        TensorAssert.Equal(image, Goldens["rgb.bmp"].Case("pil").Tensor(mode));
    }

    [Theory]
    [MemberData(nameof(JpegModes))]
    public void Open_Jpeg_MatchesPillowDecoder(string file, string mode)
    {
        using var image = Images.Open(Path.Combine(Folder, file), Mode(mode));

        // Skia and Pillow both decode with libjpeg-turbo (islow DCT, fancy upsampling); allow one level for
        // differences in the versions' SIMD paths.
        TensorAssert.Equal(image, Goldens[file].Case("pil").Tensor(mode), atol: 1);
    }

    [Theory]
    [MemberData(nameof(JpegModes))]
    public void Read_Jpeg_MatchesTorchvisionWhereItReads(string file, string mode)
    {
        var golden = Goldens[file].Case("torchvision");
        using var image = Images.Read(Path.Combine(Folder, file), Mode(mode));

        if (golden.Element.GetProperty(mode).ValueKind == JsonValueKind.String)
        {
            // torchvision 0.14 refuses alpha modes for JPEG; TorchFluent adds an opaque alpha channel, as PIL does.
            image.shape[0].Should().Be(mode == "RGB_ALPHA" ? 4 : 2);
            using var alpha = image[^1];
            alpha.eq(255).all().item<bool>().Should().BeTrue();
            return;
        }
        TensorAssert.Equal(image, golden.Tensor(mode), atol: 1);
    }
}
