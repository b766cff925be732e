using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

internal static partial class ImageOps
{
    static readonly ScalarType[] FloatTypes = [ScalarType.Float32, ScalarType.Float64];

    /// <summary>_compute_resized_output_size: one size is the smaller edge (the longer one keeps the aspect ratio, truncated).</summary>
    public static (long Height, long Width) ResizedSize(long height, long width, int[] size, int? maxSize)
    {
        if (size.Length == 2) return (size[0], size[1]);
        var (shortEdge, longEdge) = width <= height ? (width, height) : (height, width);
        long newShort = size[0], newLong = (long)(size[0] * (double)longEdge / shortEdge);
        if (maxSize is { } max && newLong > max)
            (newShort, newLong) = ((long)(max * (double)newShort / newLong), max);
        return width <= height ? (newLong, newShort) : (newShort, newLong);
    }

    /// <summary>resize: interpolate on float, align_corners=False for bilinear and bicubic, uint8 bicubic clamped.</summary>
    public static Tensor Resize(Tensor img, int[] size, InterpolationMode interpolation, int? maxSize, bool antialias)
    {
        var (_, h, w) = Dimensions(img);
        var (oh, ow) = ResizedSize(h, w, size, maxSize);
        if (oh == h && ow == w) return img.alias();
        var smooth = interpolation is InterpolationMode.Bilinear or InterpolationMode.Bicubic;
        return CastSqueeze(img, FloatTypes, x =>
        {
            var y = nn.functional.interpolate(x, [oh, ow], mode: interpolation, align_corners: smooth ? false : null, antialias: antialias && smooth);
            return interpolation == InterpolationMode.Bicubic && img.dtype == ScalarType.Byte ? y.clamp(0, 255) : y;
        });
    }

    /// <summary>crop: a view of the box, zero-padded where the box leaves the image.</summary>
    public static Tensor Crop(Tensor img, long top, long left, long height, long width)
    {
        var (_, h, w) = Dimensions(img);
        long right = left + width, bottom = top + height;
        if (left < 0 || top < 0 || right > w || bottom > h)
        {
            using var inside = img[TensorIndex.Ellipsis, TensorIndex.Slice(Math.Max(top, 0), bottom), TensorIndex.Slice(Math.Max(left, 0), right)];
            return Pad(inside, [Math.Max(-left + Math.Min(0, right), 0), Math.Max(-top + Math.Min(0, bottom), 0),
                Math.Max(right - Math.Max(w, left), 0), Math.Max(bottom - Math.Max(h, top), 0)], 0, PadMode.Constant);
        }
        return img[TensorIndex.Ellipsis, TensorIndex.Slice(top, bottom), TensorIndex.Slice(left, right)];
    }

    /// <summary>center_crop: pads first when the crop is larger; the offset is round((size - crop) / 2), half to even.</summary>
    public static Tensor CenterCrop(Tensor img, long cropHeight, long cropWidth)
    {
        using var scope = NewDisposeScope();
        var (_, h, w) = Dimensions(img);
        var x = img;
        if (cropWidth > w || cropHeight > h)
        {
            x = Pad(img, [
                cropWidth > w ? (cropWidth - w) / 2 : 0, cropHeight > h ? (cropHeight - h) / 2 : 0,
                cropWidth > w ? (cropWidth - w + 1) / 2 : 0, cropHeight > h ? (cropHeight - h + 1) / 2 : 0], 0, PadMode.Constant);
            (_, h, w) = Dimensions(x);
            if (cropWidth == w && cropHeight == h) return x.MoveToOuterDisposeScope();
        }
        // Python's round() rounds half to even, as Math.Round does by default: 5x5 cropped to 2 starts at 2, not 1.
        var top = (long)Math.Round((h - cropHeight) / 2.0);
        var left = (long)Math.Round((w - cropWidth) / 2.0);
        return Crop(x, top, left, cropHeight, cropWidth).MoveToOuterDisposeScope();
    }

