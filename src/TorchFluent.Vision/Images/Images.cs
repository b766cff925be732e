using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torchvision.io;

namespace TorchFluent;

/// <summary>
/// PNG and JPEG files to uint8 tensors and back, through SkiaSharp. <see cref="Read"/> is torchvision's
/// <c>read_image</c> ([C, H, W]); <see cref="Open"/> is what PyTorch code gets from <c>np.asarray(PIL.Image.open(path))</c>
/// ([H, W, C], or [H, W] for gray), the input of <see cref="Transforms.ToTensor"/>.
/// </summary>
/// <remarks>
/// Pixel values are the file's: alpha is never premultiplied, EXIF orientation is not applied (as PIL and torchvision).
/// Mode conversions follow Pillow: gray from color is (R*19595 + G*38470 + B*7471 + 32768) &gt;&gt; 16 (ITU-R 601-2),
/// RGB from RGBA drops alpha, color from gray repeats the gray value, alpha is 255 where the file has none.
/// </remarks>
public static class Images
{
    /// <summary>
    /// torchvision's <c>read_image(path, mode)</c>: the image as a uint8 tensor [C, H, W] with C = 1 (gray),
    /// 2 (gray + alpha), 3 (RGB) or 4 (RGBA).
    /// </summary>
    /// <param name="path">A PNG or JPEG file.</param>
    /// <param name="mode">UNCHANGED keeps the file's channels; GRAY, GRAY_ALPHA, RGB and RGB_ALPHA convert.</param>
    /// <returns>A new tensor the caller owns.</returns>
    /// <exception cref="InvalidDataException">The file is not a PNG or JPEG, or is truncated or damaged.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Tensor Read(string path, ImageReadMode mode = ImageReadMode.UNCHANGED)
    {
        using var hwc = Open(path, mode);
        return ToChw(hwc);
    }

    /// <summary>
    /// The image as PyTorch code sees it through PIL: <c>np.asarray(Image.open(path).convert(mode))</c>, a uint8 array
    /// [H, W, C], or [H, W] for a one-channel image. This is what <see cref="Transforms.ToTensor"/> expects.
    /// </summary>
    /// <param name="path">A PNG or JPEG file.</param>
    /// <param name="mode">UNCHANGED keeps the file's channels; GRAY, GRAY_ALPHA, RGB and RGB_ALPHA convert.</param>
    /// <returns>A new tensor the caller owns.</returns>
    /// <exception cref="InvalidDataException">The file is not a PNG or JPEG, or is truncated or damaged.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Tensor Open(string path, ImageReadMode mode = ImageReadMode.UNCHANGED)
    {
        ArgumentNullException.ThrowIfNull(path);
        TorchRuntime.EnsureLoaded();
        var data = File.ReadAllBytes(path);
        using var hwc = SkiaImageCodec.Decode(data, path);
        using var converted = Convert(hwc, mode);
        return converted.shape[2] == 1 ? converted.squeeze(2) : converted.alias();
    }

    /// <summary>Like <see cref="Read"/>, from the bytes of a PNG or JPEG file (torchvision's <c>decode_image</c>).</summary>
    /// <param name="data">The file's bytes.</param>
    /// <param name="mode">UNCHANGED keeps the file's channels; GRAY, GRAY_ALPHA, RGB and RGB_ALPHA convert.</param>
    /// <returns>A uint8 tensor [C, H, W] the caller owns.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a PNG or JPEG, or are truncated or damaged.</exception>
    public static Tensor Decode(byte[] data, ImageReadMode mode = ImageReadMode.UNCHANGED)
    {
        ArgumentNullException.ThrowIfNull(data);
        TorchRuntime.EnsureLoaded();
        using var hwc = SkiaImageCodec.Decode(data, "(in memory)");
        using var converted = Convert(hwc, mode);
        return ToChw(converted);
    }

