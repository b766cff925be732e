using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class ImageDatasetsTests : IDisposable
{
    readonly string root = TestPaths.NewTempFolder("tf-datasets");

    public ImageDatasetsTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(root, recursive: true);

    string Raw(string variant = "MNIST")
    {
        var raw = Path.Combine(root, variant, "raw");
        Directory.CreateDirectory(raw);
        return raw;
    }

    void WriteMnist(string raw, string prefix, int count, bool gzip = false)
    {
        var suffix = gzip ? ".gz" : "";
        using var images = randint(0, 256, [count, 28, 28], dtype: ScalarType.Byte);
        using var labels = arange(count).remainder(10).to_type(ScalarType.Byte);
        Idx.Write(images, Path.Combine(raw, $"{prefix}-images-idx3-ubyte{suffix}"));
        Idx.Write(labels, Path.Combine(raw, $"{prefix}-labels-idx1-ubyte{suffix}"));
    }

    [Fact]
    public void Mnist_GzipFilesAndTargetTransform_AreUsed()
    {
        WriteMnist(Raw("FashionMNIST"), "t10k", 6, gzip: true);

        using var data = new Mnist(root, train: false, targetTransform: l => l * 10, variant: MnistVariant.FashionMnist);

        data.Count.Should().Be(6);
        data.Classes[0].Should().Be("T-shirt/top");
        data.ClassToIndex["Ankle boot"].Should().Be(9);
        var (image, label) = data[3];
        using (image) image.shape.Should().Equal(28, 28);
        label.Should().Be(30);
    }

    [Fact]
    public void Mnist_MissingFiles_SaysWhereAndThatNothingIsDownloaded()
    {
        var raw = Raw();
        WriteMnist(raw, "train", 2);
        File.Delete(Path.Combine(raw, "train-labels-idx1-ubyte"));

        var act = () => new Mnist(root);

        act.Should().Throw<FileNotFoundException>().Which.Message.Should().Be(
            $"MNIST cannot find its files in {raw}.\n" +
            "Expected: train-labels-idx1-ubyte in that folder (or the same names ending in .gz).\n" +
            "Received: a folder without them.\n" +
            $"Fix: nothing is downloaded here; get the four MNIST files (for MNIST: http://yann.lecun.com/exdb/mnist/ or a mirror) and extract it so that the files sit in {raw}, or pass the root folder that holds it.");
    }

    [Fact]
    public void Mnist_SwappedFiles_SaysWhichFileHoldsWhat()
    {
        var raw = Raw();
        using var labels = zeros([3], ScalarType.Byte);
        using var images = zeros([3, 28, 28], ScalarType.Byte);
        Idx.Write(labels, Path.Combine(raw, "train-images-idx3-ubyte"));
        Idx.Write(images, Path.Combine(raw, "train-labels-idx1-ubyte"));

        var act = () => new Mnist(root);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"The MNIST file {Path.Combine(raw, "train-images-idx3-ubyte")} does not hold uint8 images [N, H, W].\n" +
            "Expected: uint8 images [N, H, W].\n" +
            "Received: Byte [3].\n" +
            "Fix: check that the images and labels files were not swapped or renamed, and extract them again.");
    }

    [Fact]
    public void Mnist_CountsDiffer_NamesBothFiles()
    {
        var raw = Raw();
        using var images = zeros([3, 28, 28], ScalarType.Byte);
        using var labels = zeros([2], ScalarType.Byte);
        Idx.Write(images, Path.Combine(raw, "train-images-idx3-ubyte"));
        Idx.Write(labels, Path.Combine(raw, "train-labels-idx1-ubyte"));

        var act = () => new Mnist(root);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            "The MNIST files hold 3 images but 2 labels.\n" +
            "Expected: one label per image.\n" +
            $"Received: 3 images in {Path.Combine(raw, "train-images-idx3-ubyte")}, 2 labels in {Path.Combine(raw, "train-labels-idx1-ubyte")}.\n" +
            "Fix: use the images and labels files of the same split (train-* with train-*, t10k-* with t10k-*).");
    }

    [Fact]
    public void Mnist_IndexOutOfRange_Throws()
    {
        WriteMnist(Raw(), "train", 2);
        using var data = new Mnist(root);

        var act = () => data[2];

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("index");
    }

    [Fact]
    public void Cifar10_MissingBatches_ListsThem()
    {
        var folder = Path.Combine(root, Cifar10.FolderName);
        Directory.CreateDirectory(folder);

        var act = () => new Cifar10(root, train: false);

        act.Should().Throw<FileNotFoundException>().Which.Message.Should().Be(
            $"CIFAR10 cannot find its files in {folder}.\n" +
            "Expected: test_batch.bin in that folder.\n" +
            "Received: a folder without them.\n" +
            $"Fix: nothing is downloaded here; get cifar-10-binary.tar.gz (https://www.cs.toronto.edu/~kriz/cifar.html) and extract it so that the files sit in {folder}, or pass the root folder that holds it.");
    }

    [Fact]
    public void Cifar10_WithoutMetaFile_UsesTheStandardClassNames()
    {
        var folder = Path.Combine(root, Cifar10.FolderName);
        Directory.CreateDirectory(folder);
        var record = new byte[3073];
        record[0] = 3;
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), record);

        using var data = new Cifar10(folder, train: false, transform: Transforms.ToTensor());

        data.Classes.Should().Equal("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
        var (image, label) = data[0];
        using (image) image.shape.Should().Equal(3, 32, 32);
        label.Should().Be(3);
    }

    [Fact]
    public void ImageFolder_MissingRoot_SaysHowRelativePathsResolve()
    {
        var missing = Path.Combine(root, "nope");

        var act = () => new ImageFolder(missing);

        act.Should().Throw<DirectoryNotFoundException>().Which.Message.Should().Be(
            $"ImageFolder's root folder {missing} does not exist.\n" +
            "Expected: an existing folder with one subfolder per class.\n" +
            $"Received: {missing} (full path: {missing}).\n" +
            "Fix: check the path; a relative path is resolved from the current directory, not from the program's folder.");
    }

    [Fact]
    public void ImageFolder_NoSubfolders_SaysWhatLayoutIsExpected()
    {
        File.WriteAllText(Path.Combine(root, "a.png"), "");

        var act = () => new ImageFolder(root);

        act.Should().Throw<FileNotFoundException>().Which.Message.Should().Be(
            $"ImageFolder found no class folders in {root}.\n" +
            "Expected: one subfolder per class, holding that class's images (root/cat/1.png, root/dog/2.png ...).\n" +
            "Received: a folder without subfolders.\n" +
            "Fix: pass the folder whose subfolders are the classes (for a train/val layout, root/train rather than root).");
    }

    [Fact]
    public void ImageFolder_EmptyClasses_ListsThemAndTheExtensions()
    {
        Directory.CreateDirectory(Path.Combine(root, "b"));
        Directory.CreateDirectory(Path.Combine(root, "a"));
        File.WriteAllText(Path.Combine(root, "a", "notes.txt"), "");

        var act = () => new ImageFolder(root, extensions: [".png"]);

        act.Should().Throw<FileNotFoundException>().Which.Message.Should().Be(
            $"ImageFolder found no images for the classes a, b in {root}.\n" +
            "Expected: at least one file per class folder with one of the extensions .png.\n" +
            "Received: class folders without such files.\n" +
            "Fix: remove the empty class folders, add their images, or pass the extensions your files use.");
    }

    [Fact]
    public void ImageFolder_CustomLoaderAndCorruptFile_AreUsedAndReported()
    {
        Directory.CreateDirectory(Path.Combine(root, "x"));
        File.WriteAllText(Path.Combine(root, "x", "broken.png"), "not a png");
        using var folder = new ImageFolder(root);
        using var custom = new ImageFolder(root, loader: path => full([2, 2, 3], (byte)7, ScalarType.Byte));

        var act = () => folder[0];
        var (image, label) = custom[0];

        act.Should().Throw<InvalidDataException>().Which.Message.Should().StartWith($"The image {Path.Combine(root, "x", "broken.png")} could not be decoded");
        using (image) image.sum().item<long>().Should().Be(7 * 12);
        label.Should().Be(0);
    }

    [Fact]
    public void ImageFolder_WithLoaderWorkers_GivesTheSameBatchesAsOneThread()
    {
        for (var c = 0; c < 3; c++)
        {
            Directory.CreateDirectory(Path.Combine(root, $"class{c}"));
            for (var i = 0; i < 5; i++)
            {
                using var img = randint(0, 256, [3, 8 + i, 9], dtype: ScalarType.Byte);
                Images.Write(img, Path.Combine(root, $"class{c}", $"{i}.png"));
            }
        }
        using var folder = new ImageFolder(root, Transforms.Compose(Transforms.ToTensor(), Transforms.CenterCrop(6)));
        using var serial = DataLoader.From(folder).Batch(4).Build();
        using var parallel = DataLoader.From(folder).Batch(4).Workers(2).Build();

        var expected = serial.Select(b => (b.Item1.clone().DetachFromDisposeScope(), b.Item2.data<long>().ToArray())).ToList();
        var actual = parallel.Select(b => (b.Item1.clone().DetachFromDisposeScope(), b.Item2.data<long>().ToArray())).ToList();

        actual.Should().HaveCount(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            actual[i].Item1.equal(expected[i].Item1).all().item<bool>().Should().BeTrue();
            actual[i].Item2.Should().Equal(expected[i].Item2);
            actual[i].Item1.Dispose();
            expected[i].Item1.Dispose();
        }
    }
}