    /// <summary>pad with (left, top, right, bottom), all non-negative; symmetric mirrors the edge pixel too, edge repeats it.</summary>
    public static Tensor Pad(Tensor img, long[] ltrb, double fill, PadMode mode)
    {
        using var scope = NewDisposeScope();
        if (mode == PadMode.Symmetric)
        {
            var (_, h, w) = Dimensions(img);
            var rows = MirrorIndex(h, ltrb[1], ltrb[3], img.device);
            var cols = MirrorIndex(w, ltrb[0], ltrb[2], img.device);
            return img.index_select(-2, rows).index_select(-1, cols).MoveToOuterDisposeScope();
        }
        var p = new[] { ltrb[0], ltrb[2], ltrb[1], ltrb[3] };
        var squeeze = img.dim() < 4;
        var x = squeeze ? img.unsqueeze(0) : img;
        var outDtype = x.dtype;
        // libtorch's reflect and replicate padding need floats (pytorch/pytorch#40763), as torchvision works around.
        var cast = mode != PadMode.Constant && outDtype is not (ScalarType.Float32 or ScalarType.Float64);
        if (cast) x = x.to_type(ScalarType.Float32);
        var y = mode switch
        {
            PadMode.Constant => nn.functional.pad(x, p, PaddingModes.Constant, fill),
            PadMode.Edge => nn.functional.pad(x, p, PaddingModes.Replicate),
            _ => nn.functional.pad(x, p, PaddingModes.Reflect),
        };
        if (squeeze) y = y.squeeze(0);
        if (cast) y = y.to_type(outDtype);
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>_pad_symmetric's indices: mirrored about the edges, edge pixel included (libtorch's pad has no such mode).</summary>
    static Tensor MirrorIndex(long size, long before, long after, Device device)
    {
        var index = new long[before + size + after];
        for (long i = 0; i < index.Length; i++)
        {
            var k = i - before;
            // Reflect about -0.5 and size - 0.5, period 2 * size.
            var m = ((k % (2 * size)) + 2 * size) % (2 * size);
            index[i] = m < size ? m : 2 * size - 1 - m;
        }
        return tensor(index, device: device);
    }

    /// <summary>hflip: reverses W.</summary>
    public static Tensor HorizontalFlip(Tensor img) => img.flip(-1);

    /// <summary>vflip: reverses H.</summary>
    public static Tensor VerticalFlip(Tensor img) => img.flip(-2);

    /// <summary>
    /// rotate (tensor path): counter-clockwise by <paramref name="angle"/> degrees about the center (or
    /// <paramref name="center"/>, in pixels), sampled with grid_sample; outside pixels take <paramref name="fill"/>.
    /// </summary>
    public static Tensor Rotate(Tensor img, double angle, InterpolationMode interpolation, bool expand, (double X, double Y)? center, double[]? fill)
    {
        using var scope = NewDisposeScope();
        var (_, h, w) = Dimensions(img);
        var centerF = center is { } c ? (c.X - w * 0.5, c.Y - h * 0.5) : (0.0, 0.0);
        // rotate passes -angle: torchvision's affine and rotate turn in opposite directions.
        var matrix = InverseAffineMatrix(centerF, -angle);
        var (ow, oh) = expand ? AffineOutputSize(matrix, w, h) : (w, h);
        var dtype = is_floating_point(img) ? img.dtype : ScalarType.Float32;
        var theta = tensor(matrix, dtype: dtype, device: img.device).reshape(1, 2, 3);
        var grid = AffineGrid(theta, w, h, ow, oh);
        return ApplyGrid(img, grid, interpolation, fill).MoveToOuterDisposeScope();
    }

    /// <summary>_get_inverse_affine_matrix for a pure rotation (no translation, scale 1, no shear), in double precision.</summary>
    static double[] InverseAffineMatrix((double X, double Y) center, double angle) =>
        InverseAffineMatrix(center, angle, (0, 0), 1, (0, 0));

    /// <summary>torchvision's _get_inverse_affine_matrix (inverted=True): rotation, translation, scale and shear about a center, in double precision.</summary>
    static double[] InverseAffineMatrix((double X, double Y) center, double angle, (double X, double Y) translate, double scale, (double X, double Y) shear)
    {
        var rot = angle * Math.PI / 180;
        var sx = shear.X * Math.PI / 180;
        var sy = shear.Y * Math.PI / 180;
        var (cx, cy) = center;
        var (tx, ty) = translate;
        var a = Math.Cos(rot - sy) / Math.Cos(sy);
        var b = -Math.Cos(rot - sy) * Math.Tan(sx) / Math.Cos(sy) - Math.Sin(rot);
        var cc = Math.Sin(rot - sy) / Math.Cos(sy);
        var d = -Math.Sin(rot - sy) * Math.Tan(sx) / Math.Cos(sy) + Math.Cos(rot);
        var m = new[] { d / scale, -b / scale, 0.0, -cc / scale, a / scale, 0.0 };
        m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
        m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
        m[2] += cx;
        m[5] += cy;
        return m;
    }

