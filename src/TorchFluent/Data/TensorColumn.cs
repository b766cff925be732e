using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Stacks one tensor element of every sample of a batch (PyTorch's default_collate uses torch.stack), as the samples
/// arrive. The usual case (CPU, contiguous, one dtype, no grad) copies each sample's memory straight into its row of
/// a new batch tensor, through a few trivial native calls (<see cref="NativeTensor"/>) instead of torch.stack's
/// dispatch. A row is copied when the next sample arrives (its memory prefetched meanwhile), and the caller then
/// frees that sample, so a batch never holds all its samples' native memory. Any other sample (a view, another
/// dtype, another device, grad-tracking) is kept and stacked at the end, joined to the rows already copied with
/// torch.cat, which promotes dtypes and builds the graph exactly as torch.stack would.
/// </summary>
/// <remarks>One column serves one thread; <see cref="Begin"/> starts each batch.</remarks>
internal sealed unsafe class TensorColumn(int capacity)
{
    readonly Tensor[] kept = new Tensor[capacity];
    CollateContext context;
    int? position;
    int count;
    Tensor? batch;
    byte* target;
    long sampleBytes;
    long[] firstShape = [];
    ScalarType type;
    int copied;
    int keptCount;
    // The last plain sample: its row is copied when the next sample arrives, so the memory read that copy needs
    // (prefetched when the sample arrived) overlaps with the dataset's indexer making the next sample.
    Tensor? pending;
    NativeTensor.Layout pendingLayout;
    int pendingRow;

    public void Begin(int samples, in CollateContext batchContext, int? elementPosition)
    {
        Clear();
        count = samples;
        context = batchContext;
        position = elementPosition;
    }

    /// <summary>True while the column still needs <paramref name="tensor"/> (waiting to be copied, or kept).</summary>
    public bool Holds(Tensor tensor)
    {
        if (ReferenceEquals(pending, tensor)) return true;
        for (var i = 0; i < keptCount; i++)
            if (ReferenceEquals(kept[i], tensor)) return true;
        return false;
    }

    /// <summary>
    /// Takes sample <paramref name="j"/>'s element. <paramref name="done"/> is an earlier sample's tensor whose row has
    /// just been copied: the column no longer needs it.
    /// </summary>
    public void Add(int j, Tensor element, out Tensor? done)
    {
        done = null;
        if (element is null)
            throw new DataLoaderException(Messages.NullElement(context.BatchIndex, context.Indices[j], position), context.BatchIndex, context.Indices[j], null);
        if (element.IsInvalid)
            throw new DataLoaderException(Messages.DisposedElement(context.BatchIndex, context.Indices[j], position), context.BatchIndex, context.Indices[j], null);
        if (j == 0)
        {
            if (NativeTensor.Available && new NativeTensor.Layout(element) is { Plain: true } first)
            {
                StartCopying(first);
                Defer(element, first, 0);
            }
            else
            {
                firstShape = element.shape;
                Keep(element);
            }
            return;
        }
        if (batch is null || keptCount > 0)
        {
            // Stacking at the end anyway; check the shape now so the error names this sample.
            CheckShape(element, j);
            Keep(element);
            return;
        }
        var layout = new NativeTensor.Layout(element);
        if (layout.Rank != firstShape.Length) throw ShapesDiffer(element, j);
        for (var d = 0; d < firstShape.Length; d++)
            if (layout.Size(d) != firstShape[d]) throw ShapesDiffer(element, j);
        if (layout.Type != type || !layout.Plain)
        {
            done = Flush();
            Keep(element);
            return;
        }
        done = Flush();
        Defer(element, layout, j);
    }

    /// <summary>The batch. <paramref name="done"/> is the last sample tensor whose row was copied here.</summary>
    public Tensor Finish(out Tensor? done)
    {
        done = Flush();
        if (keptCount == 0) return Take();
        Tensor rest;
        try
        {
            rest = torch.stack(new ArraySegment<Tensor>(kept, 0, keptCount), 0);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Diagnose(e);
        }
        if (batch is null) return rest;
        using (rest)
        using (var prefix = batch.narrow(0, 0, copied))
        {
            Release();
            return torch.cat([prefix, rest], 0);
        }
    }

    /// <summary>Drops every reference the column holds (the tensors themselves belong to the batch's scope).</summary>
    public void Clear()
    {
        pending = null;
        Array.Clear(kept, 0, keptCount);
        keptCount = 0;
        copied = 0;
        batch = null;
        target = null;
    }

    void StartCopying(NativeTensor.Layout first)
    {
        type = first.Type;
        firstShape = new long[first.Rank];
        var batchShape = new long[first.Rank + 1];
        batchShape[0] = count;
        sampleBytes = first.ElementSize;
        for (var d = 0; d < first.Rank; d++)
        {
            firstShape[d] = batchShape[d + 1] = first.Size(d);
            sampleBytes *= firstShape[d];
        }
        // Registered in the batch's DisposeScope: freed with it if the batch fails, detached by the collation if not.
        batch = torch.empty(batchShape, type);
        target = new NativeTensor.Layout(batch).Data;
    }

    void Defer(Tensor element, NativeTensor.Layout layout, int row)
    {
        var data = layout.Data;
        if (Sse.IsSupported && sampleBytes > 0)
        {
            Sse.Prefetch0(data);
            Sse.Prefetch0(data + sampleBytes - 1);
        }
        (pending, pendingLayout, pendingRow) = (element, layout, row);
    }

    Tensor? Flush()
    {
        if (pending is not { } sample) return null;
        Buffer.MemoryCopy(pendingLayout.Data, target + pendingRow * sampleBytes, sampleBytes, sampleBytes);
        copied = pendingRow + 1;
        pending = null;
        return sample;
    }

    void Keep(Tensor element)
    {
        kept[keptCount++] = element;
    }

    Tensor Take()
    {
        var result = batch!;
        batch = null;
        target = null;
        return result;
    }

    void Release()
    {
        batch?.Dispose();
        batch = null;
        target = null;
    }

    void CheckShape(Tensor element, int j)
    {
        var rank = element.dim();
        if (rank != firstShape.Length) throw ShapesDiffer(element, j);
        for (var d = 0; d < rank; d++)
            if (element.size((int)d) != firstShape[d]) throw ShapesDiffer(element, j);
    }

    DataLoaderException ShapesDiffer(Tensor element, int j) =>
        new(Messages.StackShapesDiffer(context.BatchIndex, position, context.Indices[j], element.shape, context.Indices[0], firstShape),
            context.BatchIndex, context.Indices[j], null);

    DataLoaderException Diagnose(Exception error)
    {
        var dtypes = string.Join(", ", kept.Take(keptCount).Select(t => t.dtype.ToString()).Prepend(batch is null ? null : type.ToString()).OfType<string>().Distinct());
        var devices = string.Join(", ", kept.Take(keptCount).Select(t => t.device.ToString()).Prepend(batch is null ? null : "cpu").OfType<string>().Distinct());
        return new DataLoaderException(
            Messages.StackFailed(context.BatchIndex, position, error.Message.Split('\n', 2)[0].Trim(), ShapeText.Of(firstShape), dtypes, devices),
            context.BatchIndex, null, error);
    }
}
