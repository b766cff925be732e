using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// torchvision's transforms with PyTorch's semantics: <c>Transforms.Compose(Transforms.ToTensor(),
/// Transforms.Normalize([0.5], [0.5]))</c>, or with <c>using static TorchFluent.Transforms;</c> just
/// <c>Compose(ToTensor(), Normalize([0.5], [0.5]))</c>. Every transform is a TorchVision
/// <see cref="torchvision.ITransform"/> (call it with <c>transform.call(image)</c>), so TorchVision's own transforms mix in.
/// </summary>
/// <remarks>
/// <para>
/// Images are tensors [..., C, H, W] (a single [C, H, W] image or a batch), uint8 in [0, 255] or floating point in
/// [0, 1], as in torchvision. <see cref="ToTensor"/> is the exception: it takes an [H, W, C] (or [H, W]) array, what
/// PyTorch gets from a PIL image, and what <see cref="Images.Open"/> and the datasets hand to a transform.
/// </para>
/// <para>
/// Random transforms draw from libtorch's global generator the way torchvision does, so after
/// <c>torch.manual_seed(s)</c> they take the same decisions as PyTorch's after <c>torch.manual_seed(s)</c>.
/// A transform returns a new tensor the caller owns and never disposes or changes its input.
/// </para>
/// </remarks>
public static partial class Transforms
{
    static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    static string Format(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(Format)) + "]";

    /// <summary>PyTorch's <c>Compose([t1, t2, ...])</c>: applies the transforms in order, freeing every intermediate result.</summary>
    /// <param name="transforms">The transforms, TorchFluent's or TorchVision's.</param>
    /// <returns>One transform that runs them all.</returns>
    /// <exception cref="ArgumentNullException">A transform is null.</exception>
    public static torchvision.ITransform Compose(params torchvision.ITransform[] transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        for (var i = 0; i < transforms.Length; i++)
            if (transforms[i] is null) throw new ArgumentNullException(nameof(transforms), Messages.ComposeNullTransform(i));
        return new ComposeTransform([.. transforms]);
    }

    /// <summary>
    /// PyTorch's <c>ToTensor()</c>: an [H, W, C] (or [H, W]) array to a [C, H, W] tensor. uint8 becomes the default
    /// float dtype (float32) divided by 255, so pixels land in [0, 1]; any other dtype keeps its type and values
    /// (float64 stays float64, unscaled), as torchvision does for NumPy arrays.
    /// </summary>
    /// <returns>The transform.</returns>
    /// <remarks>Input: what <see cref="Images.Open"/> returns and what ImageFolder, MNIST and CIFAR hand to a transform.</remarks>
    public static torchvision.ITransform ToTensor() => new ImageTransform("ToTensor()", pic =>
    {
        if (pic.dim() is not (2 or 3)) throw new ArgumentException(Messages.ToTensorRank(pic.shape), nameof(pic));
        return ImageOps.ToTensor(pic);
    });

    /// <summary>
    /// PyTorch's <c>Normalize(mean, std)</c>: <c>(x[c] - mean[c]) / std[c]</c> per channel, on a float image
    /// [..., C, H, W] — a single [C, H, W] image or a batch (TorchVision's Normalize accepts only a batch). One value
    /// applies to every channel.
    /// </summary>
    /// <param name="mean">One mean per channel, or one for all.</param>
    /// <param name="std">One standard deviation per channel, or one for all; none may be zero.</param>
    /// <returns>The transform.</returns>
    /// <exception cref="ArgumentException">No means or standard deviations, or a standard deviation of zero.</exception>
    public static torchvision.ITransform Normalize(double[] mean, double[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || std.Length == 0) throw new ArgumentException(Messages.NormalizeCounts(mean.Length, std.Length), nameof(mean));
        if (std.Contains(0)) throw new ArgumentException(Messages.NormalizeStdZero(Format(std)), nameof(std));
        double[] m = [.. mean], s = [.. std];
        return new ImageTransform($"Normalize(mean: {Format(m)}, std: {Format(s)})", img =>
        {
            ImageChecks.Rank(img, "Normalize");
            if (!img.is_floating_point()) throw new ArgumentException(Messages.NormalizeNotFloat(img.dtype.ToString()), nameof(img));
            var channels = img.shape[^3];
            if (m.Length is not 1 && m.Length != channels || s.Length is not 1 && s.Length != channels)
                throw new ArgumentException(Messages.NormalizeChannels(m.Length, s.Length, img.shape), nameof(img));
            return ImageOps.Normalize(img, m, s);
        });
    }

    /// <summary>
    /// PyTorch's <c>ConvertImageDtype(dtype)</c>: converts and rescales, uint8 [0, 255] to float [0, 1] and back (the
    /// [C, H, W] counterpart of <see cref="ToTensor"/> for images read with <see cref="Images.Read"/>).
    /// </summary>
    /// <param name="dtype">The target dtype.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform ConvertImageDtype(ScalarType dtype) =>
        new ImageTransform($"ConvertImageDtype({dtype})", img => ImageOps.ConvertImageDtype(img, dtype));

    /// <summary>PyTorch's <c>Lambda(fn)</c>: a transform from a function (for example <c>x =&gt; x.flatten()</c>).</summary>
    /// <param name="function">The function; it must return a new tensor (not dispose or return its input's handle for later disposal).</param>
    /// <param name="name">How the transform prints; "Lambda()" when null.</param>
    /// <returns>The transform.</returns>
    public static torchvision.ITransform Lambda(Func<Tensor, Tensor> function, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new ImageTransform(name ?? "Lambda()", function);
    }
}
