using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// torchvision's <c>MNIST(root, train, transform, target_transform)</c> (and FashionMNIST, KMNIST) from the IDX files in
/// root/MNIST/raw (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte,
/// or the same names ending in .gz). Nothing is downloaded. Sample i is (transform(image), label) where the image is a
/// uint8 [28, 28] array, as torchvision hands its transform a PIL image; <c>Transforms.ToTensor()</c> makes it
/// float32 [1, 28, 28] in [0, 1].
/// </summary>
public sealed class Mnist : Dataset<(Tensor Image, int Label)>
{
    static readonly string[] Digits = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"];
    static readonly string[] Fashion = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
    static readonly string[] Kuzushiji = ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"];

    readonly LabeledImages images;
    readonly torchvision.ITransform? transform;
    readonly Func<int, int>? targetTransform;

    /// <summary>Reads the training (60,000) or test (10,000) images and labels into memory.</summary>
    /// <param name="root">The folder that holds MNIST/raw (FashionMNIST/raw, KMNIST/raw), or the raw folder itself.</param>
    /// <param name="train">True for train-*, false for t10k-*.</param>
    /// <param name="transform">Applied to each [28, 28] uint8 image, for example <c>Transforms.ToTensor()</c>; null returns the array.</param>
    /// <param name="targetTransform">Applied to each label; null keeps it.</param>
    /// <param name="variant">Which data set's folder and class names.</param>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is damaged, or the images and labels do not belong together.</exception>
    public Mnist(string root, bool train = true, torchvision.ITransform? transform = null, Func<int, int>? targetTransform = null, MnistVariant variant = MnistVariant.Mnist)
    {
        ArgumentNullException.ThrowIfNull(root);
        var (name, classes) = variant switch
        {
            MnistVariant.FashionMnist => ("FashionMNIST", Fashion),
            MnistVariant.KMnist => ("KMNIST", Kuzushiji),
            _ => ("MNIST", Digits),
        };
        var raw = Path.Combine(root, name, "raw");
        if (!Directory.Exists(raw) && Directory.Exists(root) && Path.GetFileName(Path.TrimEndingDirectorySeparator(root)) == "raw") raw = root;
        var prefix = train ? "train" : "t10k";
        string imageName = $"{prefix}-images-idx3-ubyte", labelName = $"{prefix}-labels-idx1-ubyte";
        var imagePath = Find(raw, imageName);
        var labelPath = Find(raw, labelName);
        if (imagePath is null || labelPath is null)
        {
            var missing = new[] { (imageName, imagePath), (labelName, labelPath) }.Where(p => p.Item2 is null).Select(p => p.Item1);
            throw new FileNotFoundException(Messages.DatasetFilesMissing(name, raw, missing, $"the four {name} files (for MNIST: http://yann.lecun.com/exdb/mnist/ or a mirror)"), Path.Combine(raw, imageName));
        }

        using var scope = NewDisposeScope();
        var data = Idx.Read(imagePath);
        var labels = Idx.Read(labelPath);
        // torchvision's read_image_file / read_label_file checks.
        if (data.dtype != ScalarType.Byte || data.dim() != 3)
            throw new InvalidDataException(Messages.MnistFileContent(imagePath, "uint8 images [N, H, W]", data.dtype.ToString(), data.shape));
        if (labels.dtype != ScalarType.Byte || labels.dim() != 1)
            throw new InvalidDataException(Messages.MnistFileContent(labelPath, "uint8 labels [N]", labels.dtype.ToString(), labels.shape));
        if (data.shape[0] != labels.shape[0])
            throw new InvalidDataException(Messages.MnistCountsDiffer(imagePath, data.shape[0], labelPath, labels.shape[0]));
        var targets = labels.to_type(ScalarType.Int64);
        images = new LabeledImages(data.MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope(), classes);
        this.transform = transform;
        this.targetTransform = targetTransform;
        Train = train;
    }

    static string? Find(string folder, string name)
    {
        var plain = Path.Combine(folder, name);
        if (File.Exists(plain)) return plain;
        return File.Exists(plain + ".gz") ? plain + ".gz" : null;
    }

    /// <summary>All images, uint8 [N, 28, 28], as torchvision's <c>data</c>. The dataset owns it.</summary>
    public Tensor Data => images.Data;

    /// <summary>All labels, int64 [N], as torchvision's <c>targets</c>. The dataset owns it.</summary>
    public Tensor Targets => images.Targets;

    /// <summary>The class names, as torchvision's <c>classes</c> ("0 - zero" ... for MNIST).</summary>
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
