using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>The checks transforms make before touching an image, each with a message that says how to fix it.</summary>
internal static class ImageChecks
{
    /// <summary>Throws unless <paramref name="img"/> has at least <paramref name="minRank"/> dimensions.</summary>
    public static void Rank(Tensor img, string transform, int minRank = 3)
    {
        if (img.dim() < minRank)
            throw new ArgumentException(Messages.TransformImageRank(transform, img.shape, minRank), nameof(img));
    }

    /// <summary>Throws unless the image is [..., C, H, W] with C = 1 or 3 (what torchvision's color functions accept).</summary>
    public static void OneOrThreeChannels(Tensor img, string transform)
    {
        Rank(img, transform);
        if (img.shape[^3] is not (1 or 3))
            throw new ArgumentException(Messages.TransformChannels(transform, img.shape, "1 or 3"), nameof(img));
    }

    public static void Positive(string transform, string name, double value)
    {
        if (!(value > 0)) throw new ArgumentOutOfRangeException(name, value, Messages.TransformPositive(transform, name, value));
    }

    public static void NonNegative(string transform, string name, double value)
    {
        if (!(value >= 0)) throw new ArgumentOutOfRangeException(name, value, Messages.TransformNonNegative(transform, name, value));
    }

    public static void Probability(string transform, double p)
    {
        if (!(p is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, Messages.TransformProbability(transform, p));
    }

    public static void Range(string transform, string name, (double Min, double Max) range, double lower, double upper, string bounds)
    {
        if (!(lower <= range.Min && range.Min <= range.Max && range.Max <= upper))
            throw new ArgumentOutOfRangeException(name, range, Messages.TransformRange(transform, name, range.Min, range.Max, bounds));
    }

    /// <summary>Reflect padding must be smaller than the edge, symmetric no larger (what libtorch and torchvision can mirror).</summary>
    public static void Padding(Tensor img, string transform, long[] ltrb, PadMode mode)
    {
        if (mode is not (PadMode.Reflect or PadMode.Symmetric)) return;
        var (_, h, w) = ImageOps.Dimensions(img);
        var limit = mode == PadMode.Reflect ? 1 : 0;
        foreach (var (padding, size) in new[] { (ltrb[0], w), (ltrb[2], w), (ltrb[1], h), (ltrb[3], h) })
        {
            if (padding > size - limit)
                throw new ArgumentException(Messages.PaddingTooLarge(transform, mode.ToString(), padding, size), nameof(img));
        }
    }
}
