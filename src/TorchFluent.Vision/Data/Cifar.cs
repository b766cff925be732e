using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// The binary version of CIFAR-10 and CIFAR-100 (cifar-10-batches-bin/data_batch_1.bin ..., cifar-100-binary/train.bin):
/// per image, the label byte(s), then 1024 red, 1024 green and 1024 blue bytes of a 32x32 image, row by row.
/// </summary>
public static class Cifar
{
    const int Pixels = 3 * 32 * 32;

    /// <summary>Reads a CIFAR-10 binary batch (records of 1 label byte + 3072 pixel bytes).</summary>
    /// <param name="path">The file, for example data_batch_1.bin or test_batch.bin.</param>
    /// <returns>Images uint8 [N, 3, 32, 32] (channels first, as stored) and labels int64 [N] in 0..9. The caller owns both.</returns>
    /// <exception cref="InvalidDataException">The file is not a whole number of records, or holds a label above 9.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static (Tensor Images, Tensor Labels) Read10(string path)
    {
        var (images, labels) = ReadRecords(path, 1, "CIFAR-10", [10]);
        return (images, labels[0]);
    }

    /// <summary>Reads a CIFAR-100 binary file (records of a coarse and a fine label byte + 3072 pixel bytes).</summary>
    /// <param name="path">The file, train.bin or test.bin.</param>
    /// <returns>
    /// Images uint8 [N, 3, 32, 32], coarse labels int64 [N] in 0..19 (superclasses) and fine labels int64 [N] in 0..99
    /// (the 100 classes; torchvision's CIFAR100 targets). The caller owns all three.
    /// </returns>
    /// <exception cref="InvalidDataException">The file is not a whole number of records, or holds a label out of range.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static (Tensor Images, Tensor CoarseLabels, Tensor FineLabels) Read100(string path)
    {
        var (images, labels) = ReadRecords(path, 2, "CIFAR-100", [20, 100]);
        return (images, labels[0], labels[1]);
    }

    static (Tensor Images, Tensor[] Labels) ReadRecords(string path, int labelBytes, string variant, int[] classes)
    {
        ArgumentNullException.ThrowIfNull(path);
        TorchRuntime.EnsureLoaded();
        var data = File.ReadAllBytes(path);
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
}
