using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

internal static partial class ImageOps
{
    /// <summary>rgb_to_grayscale: 0.2989 R + 0.587 G + 0.114 B, truncated back to an integer dtype; a 1-channel image is copied.</summary>
    public static Tensor Grayscale(Tensor img, int outputChannels)
    {
        using var scope = NewDisposeScope();
        Tensor gray;
        if (img.shape[^3] == 3)
        {
            var rgb = img.unbind(-3);
            gray = (0.2989 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]).to_type(img.dtype).unsqueeze(-3);
        }
        else
        {
            gray = img.clone();
        }
        var result = outputChannels == 3 ? gray.expand(img.shape) : gray;
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>_blend: ratio * a + (1 - ratio) * b, clamped to the dtype's range ([0, 1] or [0, 255]) and cast back.</summary>
    static Tensor Blend(Tensor a, Tensor b, double ratio)
    {
        using var scope = NewDisposeScope();
        var bound = a.is_floating_point() ? 1.0 : 255.0;
        return (ratio * a + (1.0 - ratio) * b).clamp(0, bound).to_type(a.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>adjust_brightness: blends with black.</summary>
    public static Tensor AdjustBrightness(Tensor img, double factor)
    {
        using var black = zeros_like(img);
        return Blend(img, black, factor);
    }

    /// <summary>adjust_contrast: blends with the mean of the grayscale image.</summary>
    public static Tensor AdjustContrast(Tensor img, double factor)
    {
        using var scope = NewDisposeScope();
        var dtype = is_floating_point(img) ? img.dtype : ScalarType.Float32;
        var gray = img.shape[^3] == 3 ? Grayscale(img, 1).to_type(dtype) : img.to_type(dtype);
        var mean = gray.mean([-3, -2, -1], keepdim: true);
        return Blend(img, mean, factor).MoveToOuterDisposeScope();
    }

    /// <summary>adjust_saturation: blends with the grayscale image; a 1-channel image is returned unchanged, as PIL does.</summary>
    public static Tensor AdjustSaturation(Tensor img, double factor)
    {
        if (img.shape[^3] == 1) return img.alias();
        using var gray = Grayscale(img, 1);
        return Blend(img, gray, factor);
    }

    /// <summary>adjust_hue: shifts the hue in HSV space by <paramref name="factor"/> turns; 1-channel images are returned unchanged.</summary>
    public static Tensor AdjustHue(Tensor img, double factor)
    {
        if (img.shape[^3] == 1) return img.alias();
        using var scope = NewDisposeScope();
        var x = img.dtype == ScalarType.Byte ? img.to_type(ScalarType.Float32) / 255.0 : img;
        var hsv = RgbToHsv(x).unbind(-3);
        var h = (hsv[0] + factor).remainder(1.0);
        var rgb = HsvToRgb(stack([h, hsv[1], hsv[2]], -3));
        var result = img.dtype == ScalarType.Byte ? (rgb * 255.0).to_type(ScalarType.Byte) : rgb;
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>_rgb2hsv, following torchvision (and Pillow's Convert.c): H and S are 0 where max == min.</summary>
    static Tensor RgbToHsv(Tensor img)
    {
        var c = img.unbind(-3);
        var (r, g, b) = (c[0], c[1], c[2]);
        var maxc = img.max(-3).values;
        var minc = img.min(-3).values;
        var eqc = maxc == minc;
        var cr = maxc - minc;
        var ones = ones_like(maxc);
        var s = cr / where(eqc, ones, maxc);
        var crDivisor = where(eqc, ones, cr);
        var rc = (maxc - r) / crDivisor;
        var gc = (maxc - g) / crDivisor;
        var bc = (maxc - b) / crDivisor;
        var hr = (maxc == r) * (bc - gc);
        var hg = ((maxc == g) & (maxc != r)) * (2.0 + rc - bc);
        var hb = ((maxc != g) & (maxc != r)) * (4.0 + gc - rc);
        var h = hr + hg + hb;
        h = fmod(h / 6.0 + 1.0, 1.0);
        return stack([h, s, maxc], -3);
    }

    /// <summary>_hsv2rgb: the six sectors selected with a one-hot mask and an einsum, as torchvision does.</summary>
    static Tensor HsvToRgb(Tensor img)
    {
        var c = img.unbind(-3);
        var (h, s, v) = (c[0], c[1], c[2]);
        var i = floor(h * 6.0);
        var f = h * 6.0 - i;
        var ii = i.to_type(ScalarType.Int32);
        var p = clamp(v * (1.0 - s), 0.0, 1.0);
        var q = clamp(v * (1.0 - s * f), 0.0, 1.0);
        var t = clamp(v * (1.0 - s * (1.0 - f)), 0.0, 1.0);
        ii = ii.remainder(6);
        var mask = ii.unsqueeze(-3) == arange(6, device: ii.device).view(-1, 1, 1);
        var a1 = stack([v, q, p, p, t, v], -3);
        var a2 = stack([t, v, v, q, p, p], -3);
        var a3 = stack([p, p, t, v, v, q], -3);
        var a4 = stack([a1, a2, a3], -4);
        return einsum("...ijk, ...xijk -> ...xjk", mask.to_type(img.dtype), a4);
    }

    /// <summary>gaussian_blur: a separable Gaussian kernel (float32 or the image's float dtype), reflect padding, a depthwise conv2d.</summary>
    public static Tensor GaussianBlur(Tensor img, int kernelX, int kernelY, double sigmaX, double sigmaY)
    {
        using var scope = NewDisposeScope();
        var dtype = is_floating_point(img) ? img.dtype : ScalarType.Float32;
        var kx = GaussianKernel1d(kernelX, sigmaX).to(dtype, img.device);
        var ky = GaussianKernel1d(kernelY, sigmaY).to(dtype, img.device);
        var kernel2d = ky.unsqueeze(1).mm(kx.unsqueeze(0));
        var kernel = kernel2d.expand(img.shape[^3], 1, kernel2d.shape[0], kernel2d.shape[1]);
        return CastSqueeze(img, [kernel.dtype], x =>
        {
            var padded = nn.functional.pad(x, [kernelX / 2, kernelX / 2, kernelY / 2, kernelY / 2], PaddingModes.Reflect);
            return nn.functional.conv2d(padded, kernel, groups: x.shape[^3]);
        }).MoveToOuterDisposeScope();
    }

    static Tensor GaussianKernel1d(int size, double sigma)
    {
        var half = (size - 1) * 0.5;
        var x = linspace(-half, half, size);
        var pdf = exp(-0.5 * (x / sigma).pow(2));
        return pdf / pdf.sum();
    }
}
