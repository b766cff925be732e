using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// torchvision 0.14's tensor functions (transforms/functional.py and functional_tensor.py), ported op for op so results
/// match bit for bit where libtorch allows. TorchVision for .NET has most of these, but departs from PyTorch in ways
/// that change numbers (Normalize needs NCHW, CenterCrop rounds its offset down, contrast and grayscale rescale uint8,
/// hue ignores a single image, the Gaussian kernel has no exp), so TorchFluent does not call them.
/// </summary>
/// <remarks>
/// Ownership: every function returns a new tensor (a new handle, possibly a view) that the caller owns, and never
/// disposes or modifies its input. Temporaries are freed by a dispose scope inside each function.
/// </remarks>
internal static partial class ImageOps
{
    /// <summary>(C, H, W) of an image tensor [..., C, H, W], or (1, H, W) for a 2-D [H, W] tensor, as get_dimensions.</summary>
    public static (long Channels, long Height, long Width) Dimensions(Tensor img)
    {
        var s = img.shape;
        return (s.Length == 2 ? 1 : s[^3], s[^2], s[^1]);
    }

    /// <summary>ToTensor: an HWC (or HW) array to CHW; uint8 becomes the default float dtype divided by 255, other dtypes keep their values.</summary>
    public static Tensor ToTensor(Tensor pic)
    {
        using var scope = NewDisposeScope();
        var hwc = pic.dim() == 2 ? pic.unsqueeze(-1) : pic;
        var chw = hwc.permute(2, 0, 1).contiguous();
        var result = chw.dtype == ScalarType.Byte ? chw.to_type(get_default_dtype()).div(255) : chw;
        return Owned(result, pic).MoveToOuterDisposeScope();
    }

    /// <summary>normalize: (img - mean[c]) / std[c], mean and std as tensors of the image's dtype.</summary>
    public static Tensor Normalize(Tensor img, double[] mean, double[] std)
    {
        using var scope = NewDisposeScope();
        var m = tensor(mean, dtype: img.dtype, device: img.device).view(-1, 1, 1);
        var s = tensor(std, dtype: img.dtype, device: img.device).view(-1, 1, 1);
        return img.sub(m).div_(s).MoveToOuterDisposeScope();
    }

    /// <summary>convert_image_dtype, as torchvision: integers scale to [0, 1] floats and back, floats only change type.</summary>
    public static Tensor ConvertImageDtype(Tensor image, ScalarType dtype)
    {
        if (image.dtype == dtype) return image.alias();
        return torchvision.transforms.functional.convert_image_dtype(image, dtype);
    }

    /// <summary>
    /// _cast_squeeze_in / _cast_squeeze_out: runs <paramref name="op"/> on a 4-D tensor of one of
    /// <paramref name="dtypes"/>, then restores the rank and the dtype (rounding first for integer types).
    /// </summary>
    public static Tensor CastSqueeze(Tensor img, ScalarType[] dtypes, Func<Tensor, Tensor> op)
    {
        using var scope = NewDisposeScope();
        var squeeze = img.dim() < 4;
        var x = squeeze ? img.unsqueeze(0) : img;
        var outDtype = x.dtype;
        var cast = !dtypes.Contains(outDtype);
        if (cast) x = x.to_type(dtypes[0]);
        var y = op(x);
        if (squeeze) y = y.squeeze(0);
        if (cast)
        {
            if (outDtype is ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64)
                y = y.round();
            y = y.to_type(outDtype);
        }
        return Owned(y, img).MoveToOuterDisposeScope();
    }

    /// <summary>The result itself, or a new handle to it when an op handed back its input unchanged.</summary>
    public static Tensor Owned(Tensor result, Tensor input) =>
        ReferenceEquals(result, input) || result.Handle == input.Handle ? input.alias() : result;
}
