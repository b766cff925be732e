using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

public static partial class Transforms
{
    static string Name(InterpolationMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>
    /// PyTorch's <c>Resize(size)</c>: scales the smaller edge to <paramref name="size"/>, keeping the aspect ratio (the
    /// longer edge is truncated, as in torchvision).
    /// </summary>
    /// <param name="size">The new length of the smaller edge.</param>
    /// <param name="interpolation">Bilinear by default, as PyTorch (TorchVision for .NET defaults to nearest).</param>
    /// <param name="maxSize">When set, the longer edge is capped at this length (the smaller one shrinks accordingly).</param>
    /// <param name="antialias">
    /// Antialias when downscaling with bilinear or bicubic interpolation: true by default, as torchvision 0.17+ and PIL
    /// (torchvision 0.14 defaulted to false for tensors).
    /// </param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform Resize(int size, InterpolationMode interpolation = InterpolationMode.Bilinear, int? maxSize = null, bool antialias = true)
    {
        ImageChecks.Positive("Resize", nameof(size), size);
        if (maxSize is { } max && max <= size) throw new ArgumentOutOfRangeException(nameof(maxSize), max, Messages.ResizeMaxSize(max, size));
        return ResizeTransform([size], interpolation, maxSize, antialias);
    }

    /// <summary>PyTorch's <c>Resize((height, width))</c>: scales every image to exactly that size, as <c>Resize((32, 48))</c>.</summary>
    /// <param name="size">The new (height, width).</param>
    /// <param name="interpolation">Bilinear by default, as PyTorch.</param>
    /// <param name="antialias">Antialias when downscaling with bilinear or bicubic interpolation (default true, as torchvision 0.17+).</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform Resize((int Height, int Width) size, InterpolationMode interpolation = InterpolationMode.Bilinear, bool antialias = true)
    {
        ImageChecks.Positive("Resize", "height", size.Height);
        ImageChecks.Positive("Resize", "width", size.Width);
        return ResizeTransform([size.Height, size.Width], interpolation, null, antialias);
    }

    static ImageTransform ResizeTransform(int[] size, InterpolationMode interpolation, int? maxSize, bool antialias)
    {
        if (interpolation is not (InterpolationMode.Nearest or InterpolationMode.Bilinear or InterpolationMode.Bicubic or InterpolationMode.NearestExact))
            throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, Messages.TransformInterpolation("Resize", interpolation.ToString(), "Nearest, NearestExact, Bilinear or Bicubic"));
        return new ImageTransform(
            $"Resize(size: [{string.Join(", ", size)}], interpolation: {Name(interpolation)}, maxSize: {maxSize?.ToString() ?? "null"}, antialias: {antialias.ToString().ToLowerInvariant()})",
            img =>
            {
                ImageChecks.Rank(img, "Resize");
                return ImageOps.Resize(img, size, interpolation, maxSize, antialias);
            });
    }

    /// <summary>
    /// PyTorch's <c>CenterCrop(size)</c>: a <paramref name="size"/> x <paramref name="size"/> crop from the center.
    /// The offset is <c>round((edge - size) / 2)</c> with round-half-to-even, as Python rounds: a 2x2 crop of a 5x5
    /// image starts at index 2 (TorchVision for .NET starts at 1). A crop larger than the image pads with zeros.
    /// </summary>
    /// <param name="size">The crop's height and width.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform CenterCrop(int size) => CenterCrop((size, size));

    /// <summary>PyTorch's <c>CenterCrop((height, width))</c>; see <see cref="CenterCrop(int)"/>.</summary>
    /// <param name="size">The crop's (height, width).</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform CenterCrop((int Height, int Width) size)
    {
        var (height, width) = size;
        ImageChecks.Positive("CenterCrop", nameof(height), height);
        ImageChecks.Positive("CenterCrop", nameof(width), width);
        return new ImageTransform($"CenterCrop(size: [{height}, {width}])", img =>
        {
            ImageChecks.Rank(img, "CenterCrop", 2);
            return ImageOps.CenterCrop(img, height, width);
        });
    }

    /// <summary>
    /// PyTorch's <c>RandomCrop(size, padding, pad_if_needed, fill, padding_mode)</c>: a square crop at a random place,
    /// after optional padding on every side.
    /// </summary>
    /// <param name="size">The crop's height and width.</param>
    /// <param name="padding">Padding added to every side first (0 for none), for example 4 for CIFAR-style augmentation.</param>
    /// <param name="padIfNeeded">Pads images smaller than the crop instead of failing.</param>
    /// <param name="fill">The padding value in <see cref="PadMode.Constant"/> mode.</param>
    /// <param name="paddingMode">How to pad.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform RandomCrop(int size, int padding = 0, bool padIfNeeded = false, double fill = 0, PadMode paddingMode = PadMode.Constant) =>
        RandomCrop((size, size), padding, padIfNeeded, fill, paddingMode);

