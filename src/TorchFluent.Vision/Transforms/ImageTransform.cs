using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// One transform: a description (its ToString, shaped like torchvision's repr) and the function it applies. Implements
/// TorchVision's <see cref="torchvision.ITransform"/>, so TorchFluent's transforms and TorchVision's mix in a
/// <see cref="Transforms.Compose(torchvision.ITransform[])"/> and anywhere TorchSharp takes a transform.
/// </summary>
/// <remarks>
/// The result is always a new tensor the caller owns; the input is never disposed or modified. A libtorch failure
/// comes out as <see cref="TorchOperationException"/> naming the transform and the input's shape, dtype and device.
/// </remarks>
internal sealed class ImageTransform(string description, Func<Tensor, Tensor> apply) : torchvision.ITransform
{
    public Tensor call(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TorchRuntime.EnsureLoaded();
        try
        {
            return ImageOps.Owned(apply(input), input);
        }
        catch (Exception e) when (TorchOperationException.IsNative(e))
        {
            // The checks before each transform catch the usual mistakes; name the transform for anything libtorch finds.
            throw TorchOperationException.Create(Name, e, input);
        }
    }

    /// <summary>The transform's name: its description up to the first parenthesis ("Resize" for "Resize(size=...)").</summary>
    string Name => description.IndexOf('(') is var open and > 0 ? description[..open] : description;

    public override string ToString() => description;
}

/// <summary>
/// Compose: applies transforms in order and frees every intermediate result (TorchVision's Compose leaves them to the
/// GC). The caller's input is never disposed, even when a transform hands it back unchanged.
/// </summary>
internal sealed class ComposeTransform(torchvision.ITransform[] transforms) : torchvision.ITransform
{
    public Tensor call(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = input;
        try
        {
            foreach (var transform in transforms)
            {
                var next = transform.call(current);
                if (!ReferenceEquals(current, input) && !ReferenceEquals(next, current)) current.Dispose();
                current = next;
            }
        }
        catch
        {
            if (!ReferenceEquals(current, input)) current.Dispose();
            throw;
        }
        return ReferenceEquals(current, input) ? input.alias() : current;
    }

    public override string ToString() =>
        "Compose(" + string.Concat(transforms.Select(t => "\n    " + (t.ToString() ?? "").Replace("\n", "\n    ", StringComparison.Ordinal))) + "\n)";
}
