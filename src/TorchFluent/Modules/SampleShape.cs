namespace TorchFluent;

/// <summary>
/// What <see cref="SequentialBuilder"/> knows about the shape of one sample (no batch dimension) flowing out of the
/// last layer added: the whole shape, or only its first dimension (channels after a convolution whose input size is
/// unknown), or nothing (after an arbitrary module).
/// </summary>
internal sealed class SampleShape
{
    long[]? dims;
    long? channels;

    /// <summary>The whole per-sample shape, when known.</summary>
    public long[]? Dims => dims;

    /// <summary>The first per-sample dimension (features of a vector, channels of an image), when known.</summary>
    public long? Leading => dims is { Length: > 0 } d ? d[0] : channels;

    /// <summary>The last dimension (what Linear and LayerNorm act on), when known.</summary>
    public long? Last => dims is { Length: > 0 } d ? d[^1] : null;

    public void Set(long[] shape)
    {
        dims = shape;
        channels = null;
    }

    public void SetChannelsOnly(long count)
    {
        dims = null;
        channels = count;
    }

    public void Forget()
    {
        dims = null;
        channels = null;
    }

    /// <summary>Replaces the last dimension (Linear). With nothing known, assumes (N, features) input, the MLP case.</summary>
    public void ReplaceLast(long value)
    {
        if (dims is { Length: > 0 } d)
        {
            var copy = (long[])d.Clone();
            copy[^1] = value;
            Set(copy);
        }
        else if (channels is null)
        {
            Set([value]);
        }
        else
        {
            // Channels known, spatial size unknown: a Linear acts on the unknown last dimension.
            Forget();
        }
    }

    public override string ToString() => dims is null
        ? channels is null ? "unknown" : $"[{channels}, ?, ?]"
        : "[" + string.Join(", ", dims) + "]";

    /// <summary>PyTorch's output size of a convolution or pooling window along one dimension (floor mode).</summary>
    public static long WindowOutput(long size, long kernel, long stride, long padding, long dilation = 1) =>
        (size + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
}