    /// <summary>PyTorch's <c>RandomCrop((height, width), ...)</c>; see <see cref="RandomCrop(int, int, bool, double, PadMode)"/>.</summary>
    /// <param name="size">The crop's (height, width).</param>
    /// <param name="padding">Padding added to every side first (0 for none).</param>
    /// <param name="padIfNeeded">Pads images smaller than the crop instead of failing.</param>
    /// <param name="fill">The padding value in <see cref="PadMode.Constant"/> mode.</param>
    /// <param name="paddingMode">How to pad.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform RandomCrop((int Height, int Width) size, int padding = 0, bool padIfNeeded = false, double fill = 0, PadMode paddingMode = PadMode.Constant)
    {
        const string name = "RandomCrop";
        var (height, width) = size;
        ImageChecks.Positive(name, nameof(height), height);
        ImageChecks.Positive(name, nameof(width), width);
        ImageChecks.NonNegative(name, nameof(padding), padding);
        return new ImageTransform($"RandomCrop(size: [{height}, {width}], padding: {padding})", img =>
        {
            ImageChecks.Rank(img, name, 2);
            using var scope = NewDisposeScope();
            var x = img;
            if (padding > 0) x = CheckedPad(x, name, [padding, padding, padding, padding], fill, paddingMode);
            var (_, h, w) = ImageOps.Dimensions(x);
            // As torchvision: the missing width is added on both sides (a 2-element padding), then the height.
            if (padIfNeeded && w < width) x = CheckedPad(x, name, [width - w, 0, width - w, 0], fill, paddingMode);
            if (padIfNeeded && h < height) x = CheckedPad(x, name, [0, height - h, 0, height - h], fill, paddingMode);
            (_, h, w) = ImageOps.Dimensions(x);
            if (h < height || w < width) throw new ArgumentException(Messages.CropTooLarge(name, height, width, h, w), nameof(img));
            long top = 0, left = 0;
            if (h != height || w != width)
            {
                top = TorchRandom.RandInt(0, h - height + 1);
                left = TorchRandom.RandInt(0, w - width + 1);
            }
            return ImageOps.Crop(x, top, left, height, width).MoveToOuterDisposeScope();
        });
    }

    static Tensor CheckedPad(Tensor img, string transform, long[] ltrb, double fill, PadMode mode)
    {
        ImageChecks.Padding(img, transform, ltrb, mode);
        return ImageOps.Pad(img, ltrb, fill, mode);
    }