    /// <summary>
    /// affine (tensor path): rotation by <paramref name="angle"/> degrees, translation in pixels, scale and shear
    /// (degrees, x and y) about the center (or <paramref name="center"/>, in pixels), sampled with grid_sample at the
    /// input's size; outside pixels take <paramref name="fill"/>.
    /// </summary>
    public static Tensor Affine(Tensor img, double angle, (double X, double Y) translate, double scale, (double X, double Y) shear,
        InterpolationMode interpolation, (double X, double Y)? center, double[]? fill)
    {
        using var scope = NewDisposeScope();
        var (_, h, w) = Dimensions(img);
        var centerF = center is { } c ? (c.X - w * 0.5, c.Y - h * 0.5) : (0.0, 0.0);
        var matrix = InverseAffineMatrix(centerF, angle, translate, scale, shear);
        var dtype = is_floating_point(img) ? img.dtype : ScalarType.Float32;
        var theta = tensor(matrix, dtype: dtype, device: img.device).reshape(1, 2, 3);
        var grid = AffineGrid(theta, w, h, w, h);
        return ApplyGrid(img, grid, interpolation, fill).MoveToOuterDisposeScope();
    }

    /// <summary>_compute_affine_output_size: the bounding box of the turned corners, as PIL computes it.</summary>
    static (long W, long H) AffineOutputSize(double[] matrix, long w, long h)
    {
        using var scope = NewDisposeScope();
        var pts = tensor(new float[] { -0.5f * w, -0.5f * h, 1, -0.5f * w, 0.5f * h, 1, 0.5f * w, 0.5f * h, 1, 0.5f * w, -0.5f * h, 1 }, [4, 3]);
        var theta = tensor(matrix, dtype: ScalarType.Float32).view(2, 3);
        var points = pts.matmul(theta.T);
        var shift = tensor(new float[] { w * 0.5f, h * 0.5f });
        var max = points.max(0).values + shift;
        var min = points.min(0).values + shift;
        const double tol = 1e-4;
        var cmax = (max / tol).trunc_().mul(tol).ceil();
        var cmin = (min / tol).trunc_().mul(tol).floor();
        var size = (cmax - cmin).data<float>().ToArray();
        return ((long)size[0], (long)size[1]);
    }

    /// <summary>_gen_affine_grid: pixel-center grid, transformed by theta, normalized by the input size.</summary>
    static Tensor AffineGrid(Tensor theta, long w, long h, long ow, long oh)
    {
        // torchvision's _gen_affine_grid multiplies the (x, y, 1) base grid by theta^T / (w/2, h/2) in one
        // [oh*ow, 3] x [3, 2] bmm. Here the same sum is written out with broadcasting (x * r0 + y * r1 + r2): no tiny
        // matrix product, which with several libtorch threads on a busy machine was measured at tens of milliseconds
        // for a 16x16 image (0.5 ms with one thread).
        using var scope = NewDisposeScope();
        const double d = 0.5;
        var rescaled = (theta.transpose(1, 2) / tensor(new[] { 0.5 * w, 0.5 * h }, dtype: theta.dtype, device: theta.device)).view(3, 2);
        var x = linspace(-ow * 0.5 + d, ow * 0.5 + d - 1, ow, dtype: theta.dtype, device: theta.device).view(1, ow, 1);
        var y = linspace(-oh * 0.5 + d, oh * 0.5 + d - 1, oh, dtype: theta.dtype, device: theta.device).view(oh, 1, 1);
        var grid = x * rescaled[0] + y * rescaled[1] + rescaled[2];
        return grid.unsqueeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>_apply_grid_transform: grid_sample with zero padding, then the fill color where the mask says "outside".</summary>
    static Tensor ApplyGrid(Tensor img, Tensor grid, InterpolationMode mode, double[]? fill) =>
        CastSqueeze(img, [grid.dtype], x =>
        {
            var g = x.shape[0] > 1 ? grid.expand(x.shape[0], grid.shape[1], grid.shape[2], grid.shape[3]) : grid;
            if (fill is not null)
            {
                var ones = torch.ones([x.shape[0], 1, x.shape[2], x.shape[3]], dtype: x.dtype, device: x.device);
                x = cat([x, ones], 1);
            }
            var sampleMode = mode == InterpolationMode.Nearest ? GridSampleMode.Nearest : GridSampleMode.Bilinear;
            var y = nn.functional.grid_sample(x, g, sampleMode, GridSamplePaddingMode.Zeros, align_corners: false);
            if (fill is null) return y;
            var mask = y[.., ^1.., .., ..];
            y = y[.., ..^1, .., ..];
            mask = mask.expand_as(y);
            var fillImage = tensor(fill, dtype: y.dtype, device: y.device).view(1, fill.Length, 1, 1).expand_as(y);
            if (mode == InterpolationMode.Nearest)
            {
                var outside = mask < 0.5;
                y = y.clone();
                y[outside] = fillImage[outside];
                return y;
            }
            return y * mask + (1.0 - mask) * fillImage;
        });
}
