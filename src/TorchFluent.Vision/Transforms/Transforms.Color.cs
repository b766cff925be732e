using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

public static partial class Transforms
{
    /// <summary>
    /// PyTorch's <c>ColorJitter(brightness, contrast, saturation, hue)</c>: on each call, changes the four properties by
    /// random factors, in a random order, as torchvision does. A value v draws brightness, contrast and saturation
    /// factors from [max(0, 1 - v), 1 + v] and the hue shift from [-v, v]; 0 leaves that property alone.
    /// </summary>
    /// <param name="brightness">How much to jitter brightness (0 or more).</param>
    /// <param name="contrast">How much to jitter contrast (0 or more).</param>
    /// <param name="saturation">How much to jitter saturation (0 or more).</param>
    /// <param name="hue">How much to jitter hue, in turns of the color wheel (0 to 0.5).</param>
    /// <returns>The transform; it accepts images with 1 or 3 channels (saturation and hue leave 1-channel images alone, as PIL).</returns>
    public static torchvision.ITransform ColorJitter(double brightness = 0, double contrast = 0, double saturation = 0, double hue = 0)
    {
        const string name = "ColorJitter";
        ImageChecks.NonNegative(name, nameof(brightness), brightness);
        ImageChecks.NonNegative(name, nameof(contrast), contrast);
        ImageChecks.NonNegative(name, nameof(saturation), saturation);
        if (!(hue is >= 0 and <= 0.5)) throw new ArgumentOutOfRangeException(nameof(hue), hue, Messages.TransformHue(hue));
        return ColorJitterTransform(
            Factor(brightness), Factor(contrast), Factor(saturation), hue == 0 ? null : (-hue, hue));

        // _check_input: [center - v, center + v] with the lower end clipped at 0; (1, 1) means "leave alone".
        static (double, double)? Factor(double v) => v == 0 ? null : (Math.Max(1 - v, 0), 1 + v);
    }

    /// <summary>
    /// PyTorch's <c>ColorJitter</c> with explicit ranges: factors are drawn from the given (min, max) ranges (each
    /// within [0, infinity); hue within [-0.5, 0.5]); a range of (1, 1), or (0, 0) for hue, leaves that property alone.
    /// </summary>
    /// <param name="brightness">The range of the brightness factor.</param>
    /// <param name="contrast">The range of the contrast factor.</param>
    /// <param name="saturation">The range of the saturation factor.</param>
    /// <param name="hue">The range of the hue shift.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform ColorJitter((double Min, double Max) brightness, (double Min, double Max) contrast, (double Min, double Max) saturation, (double Min, double Max) hue)
    {
        const string name = "ColorJitter";
        ImageChecks.Range(name, nameof(brightness), brightness, 0, double.PositiveInfinity, "[0, infinity)");
        ImageChecks.Range(name, nameof(contrast), contrast, 0, double.PositiveInfinity, "[0, infinity)");
        ImageChecks.Range(name, nameof(saturation), saturation, 0, double.PositiveInfinity, "[0, infinity)");
        ImageChecks.Range(name, nameof(hue), hue, -0.5, 0.5, "[-0.5, 0.5]");
        return ColorJitterTransform(
            brightness == (1, 1) ? null : brightness, contrast == (1, 1) ? null : contrast,
            saturation == (1, 1) ? null : saturation, hue == (0, 0) ? null : hue);
    }

