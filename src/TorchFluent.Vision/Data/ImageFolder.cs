using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torchvision.io;

namespace TorchFluent;

/// <summary>
/// torchvision's <c>ImageFolder(root, transform, target_transform, loader)</c>: one subfolder of <c>root</c> per class,
/// holding that class's images (root/cat/1.png, root/dog/nested/2.jpg ...). Classes are the subfolder names sorted
/// ordinally (upper case before lower case, as Python sorts them) and numbered from 0; the images of each class are
/// found in all its subfolders and sorted by path, as torchvision does. Sample i is (transform(image), label), where
/// the image is read as a uint8 [H, W, 3] RGB array — what torchvision's default loader hands its transform as a PIL
/// image — so <c>Transforms.ToTensor()</c> is the usual first transform.
/// </summary>
/// <remarks>Images are read from disk at each access (nothing is cached); with several loader workers they are read in parallel.</remarks>
public sealed class ImageFolder : Dataset<(Tensor Image, int Label)>
{
    /// <summary>torchvision's IMG_EXTENSIONS, the default file filter (compared case-insensitively).</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"];

    readonly torchvision.ITransform? transform;
    readonly Func<int, int>? targetTransform;
    readonly Func<string, Tensor> loader;
    readonly (string Path, int Label)[] samples;

    /// <summary>Scans <paramref name="root"/> for classes and images (the images are read later, one per access).</summary>
    /// <param name="root">The folder whose subfolders are the classes.</param>
    /// <param name="transform">Applied to each image, for example <c>Transforms.Compose(Transforms.ToTensor(), ...)</c>; null returns the array.</param>
    /// <param name="targetTransform">Applied to each label; null keeps it.</param>
    /// <param name="loader">Reads one file into a tensor; <c>Images.Open(path, ImageReadMode.RGB)</c> ([H, W, 3] uint8) when null.</param>
    /// <param name="extensions">The file extensions that count as images; <see cref="ImageExtensions"/> when null.</param>
    /// <exception cref="DirectoryNotFoundException">The root folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The root has no class folders, or a class folder has no images.</exception>
    public ImageFolder(string root, torchvision.ITransform? transform = null, Func<int, int>? targetTransform = null,
        Func<string, Tensor>? loader = null, IReadOnlyList<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException(Messages.ImageFolderNoRoot(root));
        var allowed = extensions ?? ImageExtensions;
        var classes = new DirectoryInfo(root).EnumerateDirectories().Select(d => d.Name).Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0) throw new FileNotFoundException(Messages.ImageFolderNoClasses(root), root);

        var found = new List<(string, int)>();
        var empty = new List<string>();
        for (var label = 0; label < classes.Length; label++)
        {
            var before = found.Count;
            // os.walk sorted by folder path, then each folder's files sorted by name.
            var folders = new List<string> { Path.Combine(root, classes[label]) };
            folders.AddRange(Directory.EnumerateDirectories(folders[0], "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }));
            foreach (var folder in folders.Order(StringComparer.Ordinal))
            {
                var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { AttributesToSkip = 0 })
                    .Where(f => allowed.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                    .Order(StringComparer.Ordinal);
                foreach (var file in files) found.Add((file, label));
            }
            if (found.Count == before) empty.Add(classes[label]);
        }
        if (empty.Count > 0) throw new FileNotFoundException(Messages.ImageFolderEmptyClasses(root, empty, allowed), Path.Combine(root, empty[0]));

        samples = [.. found];
        Root = root;
        Classes = classes;
        ClassToIndex = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        this.transform = transform;
        this.targetTransform = targetTransform;
        this.loader = loader ?? (path => Images.Open(path, ImageReadMode.RGB));
    }

    /// <summary>The root folder.</summary>
    public string Root { get; }

    /// <summary>The class names: the subfolder names, sorted ordinally (torchvision's <c>classes</c>).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>torchvision's <c>class_to_idx</c>: class name to label.</summary>
    public IReadOnlyDictionary<string, int> ClassToIndex { get; }

    /// <summary>torchvision's <c>samples</c>: (file path, label) of every image, in sample order.</summary>
    public IReadOnlyList<(string Path, int Label)> Samples => samples;

    /// <summary>torchvision's <c>targets</c>: the label of every sample.</summary>
    public IReadOnlyList<int> Targets => samples.Select(s => s.Label).ToArray();

    /// <inheritdoc/>
    public override int Count => samples.Length;

    /// <summary>Reads sample <paramref name="index"/>: (transform(image), targetTransform(label)).</summary>
    /// <param name="index">The sample index, <c>0 &lt;= index &lt; Count</c>.</param>
    /// <exception cref="InvalidDataException">The file cannot be decoded; the message names it.</exception>
    public override (Tensor Image, int Label) this[int index]
    {
        get
        {
            if ((uint)index >= (uint)samples.Length) throw new ArgumentOutOfRangeException(nameof(index), index, Messages.IndexOutOfRange(index, samples.Length));
            var (path, label) = samples[index];
            var image = loader(path);
            if (transform is not null)
            {
                // A TorchVision transform may hand its input back; free the loaded array only when it did not.
                var result = transform.call(image);
                if (!ReferenceEquals(result, image)) image.Dispose();
                image = result;
            }
            return (image, targetTransform is null ? label : targetTransform(label));
        }
    }
}
