using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// What MNIST and CIFAR share: all images in one uint8 tensor (as torchvision's <c>data</c>), labels in an int64
/// tensor, and an indexer that hands one image to the transform, as torchvision hands it a PIL image.
/// </summary>
internal sealed class LabeledImages : IDisposable
{
    readonly long[] labels;

    public LabeledImages(Tensor data, Tensor targets, IReadOnlyList<string> classes)
    {
        // Owned here, detached from any scope the caller has open: a dataset outlives the scope it was made in.
        Data = data.DetachFromDisposeScope();
        Targets = targets.DetachFromDisposeScope();
        labels = targets.data<long>().ToArray();
        Classes = classes;
        ClassToIndex = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
    }

    public Tensor Data { get; }

    public Tensor Targets { get; }

    public IReadOnlyList<string> Classes { get; }

    public IReadOnlyDictionary<string, int> ClassToIndex { get; }

    public int Count => labels.Length;

    public (Tensor Image, int Label) Sample(int index, TorchSharp.torchvision.ITransform? transform, Func<int, int>? targetTransform)
    {
        if ((uint)index >= (uint)labels.Length) throw new ArgumentOutOfRangeException(nameof(index), index, Messages.IndexOutOfRange(index, labels.Length));
        var label = (int)labels[index];
        var image = Data[index];
        if (transform is not null)
        {
            // A TorchVision transform may hand its input back; free the view only when it did not.
            var result = transform.call(image);
            if (!ReferenceEquals(result, image)) image.Dispose();
            image = result;
        }
        return (image, targetTransform is null ? label : targetTransform(label));
    }

    public void Dispose()
    {
        Data.Dispose();
        Targets.Dispose();
    }
}
