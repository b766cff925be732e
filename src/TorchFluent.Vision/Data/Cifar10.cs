using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// torchvision's <c>CIFAR10(root, train, transform, target_transform)</c> from the binary version of the data set
/// (cifar-10-binary.tar.gz extracted under <c>root</c>: root/cifar-10-batches-bin/data_batch_1.bin ... test_batch.bin).
/// Nothing is downloaded. Sample i is (transform(image), label) where the image is a uint8 [32, 32, 3] array, as
/// torchvision hands its transform a PIL image, and the label is the class index 0-9.
/// </summary>
public sealed class Cifar10 : Dataset<(Tensor Image, int Label)>
{
    /// <summary>The folder under the root that holds the batches.</summary>
    public const string FolderName = "cifar-10-batches-bin";

    static readonly string[] DefaultClasses = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    readonly LabeledImages images;
    readonly torchvision.ITransform? transform;
    readonly Func<int, int>? targetTransform;

    /// <summary>Reads the training batches (data_batch_1-5.bin) or the test batch (test_batch.bin) into memory.</summary>
    /// <param name="root">The folder that holds cifar-10-batches-bin (or that folder itself).</param>
    /// <param name="train">True for the 50,000 training images, false for the 10,000 test images.</param>
    /// <param name="transform">Applied to each [32, 32, 3] uint8 image, for example <c>Transforms.ToTensor()</c>; null returns the array.</param>
    /// <param name="targetTransform">Applied to each label; null keeps it.</param>
    /// <exception cref="FileNotFoundException">A batch file is missing.</exception>
    /// <exception cref="InvalidDataException">A batch file is damaged.</exception>
    public Cifar10(string root, bool train = true, torchvision.ITransform? transform = null, Func<int, int>? targetTransform = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(root)) == FolderName ? root : Path.Combine(root, FolderName);
        string[] files = train ? [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")] : ["test_batch.bin"];
        var missing = files.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException(Messages.DatasetFilesMissing("CIFAR10", folder, missing, "cifar-10-binary.tar.gz (https://www.cs.toronto.edu/~kriz/cifar.html)"), Path.Combine(folder, missing[0]));

        using var scope = NewDisposeScope();
        var parts = files.Select(f => ReadBatch(Path.Combine(folder, f))).ToList();
        var data = cat(parts.Select(p => p.Images).ToArray(), 0).permute(0, 2, 3, 1).contiguous();
        var targets = cat(parts.Select(p => p.Labels).ToArray(), 0);
        var meta = Path.Combine(folder, "batches.meta.txt");
        var classes = File.Exists(meta) ? CifarBinary.ReadNames(meta) : DefaultClasses;
        images = new LabeledImages(data.MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope(), classes);
        this.transform = transform;
        this.targetTransform = targetTransform;
        Train = train;
    }

    /// <summary>
    /// Reads one CIFAR-10 binary batch (records of 1 label byte and 3072 pixel bytes), for example data_batch_1.bin.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>Images uint8 [N, 3, 32, 32] (channels first, as stored) and labels int64 [N] in 0-9. The caller owns both.</returns>
    /// <exception cref="InvalidDataException">The file is not a whole number of records, or holds a label above 9.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static (Tensor Images, Tensor Labels) ReadBatch(string path)
    {
        var (images, labels) = CifarBinary.Read(path, "CIFAR-10", [10]);
        return (images, labels[0]);
    }

    /// <summary>All images, uint8 [N, 32, 32, 3], as torchvision's <c>data</c>. The dataset owns it.</summary>
    public Tensor Data => images.Data;

    /// <summary>All labels, int64 [N] (torchvision's <c>targets</c>, a list there). The dataset owns it.</summary>
    public Tensor Targets => images.Targets;

    /// <summary>The class names, from batches.meta.txt: airplane, automobile, bird ... truck.</summary>
    public IReadOnlyList<string> Classes => images.Classes;

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
        if (disposing) images.Dispose();
        base.Dispose(disposing);
    }
}