    /// <summary>
    /// PyTorch's <c>RandomResizedCrop(size, scale, ratio)</c>: a crop of random area and aspect ratio, resized to
    /// <paramref name="size"/> x <paramref name="size"/> (the usual ImageNet training augmentation).
    /// </summary>
    /// <param name="size">The output height and width.</param>
    /// <param name="scale">The range of the crop's area as a fraction of the image's; (0.08, 1.0) when null.</param>
    /// <param name="ratio">The range of the crop's aspect ratio (width / height); (3/4, 4/3) when null.</param>
    /// <param name="interpolation">Bilinear by default.</param>
    /// <param name="antialias">Antialias when downscaling (default true, as torchvision 0.17+).</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform RandomResizedCrop(int size, (double Min, double Max)? scale = null, (double Min, double Max)? ratio = null,
        InterpolationMode interpolation = InterpolationMode.Bilinear, bool antialias = true)
    {
        const string name = "RandomResizedCrop";
        ImageChecks.Positive(name, nameof(size), size);
        var s = scale ?? (0.08, 1.0);
        var r = ratio ?? (3.0 / 4.0, 4.0 / 3.0);
        ImageChecks.Range(name, nameof(scale), s, 0, double.PositiveInfinity, "[0, infinity)");
        ImageChecks.Range(name, nameof(ratio), r, double.Epsilon, double.PositiveInfinity, "(0, infinity)");
        var resize = ResizeTransform([size, size], interpolation, null, antialias);
        return new ImageTransform($"RandomResizedCrop(size: [{size}, {size}], scale: ({Format(s.Min)}, {Format(s.Max)}), ratio: ({Format(r.Min)}, {Format(r.Max)}), interpolation: {Name(interpolation)}, antialias: {antialias.ToString().ToLowerInvariant()})", img =>
        {
            ImageChecks.Rank(img, name);
            var (top, left, h, w) = RandomResizedCropBox(img, s, r);
            using var crop = ImageOps.Crop(img, top, left, h, w);
            return resize.call(crop);
        });
    }

    /// <summary>RandomResizedCrop.get_params, draw for draw: ten tries at a random area and log-uniform ratio, then a central fallback.</summary>
    static (long Top, long Left, long Height, long Width) RandomResizedCropBox(Tensor img, (double Min, double Max) scale, (double Min, double Max) ratio)
    {
        var (_, height, width) = ImageOps.Dimensions(img);
        var area = height * width;
        // torch.log(torch.tensor(ratio)) is float32: the bounds of the uniform draw are float32 values, and the exp
        // below is libtorch's float32 exp, as in torchvision.
        double logMin, logMax;
        using (var logRatio = tensor(new[] { (float)ratio.Min, (float)ratio.Max }).log_())
        {
            var bounds = logRatio.data<float>().ToArray();
            (logMin, logMax) = (bounds[0], bounds[1]);
        }
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var targetArea = area * TorchRandom.Uniform(scale.Min, scale.Max);
            double aspect;
            using (var drawn = empty(1).uniform_(logMin, logMax).exp_()) aspect = drawn.item<float>();
            var w = (long)Math.Round(Math.Sqrt(targetArea * aspect));
            var h = (long)Math.Round(Math.Sqrt(targetArea / aspect));
            if (0 < w && w <= width && 0 < h && h <= height)
            {
                var top = TorchRandom.RandInt(0, height - h + 1);
                var left = TorchRandom.RandInt(0, width - w + 1);
                return (top, left, h, w);
            }
        }
        var inRatio = (double)width / height;
        long fw, fh;
        if (inRatio < Math.Min(ratio.Min, ratio.Max)) (fw, fh) = (width, (long)Math.Round(width / Math.Min(ratio.Min, ratio.Max)));
        else if (inRatio > Math.Max(ratio.Min, ratio.Max)) (fw, fh) = ((long)Math.Round(height * Math.Max(ratio.Min, ratio.Max)), height);
        else (fw, fh) = (width, height);
        return ((height - fh) / 2, (width - fw) / 2, fh, fw);
    }

    /// <summary>PyTorch's <c>Pad(padding, fill, padding_mode)</c>: the same padding on every side.</summary>
    /// <param name="padding">Pixels to add on each side.</param>
    /// <param name="fill">The value of added pixels in <see cref="PadMode.Constant"/> mode.</param>
    /// <param name="paddingMode">How to pad.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform Pad(int padding, double fill = 0, PadMode paddingMode = PadMode.Constant) =>
        Pad(padding, padding, padding, padding, fill, paddingMode);

    /// <summary>PyTorch's <c>Pad([left, top, right, bottom], fill, padding_mode)</c>.</summary>
    /// <param name="left">Pixels added on the left.</param>
    /// <param name="top">Pixels added on the top.</param>
    /// <param name="right">Pixels added on the right.</param>
    /// <param name="bottom">Pixels added on the bottom.</param>
    /// <param name="fill">The value of added pixels in <see cref="PadMode.Constant"/> mode.</param>
    /// <param name="paddingMode">How to pad.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform Pad(int left, int top, int right, int bottom, double fill = 0, PadMode paddingMode = PadMode.Constant)
    {
        foreach (var (n, v) in new[] { (nameof(left), left), (nameof(top), top), (nameof(right), right), (nameof(bottom), bottom) })
            ImageChecks.NonNegative("Pad", n, v);
        long[] ltrb = [left, top, right, bottom];
        return new ImageTransform($"Pad(padding: [{left}, {top}, {right}, {bottom}], fill: {Format(fill)}, paddingMode: {paddingMode})", img =>
        {
            ImageChecks.Rank(img, "Pad", 2);
            return CheckedPad(img, "Pad", ltrb, fill, paddingMode);
        });
    }

    /// <summary>PyTorch's <c>RandomHorizontalFlip(p)</c>: reverses the width dimension with probability <paramref name="p"/> (p = 1 always).</summary>
    /// <param name="p">The probability of a flip.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform RandomHorizontalFlip(double p = 0.5)
    {
        ImageChecks.Probability("RandomHorizontalFlip", p);
        return new ImageTransform($"RandomHorizontalFlip(p: {Format(p)})", img =>
        {
            ImageChecks.Rank(img, "RandomHorizontalFlip", 2);
            return TorchRandom.Chance(p) ? ImageOps.HorizontalFlip(img) : img.alias();
        });
    }

    /// <summary>PyTorch's <c>RandomVerticalFlip(p)</c>: reverses the height dimension with probability <paramref name="p"/>.</summary>
    /// <param name="p">The probability of a flip.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform RandomVerticalFlip(double p = 0.5)
    {
        ImageChecks.Probability("RandomVerticalFlip", p);
        return new ImageTransform($"RandomVerticalFlip(p: {Format(p)})", img =>
        {
            ImageChecks.Rank(img, "RandomVerticalFlip", 2);
            return TorchRandom.Chance(p) ? ImageOps.VerticalFlip(img) : img.alias();
        });
    }

    /// <summary>PyTorch's <c>RandomRotation(degrees)</c>: turns counter-clockwise by an angle drawn from [-degrees, degrees].</summary>
    /// <param name="degrees">The largest angle, in degrees.</param>
    /// <param name="interpolation">Nearest (the default, as PyTorch) or Bilinear.</param>
    /// <param name="expand">Enlarges the output to hold the whole turned image (otherwise corners are cut).</param>
    /// <param name="center">The pivot in pixels (x, y) from the top-left corner; the image center when null.</param>
    /// <param name="fill">The value of pixels that come from outside the image.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform RandomRotation(double degrees, InterpolationMode interpolation = InterpolationMode.Nearest, bool expand = false, (double X, double Y)? center = null, double fill = 0)
    {
        ImageChecks.NonNegative("RandomRotation", nameof(degrees), degrees);
        return RandomRotation((-degrees, degrees), interpolation, expand, center, fill);
    }

    /// <summary>PyTorch's <c>RandomRotation((min, max))</c>: turns counter-clockwise by an angle drawn from [min, max]; (a, a) turns by exactly a.</summary>
    /// <param name="degrees">The range of angles, in degrees.</param>
    /// <param name="interpolation">Nearest (the default, as PyTorch) or Bilinear.</param>
    /// <param name="expand">Enlarges the output to hold the whole turned image.</param>
    /// <param name="center">The pivot in pixels (x, y) from the top-left corner; the image center when null.</param>
    /// <param name="fill">The value of pixels that come from outside the image.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform RandomRotation((double Min, double Max) degrees, InterpolationMode interpolation = InterpolationMode.Nearest, bool expand = false, (double X, double Y)? center = null, double fill = 0)
    {
        const string name = "RandomRotation";
        ImageChecks.Range(name, nameof(degrees), degrees, double.NegativeInfinity, double.PositiveInfinity, "the real numbers");
        if (interpolation is not (InterpolationMode.Nearest or InterpolationMode.Bilinear))
            throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, Messages.TransformInterpolation(name, interpolation.ToString(), "Nearest or Bilinear"));
        return new ImageTransform($"RandomRotation(degrees: ({Format(degrees.Min)}, {Format(degrees.Max)}), interpolation: {Name(interpolation)}, expand: {expand.ToString().ToLowerInvariant()}, fill: {Format(fill)})", img =>
        {
            ImageChecks.Rank(img, name);
            var fills = Enumerable.Repeat(fill, (int)img.shape[^3]).ToArray();
            var angle = TorchRandom.Uniform(degrees.Min, degrees.Max);
            return ImageOps.Rotate(img, angle, interpolation, expand, center, fills);
        });
    }

    /// <summary>
    /// PyTorch's <c>RandomAffine(degrees, translate, scale, shear)</c>: a random rotation in [-degrees, degrees], and
    /// optionally a random shift, scale and shear, drawn in torchvision's order from libtorch's global generator.
    /// </summary>
    /// <param name="degrees">The largest rotation, in degrees (0: no rotation).</param>
    /// <param name="translate">The largest shift as fractions of the width and height, each in [0, 1]: the shift in x is drawn from [-X * width, X * width] and rounded to whole pixels.</param>
    /// <param name="scale">The range of the scale factor, both positive; 1 when null.</param>
    /// <param name="shear">The range of the shear parallel to the x axis, in degrees; none when null.</param>
    /// <param name="shearY">The range of the shear parallel to the y axis, in degrees (torchvision's four-value shear); none when null.</param>
    /// <param name="interpolation">Nearest (the default, as PyTorch) or Bilinear.</param>
    /// <param name="fill">The value of pixels that come from outside the image.</param>
    /// <param name="center">The pivot in pixels (x, y) from the top-left corner; the image center when null.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform RandomAffine(double degrees, (double X, double Y)? translate = null, (double Min, double Max)? scale = null,
        (double Min, double Max)? shear = null, (double Min, double Max)? shearY = null, InterpolationMode interpolation = InterpolationMode.Nearest,
        double fill = 0, (double X, double Y)? center = null)
    {
        ImageChecks.NonNegative("RandomAffine", nameof(degrees), degrees);
        return RandomAffine((-degrees, degrees), translate, scale, shear, shearY, interpolation, fill, center);
    }

    /// <summary>PyTorch's <c>RandomAffine((min, max), ...)</c>: like <see cref="RandomAffine(double, ValueTuple{double, double}?, ValueTuple{double, double}?, ValueTuple{double, double}?, ValueTuple{double, double}?, InterpolationMode, double, ValueTuple{double, double}?)"/> with the rotation drawn from [min, max].</summary>
    /// <param name="degrees">The range of rotation angles, in degrees.</param>
    /// <param name="translate">The largest shift as fractions of the width and height, each in [0, 1].</param>
    /// <param name="scale">The range of the scale factor, both positive; 1 when null.</param>
    /// <param name="shear">The range of the shear parallel to the x axis, in degrees; none when null.</param>
    /// <param name="shearY">The range of the shear parallel to the y axis, in degrees; none when null.</param>
    /// <param name="interpolation">Nearest (the default, as PyTorch) or Bilinear.</param>
    /// <param name="fill">The value of pixels that come from outside the image.</param>
    /// <param name="center">The pivot in pixels (x, y) from the top-left corner; the image center when null.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform RandomAffine((double Min, double Max) degrees, (double X, double Y)? translate = null, (double Min, double Max)? scale = null,
        (double Min, double Max)? shear = null, (double Min, double Max)? shearY = null, InterpolationMode interpolation = InterpolationMode.Nearest,
        double fill = 0, (double X, double Y)? center = null)
    {
        const string name = "RandomAffine";
        ImageChecks.Range(name, nameof(degrees), degrees, double.NegativeInfinity, double.PositiveInfinity, "the real numbers");
        if (translate is { } t && !(t.X is >= 0 and <= 1 && t.Y is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(translate), t, Messages.TransformFractions(name, nameof(translate), t.X, t.Y));
        if (scale is { } s) ImageChecks.Range(name, nameof(scale), s, double.Epsilon, double.PositiveInfinity, "positive numbers");
        if (shear is { } sh) ImageChecks.Range(name, nameof(shear), sh, double.NegativeInfinity, double.PositiveInfinity, "the real numbers");
        if (shearY is { } shy)
        {
            if (shear is null) throw new ArgumentException(Messages.TransformShearYWithoutX(name), nameof(shearY));
            ImageChecks.Range(name, nameof(shearY), shy, double.NegativeInfinity, double.PositiveInfinity, "the real numbers");
        }
        if (interpolation is not (InterpolationMode.Nearest or InterpolationMode.Bilinear))
            throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, Messages.TransformInterpolation(name, interpolation.ToString(), "Nearest or Bilinear"));
        var description = $"RandomAffine(degrees: ({Format(degrees.Min)}, {Format(degrees.Max)})"
            + (translate is { } tr ? $", translate: ({Format(tr.X)}, {Format(tr.Y)})" : "")
            + (scale is { } sc ? $", scale: ({Format(sc.Min)}, {Format(sc.Max)})" : "")
            + (shear is { } sx ? $", shear: ({Format(sx.Min)}, {Format(sx.Max)}" + (shearY is { } sy ? $", {Format(sy.Min)}, {Format(sy.Max)})" : ")") : "")
            + $", interpolation: {Name(interpolation)}, fill: {Format(fill)})";
        return new ImageTransform(description, img =>
        {
            ImageChecks.Rank(img, name);
            var fills = Enumerable.Repeat(fill, (int)img.shape[^3]).ToArray();
            var (width, height) = (img.shape[^1], img.shape[^2]);
            // torchvision's RandomAffine.get_params, draw for draw: angle, shift x and y, scale, shear x, shear y.
            var angle = TorchRandom.Uniform(degrees.Min, degrees.Max);
            var shift = (0.0, 0.0);
            if (translate is { } fraction)
            {
                var maxDx = fraction.X * width;
                var maxDy = fraction.Y * height;
                shift = (Math.Round(TorchRandom.Uniform(-maxDx, maxDx), MidpointRounding.ToEven),
                         Math.Round(TorchRandom.Uniform(-maxDy, maxDy), MidpointRounding.ToEven));
            }
            var factor = scale is { } range ? TorchRandom.Uniform(range.Min, range.Max) : 1.0;
            var shearX = shear is { } x ? TorchRandom.Uniform(x.Min, x.Max) : 0.0;
            var shearYValue = shearY is { } y ? TorchRandom.Uniform(y.Min, y.Max) : 0.0;
            return ImageOps.Affine(img, angle, shift, factor, (shearX, shearYValue), interpolation, center, fills);
        });
    }
}
