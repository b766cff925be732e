using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// The binary version of CIFAR (cifar-10-batches-bin, cifar-100-binary): per image, the label byte(s), then 1024 red,
/// 1024 green and 1024 blue bytes of a 32x32 image, row by row.
/// </summary>
internal static class CifarBinary
{
    const int Pixels = 3 * 32 * 32;

    /// <summary>Images uint8 [N, 3, 32, 32] and one int64 [N] tensor per label byte; the caller owns them all.</summary>
    public static (Tensor Images, Tensor[] Labels) Read(string path, string variant, int[] classes)
    {
        ArgumentNullException.ThrowIfNull(path);
        TorchRuntime.EnsureLoaded();
        var data = File.ReadAllBytes(path);
        var labelBytes = classes.Length;
        var recordSize = labelBytes + Pixels;
        if (data.Length == 0 || data.Length % recordSize != 0)
            throw new InvalidDataException(Messages.CifarLength(path, data.Length, variant, recordSize));
        var count = data.Length / recordSize;
        for (var r = 0; r < count; r++)
            for (var k = 0; k < labelBytes; k++)
                if (data[(long)r * recordSize + k] >= classes[k])
                    throw new InvalidDataException(Messages.CifarLabel(path, r, data[(long)r * recordSize + k], classes[k], variant));

        using var scope = NewDisposeScope();
        var records = tensor(data, [count, recordSize]);
        var images = records[.., labelBytes..].reshape(count, 3, 32, 32).contiguous();
        var labels = Enumerable.Range(0, labelBytes).Select(k => records[.., k].to_type(ScalarType.Int64).MoveToOuterDisposeScope()).ToArray();
        return (images.MoveToOuterDisposeScope(), labels);
    }

    /// <summary>Class names, one per line (batches.meta.txt, fine_label_names.txt), blank lines skipped.</summary>
    public static string[] ReadNames(string path) =>
        File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
}
