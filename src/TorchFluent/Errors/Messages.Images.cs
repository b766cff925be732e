namespace TorchFluent;

internal static partial class Messages
{
    static string Hex(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 0 ? "no bytes" : string.Join(" ", bytes[..Math.Min(8, bytes.Length)].ToArray().Select(b => b.ToString("X2")));

    // ---- Image files (PNG and JPEG through SkiaSharp) ----

    internal static string ImageUnreadable(string source, long length, ReadOnlySpan<byte> head, string reason) =>
        $"The image {source} could not be decoded: {reason}.\n" +
        "Expected: a PNG, JPEG, BMP or WebP file (PNG starts with 89 50 4E 47, JPEG with FF D8 FF).\n" +
        $"Received: {length} bytes starting with {Hex(head)}.\n" +
        "Fix: check that the file is complete (re-download or re-export it); other formats (TIFF, PPM, GIF ...) need converting to PNG first.";

    internal static string ImageWriteDType(string dtype, long[] shape) =>
        $"Images.Write got an image of dtype {dtype} (shape {ImageShape(shape)}).\n" +
        "Expected: a uint8 image [C, H, W] with values 0-255, as torchvision's write_png and write_jpeg.\n" +
        $"Received: {dtype}.\n" +
        "Fix: convert a [0, 1] float image with Transforms.ConvertImageDtype(ScalarType.Byte) (or (x * 255).round().to_type(ScalarType.Byte)).";

    internal static string ImageWriteShape(long[] shape) =>
        $"Images.Write got a tensor of shape {ImageShape(shape)}.\n" +
        "Expected: one image [C, H, W] with C = 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA), and H, W of at least 1.\n" +
        $"Received: {ImageShape(shape)}.\n" +
        (LooksHwc(shape)
            ? "Fix: this looks like an [H, W, C] array; write image.permute(2, 0, 1) instead."
            : shape.Length == 4
                ? "Fix: write the images of a batch one at a time (batch[i])."
                : shape.Length == 2
                    ? "Fix: give a gray image its channel dimension: image.unsqueeze(0)."
                    : "Fix: pass a single [C, H, W] image with 1 to 4 channels.");

    internal static string ImageWriteFormat(string path) =>
        $"Images.Write cannot tell the format of {path} from its extension.\n" +
        "Expected: a path ending in .png, .jpg or .jpeg.\n" +
        $"Received: '{Path.GetExtension(path)}'.\n" +
        "Fix: name the file with one of those extensions.";

    internal static string ImageWriteAlphaJpeg(string path, long channels) =>
        $"Images.Write cannot store {channels} channels in the JPEG file {path}.\n" +
        "Expected: 1 (gray) or 3 (RGB) channels for JPEG, which has no alpha channel.\n" +
        $"Received: {channels} channels.\n" +
        "Fix: drop the alpha channel (image[..3] for RGBA) or write a .png file instead.";

    internal static string ImageQuality(int quality) =>
        $"Images.Write got JPEG quality {quality}.\nExpected: 1 to 100.\nReceived: {quality}.\nFix: pass a quality between 1 and 100 (75 is torchvision's default).";

    internal static string ImageEncodeFailed(string path, string format) =>
        $"SkiaSharp could not encode the image as {format} for {path}.\n" +
        "Expected: an encodable uint8 image.\nReceived: an image the encoder refused.\nFix: write a .png file instead.";

    internal static string SkiaMissing(string detail) =>
        "SkiaSharp's native library (libSkiaSharp) could not be loaded, so image files cannot be read or written.\n" +
        $"Loader error: {detail}\n" +
        "Expected: libSkiaSharp next to the app (from SkiaSharp.NativeAssets.Linux.NoDependencies on Linux, .Win32 on Windows, .macOS on macOS).\n" +
        "Received: the error above.\n" +
        "Fix: reference TorchFluent.Vision (it brings these packages), rebuild, and check that runtimes/<rid>/native/ in the output folder holds libSkiaSharp.";
}
