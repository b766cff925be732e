using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>
/// Idx.Read against torchvision's MNIST readers (uint8) and NumPy's big-endian reading (other types), and Cifar10.ReadBatch /
/// Cifar100.ReadBatch against the images and labels written into the fixture files.
/// </summary>
public sealed class ImageDataReaderConformanceTests
{
    static readonly Golden Goldens = Golden.Load("image_data");
    static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures");

    public ImageDataReaderConformanceTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Read_MnistImageAndLabelFiles_EqualTorchvisionReaders()
    {
        var golden = Goldens["mnist"];
        var raw = Path.Combine(Fixtures, "mnist", "MNIST", "raw");

        using var images = Idx.Read(Path.Combine(raw, "train-images-idx3-ubyte"));
        using var labels = Idx.Read(Path.Combine(raw, "train-labels-idx1-ubyte"));

        TensorAssert.Equal(images, golden.Tensor("images"));
        using var longLabels = labels.to_type(ScalarType.Int64);   // read_label_file returns int64
        labels.dtype.Should().Be(ScalarType.Byte);
        TensorAssert.Equal(longLabels, golden.Tensor("labels"));
    }

    [Fact]
    public void Read_GzipFile_DecompressesOnTheFly()
    {
        using var images = Idx.Read(Path.Combine(Fixtures, "idx", "train-images-idx3-ubyte.gz"));

        TensorAssert.Equal(images, Goldens["mnist"].Tensor("images"));
    }

    [Theory]
    [InlineData("int8")]
    [InlineData("int16")]
    [InlineData("int32")]
    [InlineData("float32")]
    [InlineData("float64")]
    public void Read_MultiByteTypes_AreBigEndianAsNumPyReadsThem(string type)
    {
        using var values = Idx.Read(Path.Combine(Fixtures, "idx", type + ".idx"));

        TensorAssert.Equal(values, Goldens["idx"].Tensor(type));
    }

    [Fact]
    public void ReadBatch10_BinaryBatch_GivesChannelsFirstImagesAndLabels()
    {
        var golden = Goldens["cifar10"];

        var (images, labels) = Cifar10.ReadBatch(Path.Combine(Fixtures, "cifar", "cifar-10-batches-bin", "data_batch_1.bin"));

        using (images)
        using (labels)
        {
            TensorAssert.Equal(images, golden.Tensor("batch1_images"));
            TensorAssert.Equal(labels, golden.Tensor("batch1_labels"));
        }
    }

    [Fact]
    public void ReadBatch10_AllTrainingBatches_InTorchvisionLayoutEqualTheDatasetData()
    {
        var golden = Goldens["cifar10"];
        var folder = Path.Combine(Fixtures, "cifar", "cifar-10-batches-bin");
        var parts = Enumerable.Range(1, 5).Select(i => Cifar10.ReadBatch(Path.Combine(folder, $"data_batch_{i}.bin"))).ToList();

        using var images = cat(parts.Select(p => p.Images).ToArray(), 0);
        using var labels = cat(parts.Select(p => p.Labels).ToArray(), 0);
        using var hwc = images.permute(0, 2, 3, 1);

        // torchvision's CIFAR10.data is [N, 32, 32, 3] (from the pickled batches holding the same images).
        TensorAssert.Equal(hwc, golden.Tensor("train_data_hwc"));
        labels.data<long>().ToArray().Should().Equal(golden.Longs("train_targets"));
        foreach (var (i, l) in parts) { i.Dispose(); l.Dispose(); }
    }

    [Fact]
    public void ReadBatch100_BinaryFile_GivesCoarseAndFineLabels()
    {
        var golden = Goldens["cifar100"];

        var (images, coarse, fine) = Cifar100.ReadBatch(Path.Combine(Fixtures, "cifar", "cifar-100-binary", "train.bin"));

        using (images)
        using (coarse)
        using (fine)
        {
            TensorAssert.Equal(images, golden.Tensor("images"));
            TensorAssert.Equal(coarse, golden.Tensor("coarse"));
            TensorAssert.Equal(fine, golden.Tensor("fine"));
        }
    }
}
