using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>
/// ImageFolder, Mnist and Cifar10 against torchvision 0.14's datasets on the same fixture files: classes,
/// class_to_idx, sample order, targets, and samples through ToTensor.
/// </summary>
public sealed class ImageDatasetConformanceTests
{
    static readonly Golden Goldens = Golden.Load("image_data");
    static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures");

    public ImageDatasetConformanceTests() => TorchRuntime.EnsureLoaded();

    static Dictionary<string, int> ClassToIndex(GoldenCase golden) =>
        golden.Element.GetProperty("class_to_idx").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

    [Fact]
    public void ImageFolder_ClassesSamplesAndImages_MatchTorchvision()
    {
        var golden = Goldens["imagefolder"];
        var root = Path.Combine(Fixtures, "imagefolder");
        using var folder = new ImageFolder(root, Transforms.ToTensor());

        folder.Classes.Should().Equal(golden.Strings("classes")).And.Equal("Zebra", "ant", "cat", "dog");
        folder.ClassToIndex.Should().BeEquivalentTo(ClassToIndex(golden));
        folder.Samples.Select(s => Path.GetRelativePath(root, s.Path)).Should().Equal(golden.Strings("samples"));
        folder.Targets.Select(t => (long)t).Should().Equal(golden.Longs("targets"));
        var images = golden.Tensors("images");
        folder.Count.Should().Be(images.Count);
        for (var i = 0; i < folder.Count; i++)
        {
            var (image, label) = folder[i];
            using (image)
            {
                label.Should().Be((int)golden.Longs("targets")[i]);
                // One JPEG among the PNGs and the BMP: Skia's and Pillow's decoders may differ by one level (1/255).
                TensorAssert.Equal(image, images[i], atol: folder.Samples[i].Path.EndsWith(".jpg", StringComparison.Ordinal) ? 1.0 / 255 + 1e-7 : 0);
            }
        }
    }

    [Fact]
    public void ImageFolder_ClassWithoutImages_IsReportedLikeTorchvision()
    {
        var golden = Goldens["imagefolder"];
        var root = Path.Combine(Fixtures, "imagefolder_empty_class");

        var act = () => new ImageFolder(root);

        golden.String("empty_class_error").Should().StartWith("Found no valid file for the classes b. ");
        act.Should().Throw<FileNotFoundException>().Which.Message.Should().StartWith($"ImageFolder found no images for the classes b in {root}.");
    }

    [Fact]
    public void Mnist_TrainAndTest_MatchTorchvision()
    {
        var golden = Goldens["mnist"];
        using var train = new Mnist(Path.Combine(Fixtures, "mnist"), train: true, transform: Transforms.ToTensor());
        using var test = new Mnist(Path.Combine(Fixtures, "mnist"), train: false);

        train.Count.Should().Be((int)golden.Long("length"));
        test.Count.Should().Be((int)golden.Long("test_length"));
        train.Classes.Should().Equal(golden.Strings("classes"));
        TensorAssert.Equal(train.Data, golden.Tensor("images"));
        TensorAssert.Equal(train.Targets, golden.Tensor("labels"));
        TensorAssert.Equal(test.Data, golden.Tensor("test_data"));
        foreach (var i in new[] { 0, 4 })
        {
            var (image, label) = train[i];
            using (image)
            {
                TensorAssert.Equal(image, golden.Tensor($"sample{i}_image"));
                label.Should().Be((int)golden.Long($"sample{i}_label"));
            }
        }
        var (raw, testLabel) = test[2];
        using (raw)
        {
            raw.dtype.Should().Be(ScalarType.Byte, "without a transform the sample is the [28, 28] array");
            raw.shape.Should().Equal(28, 28);
            testLabel.Should().Be((int)golden.Long("test_sample2_label"));
        }
    }

    [Fact]
    public void Cifar10_BinaryFiles_MatchTorchvisionOnThePickledCopy()
    {
        var golden = Goldens["cifar10"];
        using var train = new Cifar10(Path.Combine(Fixtures, "cifar"), train: true, transform: Transforms.ToTensor());
        using var test = new Cifar10(Path.Combine(Fixtures, "cifar"), train: false);

        train.Count.Should().Be((int)golden.Long("train_length"));
        test.Count.Should().Be((int)golden.Long("test_length"));
        TensorAssert.Equal(train.Data, golden.Tensor("train_data_hwc"));
        train.Targets.data<long>().ToArray().Should().Equal(golden.Longs("train_targets"));
        test.Targets.data<long>().ToArray().Should().Equal(golden.Longs("test_targets"));
        train.Classes.Should().Equal(golden.Strings("classes"));
        train.ClassToIndex.Should().BeEquivalentTo(ClassToIndex(golden));
        var (image, label) = train[3];
        using (image)
        {
            TensorAssert.Equal(image, golden.Tensor("train_sample3_image"));
            label.Should().Be((int)golden.Long("train_sample3_label"));
        }
    }

    [Fact]
    public void Cifar100_BinaryFile_HasFineTargetsAndCoarseOnes()
    {
        var golden = Goldens["cifar100"];
        using var data = new Cifar100(Path.Combine(Fixtures, "cifar"), train: false);

        TensorAssert.Equal(data.Targets, golden.Tensor("fine"));
        TensorAssert.Equal(data.CoarseTargets, golden.Tensor("coarse"));
        data.Classes.Should().HaveCount(100);
        data.CoarseClasses.Should().HaveCount(20);
        using var chw = data.Data.permute(0, 3, 1, 2);
        TensorAssert.Equal(chw, golden.Tensor("images"));
    }

    [Fact]
    public void ImageFolder_ThroughDataLoader_GivesCollatedBatches()
    {
        var root = Path.Combine(Fixtures, "imagefolder");
        using var folder = new ImageFolder(root, Transforms.Compose(Transforms.ToTensor(), Transforms.Resize((4, 4))));
        using var loader = DataLoader.From(folder).Batch(4).Build();

        var shapes = new List<string>();
        var labels = new List<long>();
        foreach (var (images, targets) in loader)
        {
            shapes.Add($"{string.Join("x", images.shape)} {targets.dtype}");
            labels.AddRange(targets.data<long>().ToArray());
        }

        shapes.Should().Equal("4x3x4x4 Int64", "4x3x4x4 Int64", "1x3x4x4 Int64");
        labels.Should().Equal(Goldens["imagefolder"].Longs("targets"));
    }
}
