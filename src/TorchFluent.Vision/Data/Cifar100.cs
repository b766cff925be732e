using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// torchvision's <c>CIFAR100(root, train, transform, target_transform)</c> from the binary version of the data set
/// (cifar-100-binary.tar.gz extracted under <c>root</c>: root/cifar-100-binary/train.bin, test.bin and the label-name
/// files). Nothing is downloaded. Sample i is (transform(image), fine label) with the image a uint8 [32, 32, 3] array.
/// </summary>
public sealed class Cifar100 : Dataset<(Tensor Image, int Label)>
{
    /// <summary>The folder under the root that holds the files.</summary>
    public const string FolderName = "cifar-100-binary";

    readonly LabeledImages images;
    readonly torchvision.ITransform? transform;
    readonly Func<int, int>? targetTransform;

    /// <summary>Reads train.bin or test.bin into memory.</summary>
    /// <param name="root">The folder that holds cifar-100-binary (or that folder itself).</param>
    /// <param name="train">True for the 50,000 training images, false for the 10,000 test images.</param>
    /// <param name="transform">Applied to each [32, 32, 3] uint8 image; null returns the array.</param>
    /// <param name="targetTransform">Applied to each (fine) label; null keeps it.</param>
    /// <exception cref="FileNotFoundException">The data file or fine_label_names.txt is missing.</exception>
    /// <exception cref="InvalidDataException">The data file is damaged.</exception>
    public Cifar100(string root, bool train = true, torchvision.ITransform? transform = null, Func<int, int>? targetTransform = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(root)) == FolderName ? root : Path.Combine(root, FolderName);
        var file = train ? "train.bin" : "test.bin";
        string[] needed = [file, "fine_label_names.txt", "coarse_label_names.txt"];
        var missing = needed.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException(Messages.DatasetFilesMissing("CIFAR100", folder, missing, "cifar-100-binary.tar.gz (https://www.cs.toronto.edu/~kriz/cifar.html)"), Path.Combine(folder, missing[0]));

        using var scope = NewDisposeScope();
        var (pixels, coarse, fine) = ReadBatch(Path.Combine(folder, file));
        var data = pixels.permute(0, 2, 3, 1).contiguous();
        images = new LabeledImages(data.MoveToOuterDisposeScope(), fine.MoveToOuterDisposeScope(), CifarBinary.ReadNames(Path.Combine(folder, "fine_label_names.txt")));
        CoarseTargets = coarse.MoveToOuterDisposeScope().DetachFromDisposeScope();
        CoarseClasses = CifarBinary.ReadNames(Path.Combine(folder, "coarse_label_names.txt"));
        this.transform = transform;
        this.targetTransform = targetTransform;
        Train = train;
    }

    /// <summary>Reads one CIFAR-100 binary file (records of a coarse and a fine label byte and 3072 pixel bytes).</summary>
    /// <param name="path">The file, train.bin or test.bin.</param>
    /// <returns>
    /// Images uint8 [N, 3, 32, 32], coarse labels int64 [N] in 0-19 (superclasses) and fine labels int64 [N] in 0-99
    /// (the 100 classes; torchvision's CIFAR100 targets). The caller owns all three.
    /// </returns>
    /// <exception cref="InvalidDataException">The file is not a whole number of records, or holds a label out of range.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static (Tensor Images, Tensor CoarseLabels, Tensor FineLabels) ReadBatch(string path)
    {
        var (images, labels) = CifarBinary.Read(path, "CIFAR-100", [20, 100]);
        return (images, labels[0], labels[1]);
    }

    /// <summary>All images, uint8 [N, 32, 32, 3]. The dataset owns it.</summary>
    public Tensor Data => images.Data;

    /// <summary>All fine labels, int64 [N] (torchvision's <c>targets</c>). The dataset owns it.</summary>
    public Tensor Targets => images.Targets;

    /// <summary>All coarse labels (the 20 superclasses), int64 [N]. The dataset owns it.</summary>
    public Tensor CoarseTargets { get; }

    /// <summary>The 100 class names, from fine_label_names.txt.</summary>
    public IReadOnlyList<string> Classes => images.Classes;

    /// <summary>The 20 superclass names, from coarse_label_names.txt.</summary>
    public IReadOnlyList<string> CoarseClasses { get; }

    /// <summary>torchvision's <c>class_to_idx</c>: class name to label.</summary>
    public IReadOnlyDictionary<string, int> ClassToIndex => images.ClassToIndex;

    /// <summary>True for the training split.</summary>
    public bool Train { get; }

    /// <inheritdoc/>
    public override int Count => images.Count;

    /// <inheritdoc/>
    public override (Tensor Image, int Label) this[int index] => images.Sample(index, transform, targetTransform);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            images.Dispose();
            CoarseTargets.Dispose();
        }
        base.Dispose(disposing);
    }
}
