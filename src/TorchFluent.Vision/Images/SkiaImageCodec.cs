using System.Runtime.InteropServices;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// PNG and JPEG (and BMP and WebP, which Skia decodes too) through SkiaSharp, decoded without premultiplying alpha (so pixel values are the file's), into an
/// [H, W, C] uint8 tensor with the channels the file stores: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA.
/// </summary>
internal static class SkiaImageCodec
{
    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Decodes <paramref name="data"/> to [H, W, C] uint8 with the file's own channels.</summary>
    public static Tensor Decode(byte[] data, string source)
    {
        using var codec = CreateCodec(data, source);
        var info = codec.Info;
        var stored = StoredChannels(data, codec);
        var gray = stored == 1;
        var decodeInfo = new SKImageInfo(info.Width, info.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, gray ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
        var pixels = new byte[(long)decodeInfo.RowBytes * info.Height];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        SKCodecResult result;
        try
        {
            result = codec.GetPixels(decodeInfo, handle.AddrOfPinnedObject());
        }
        finally
        {
            handle.Free();
        }
        if (result != SKCodecResult.Success)
            throw new InvalidDataException(Messages.ImageUnreadable(source, data.Length, data, Reason(result)));

        using var scope = NewDisposeScope();
        var hwc = tensor(pixels, [info.Height, info.Width, gray ? 1 : 4]);
        var kept = stored switch
        {
            1 or 4 => hwc,
            3 => hwc[.., .., ..3],
            _ => hwc.index_select(2, tensor(new long[] { 0, 3 })), // gray + alpha: Skia expands to RGBA with R = G = B
        };
        return kept.contiguous().MoveToOuterDisposeScope();
    }

    static SKCodec CreateCodec(byte[] data, string source)
    {
        SKCodec? codec;
        SKCodecResult result;
        try
        {
            // A native memory stream: the codec takes it over and reads it lazily, after this method returns.
            var stream = new SKMemoryStream(data);
            codec = SKCodec.Create(stream, out result);
            if (codec is null) stream.Dispose();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            var inner = e is TypeInitializationException { InnerException: { } i } ? i : e;
            throw new InvalidOperationException(Messages.SkiaMissing(inner.Message.Split('\n')[0].Trim()), e);
        }
        if (codec is null)
            throw new InvalidDataException(Messages.ImageUnreadable(source, data.Length, data, data.Length == 0 ? "the file is empty" : Reason(result)));
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Bmp or SKEncodedImageFormat.Webp))
        {
            var format = codec.EncodedFormat;
            codec.Dispose();
            throw new InvalidDataException(Messages.ImageUnreadable(source, data.Length, data, $"it is a {format} image, not PNG, JPEG, BMP or WebP"));
        }
        return codec;
    }

    static string Reason(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the data ends before the image does (a truncated file)",
        SKCodecResult.ErrorInInput => "the image data is damaged",
        SKCodecResult.Unimplemented => "the format is not one SkiaSharp decodes",
        _ => $"SkiaSharp reports {result}",
    };

    /// <summary>
    /// The channels the file stores, as torchvision's decoders report them: from a PNG's IHDR color type (palette images
    /// count as RGB, or RGBA with a tRNS chunk); a JPEG is gray or RGB.
    /// </summary>
    static int StoredChannels(byte[] data, SKCodec codec)
    {
        if (codec.EncodedFormat == SKEncodedImageFormat.Png && data.Length > 25 && data.AsSpan(0, 8).SequenceEqual(PngSignature))
        {
            return data[25] switch
            {
                0 => HasChunk(data, "tRNS"u8) ? 2 : 1,
                2 => HasChunk(data, "tRNS"u8) ? 4 : 3,
                3 => HasChunk(data, "tRNS"u8) ? 4 : 3,
                4 => 2,
                _ => 4,
            };
        }
        return codec.Info.ColorType == SKColorType.Gray8 ? 1 : 3;
    }

    static bool HasChunk(byte[] data, ReadOnlySpan<byte> type)
    {
        // Chunks: 4-byte big-endian length, 4-byte type, data, 4-byte CRC; they start after the 8-byte signature.
        long offset = 8;
        while (offset + 8 <= data.Length)
        {
            var length = (long)(uint)(data[offset] << 24 | data[offset + 1] << 16 | data[offset + 2] << 8 | data[offset + 3]);
            var chunk = data.AsSpan((int)offset + 4, 4);
            if (chunk.SequenceEqual(type)) return true;
            if (chunk.SequenceEqual("IDAT"u8)) return false; // tRNS must come before the image data
            offset += 12 + length;
        }
        return false;
    }

    /// <summary>Encodes a uint8 [C, H, W] image (C = 1 to 4) as PNG, or JPEG (C = 1 or 3) at <paramref name="quality"/>.</summary>
    public static byte[] Encode(Tensor chw, SKEncodedImageFormat format, int quality)
    {
        var (c, h, w) = (chw.shape[0], (int)chw.shape[1], (int)chw.shape[2]);
        using var scope = NewDisposeScope();
        Tensor hwc;
        SKImageInfo info;
        var hwcIn = chw.permute(1, 2, 0);
        if (c == 1)
        {
            hwc = hwcIn;
            info = new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque);
        }
        else
        {
            // Skia has no gray + alpha or packed RGB type: expand to RGBA; an opaque image is written without alpha.
            var rgb = c <= 2 ? hwcIn[.., .., ..1].expand(h, w, 3) : hwcIn[.., .., ..3];
            var alpha = c is 2 or 4 ? hwcIn[.., .., (int)(c - 1)..] : full([h, w, 1], (byte)255, ScalarType.Byte);
            hwc = cat([rgb, alpha], 2);
            info = new SKImageInfo(w, h, SKColorType.Rgba8888, c is 2 or 4 ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        }
        var bytes = hwc.contiguous().data<byte>().ToArray();
        var handle = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = pixmap.Encode(format, quality);
            return data?.ToArray() ?? [];
        }
        finally
        {
            handle.Free();
        }
    }
}