    /// <summary>
    /// torchvision's <c>write_png</c> / <c>write_jpeg</c>, chosen by the extension (.png, .jpg, .jpeg): writes a uint8
    /// image [C, H, W]. PNG takes 1 to 4 channels (gray + alpha is stored as RGBA, since SkiaSharp writes no gray + alpha
    /// PNG; <c>Read(path, ImageReadMode.GRAY_ALPHA)</c> gives the 2 channels back); JPEG takes 1 or 3.
    /// </summary>
    /// <param name="image">The image, uint8 [C, H, W].</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="quality">JPEG quality, 1 to 100 (75 as torchvision); ignored for PNG.</param>
    /// <exception cref="ArgumentException">The image is not uint8 [C, H, W] with a channel count the format stores, or the extension is unknown.</exception>
    public static void Write(Tensor image, string path, int quality = 75)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(path);
        TorchRuntime.EnsureLoaded();
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var format = extension switch
        {
            ".png" => SKEncodedImageFormat.Png,
            ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
            _ => throw new ArgumentException(Messages.ImageWriteFormat(path), nameof(path)),
        };
        var shape = image.shape;
        if (shape.Length != 3 || shape[0] is < 1 or > 4 || shape[1] < 1 || shape[2] < 1)
            throw new ArgumentException(Messages.ImageWriteShape(shape), nameof(image));
        if (image.dtype != ScalarType.Byte) throw new ArgumentException(Messages.ImageWriteDType(image.dtype.ToString(), shape), nameof(image));
        if (format == SKEncodedImageFormat.Jpeg && shape[0] is 2 or 4)
            throw new ArgumentException(Messages.ImageWriteAlphaJpeg(path, shape[0]), nameof(image));
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), quality, Messages.ImageQuality(quality));
        using var cpu = image.cpu();
        var bytes = SkiaImageCodec.Encode(cpu, format, quality);
        if (bytes.Length == 0) throw new InvalidOperationException(Messages.ImageEncodeFailed(path, format.ToString()));
        File.WriteAllBytes(path, bytes);
    }

    static Tensor ToChw(Tensor hwc)
    {
        using var view = hwc.dim() == 2 ? hwc.unsqueeze(0) : hwc.permute(2, 0, 1);
        return view.contiguous();
    }

    /// <summary>Converts [H, W, C] (C = 1 to 4, as stored) to the channels <paramref name="mode"/> asks for, as Pillow's convert does.</summary>
    static Tensor Convert(Tensor hwc, ImageReadMode mode)
    {
        var stored = hwc.shape[2];
        using var scope = NewDisposeScope();
        var hasColor = stored >= 3;
        var hasAlpha = stored is 2 or 4;
        var alpha = hasAlpha ? hwc[.., .., (int)(stored - 1)..] : null;
        Tensor Gray() => hasColor ? Luma(hwc) : hwc[.., .., ..1];
        Tensor Rgb() => hasColor ? hwc[.., .., ..3] : hwc[.., .., ..1].expand(-1, -1, 3);
        Tensor Alpha() => alpha ?? full([hwc.shape[0], hwc.shape[1], 1], (byte)255, ScalarType.Byte);
        var result = mode switch
        {
            ImageReadMode.UNCHANGED => hwc.alias(),
            ImageReadMode.GRAY => Gray(),
            ImageReadMode.GRAY_ALPHA => cat([Gray(), Alpha()], 2),
            ImageReadMode.RGB => Rgb(),
            ImageReadMode.RGB_ALPHA => cat([Rgb(), Alpha()], 2),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
        };
        return result.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Pillow's L24 macro: (R*19595 + G*38470 + B*7471 + 0x8000) &gt;&gt; 16, in integers.</summary>
    static Tensor Luma(Tensor hwc)
    {
        var rgb = hwc[.., .., ..3].to_type(ScalarType.Int32);
        var weights = tensor(new[] { 19595, 38470, 7471 }, ScalarType.Int32);
        var sum = (rgb * weights).sum(2, keepdim: true, type: ScalarType.Int32) + 0x8000;
        return sum.bitwise_right_shift(16).to_type(ScalarType.Byte);
    }
}