    static ImageTransform ColorJitterTransform((double Min, double Max)? brightness, (double Min, double Max)? contrast,
        (double Min, double Max)? saturation, (double Min, double Max)? hue)
    {
        static string Text((double Min, double Max)? r) => r is { } v ? $"({Format(v.Min)}, {Format(v.Max)})" : "null";
        return new ImageTransform($"ColorJitter(brightness: {Text(brightness)}, contrast: {Text(contrast)}, saturation: {Text(saturation)}, hue: {Text(hue)})", img =>
        {
            ImageChecks.OneOrThreeChannels(img, "ColorJitter");
            // get_params: the order first, then one draw per property that is switched on, in this fixed order.
            var order = TorchRandom.RandPerm(4);
            double? b = brightness is { } br ? TorchRandom.Uniform(br.Min, br.Max) : null;
            double? c = contrast is { } co ? TorchRandom.Uniform(co.Min, co.Max) : null;
            double? s = saturation is { } sa ? TorchRandom.Uniform(sa.Min, sa.Max) : null;
            double? h = hue is { } hu ? TorchRandom.Uniform(hu.Min, hu.Max) : null;
            using var scope = NewDisposeScope();
            var x = img;
            foreach (var step in order)
            {
                x = step switch
                {
                    0 when b is { } f => ImageOps.AdjustBrightness(x, f),
                    1 when c is { } f => ImageOps.AdjustContrast(x, f),
                    2 when s is { } f => ImageOps.AdjustSaturation(x, f),
                    3 when h is { } f => ImageOps.AdjustHue(x, f),
                    _ => x,
                };
            }
            return ImageOps.Owned(x, img).MoveToOuterDisposeScope();
        });
    }

    /// <summary>PyTorch's <c>Grayscale(num_output_channels)</c>: 0.2989 R + 0.587 G + 0.114 B (integer images are truncated, as torchvision).</summary>
    /// <param name="numOutputChannels">1, or 3 to repeat the gray channel for models that expect RGB.</param>
    /// <returns>The transform; it accepts images with 1 or 3 channels.</returns>
    public static torchvision.ITransform Grayscale(int numOutputChannels = 1)
    {
        if (numOutputChannels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(numOutputChannels), numOutputChannels, Messages.TransformOutputChannels(numOutputChannels));
        return new ImageTransform($"Grayscale(numOutputChannels: {numOutputChannels})", img =>
        {
            ImageChecks.OneOrThreeChannels(img, "Grayscale");
            return ImageOps.Grayscale(img, numOutputChannels);
        });
    }

    /// <summary>PyTorch's <c>RandomGrayscale(p)</c>: with probability <paramref name="p"/>, grayscale with as many channels as the input.</summary>
    /// <param name="p">The probability of converting.</param>
    /// <returns>The transform; it accepts images with 1 or 3 channels.</returns>
    public static torchvision.ITransform RandomGrayscale(double p = 0.1)
    {
        ImageChecks.Probability("RandomGrayscale", p);
        return new ImageTransform($"RandomGrayscale(p: {Format(p)})", img =>
        {
            ImageChecks.OneOrThreeChannels(img, "RandomGrayscale");
            return TorchRandom.Chance(p) ? ImageOps.Grayscale(img, (int)img.shape[^3]) : img.alias();
        });
    }

    /// <summary>
    /// PyTorch's <c>GaussianBlur(kernel_size, sigma)</c>: blurs with a Gaussian kernel whose sigma is drawn from
    /// [<paramref name="sigmaMin"/>, <paramref name="sigmaMax"/>] on each call (equal values give a fixed sigma). Edges are reflected.
    /// </summary>
    /// <param name="kernelSize">The kernel's height and width: odd and positive.</param>
    /// <param name="sigmaMin">The smallest sigma (default 0.1, as PyTorch).</param>
    /// <param name="sigmaMax">The largest sigma (default 2.0, as PyTorch).</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform GaussianBlur(int kernelSize, double sigmaMin = 0.1, double sigmaMax = 2.0)
    {
        const string name = "GaussianBlur";
        if (kernelSize <= 0 || kernelSize % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, Messages.TransformKernelSize(kernelSize));
        ImageChecks.Positive(name, nameof(sigmaMin), sigmaMin);
        ImageChecks.Range(name, "sigma", (sigmaMin, sigmaMax), double.Epsilon, double.PositiveInfinity, "(0, infinity)");
        return new ImageTransform($"GaussianBlur(kernelSize: [{kernelSize}, {kernelSize}], sigma: ({Format(sigmaMin)}, {Format(sigmaMax)}))", img =>
        {
            ImageChecks.Rank(img, name);
            ImageChecks.Padding(img, name, [kernelSize / 2, kernelSize / 2, kernelSize / 2, kernelSize / 2], PadMode.Reflect);
            var sigma = TorchRandom.Uniform(sigmaMin, sigmaMax);
            return ImageOps.GaussianBlur(img, kernelSize, kernelSize, sigma, sigma);
        });
    }
}
