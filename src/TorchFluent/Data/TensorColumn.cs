using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Stacks one tensor element of every sample of a batch (PyTorch's <c>default_collate</c> uses <c>torch.stack</c>),
/// as the samples arrive. While every element is a plain tensor (CPU, contiguous, one dtype, no grad), each one's
/// memory is copied into its row of a new batch tensor, its layout read through a few trivial native calls
/// (<see cref="NativeTensor"/>) instead of torch.stack's dispatch. Once an element is not plain (a view, another
/// dtype, another device, grad-tracking), the rest of the batch goes through torch.stack itself, joined to the rows
/// already copied with torch.cat, which promotes dtypes and builds the graph as torch.stack would.
/// </summary>
/// <remarks>
/// <para>
/// The collation copies a sample's rows when the next sample has arrived (<see cref="CopyUpTo"/>) and then frees it:
/// each element's memory is prefetched when it arrives, so the copy finds it in cache after the dataset's indexer has
/// made the next sample; and a batch never holds more than two samples, which keeps libtorch's many small allocations
/// per sample in the allocator's per-thread cache (holding all sixteen samples of a batch and freeing them together
/// measured 1.5 us per batch slower for that reason alone).
/// </para>
/// <para>One column serves one thread; <see cref="Begin"/> starts each batch.</para>
/// </remarks>
internal sealed unsafe class TensorColumn(int capacity)
{
    readonly Tensor[] elements = new Tensor[capacity];
    readonly nint[] rows = new nint[capacity];
    CollateContext context;
    int? position;
    int count;
    long[] shape = [];
    ScalarType type;
    long sampleBytes;
    Tensor? batch;
    byte* target;
    int copied;

    /// <summary>True while every element so far can be copied as memory (then <see cref="CopyUpTo"/> copies rows).</summary>
    public bool Streaming { get; private set; }

    public void Begin(int samples, in CollateContext batchContext, int? elementPosition)
    {
        Clear();
        (count, context, position) = (samples, batchContext, elementPosition);
        Streaming = NativeTensor.Available;
    }

    /// <summary>The element of sample <paramref name="j"/>, while the column still holds it.</summary>
    public Tensor? At(int j) => j < count ? elements[j] : null;

    /// <summary>Takes sample <paramref name="j"/>'s element: checks it, and prefetches its memory while streaming.</summary>
    public void Add(int j, Tensor element)
    {
        if (element is null)
            throw new DataLoaderException(Messages.NullElement(context.BatchIndex, context.Indices[j], position), context.BatchIndex, context.Indices[j], null);
        if (element.IsInvalid)
            throw new DataLoaderException(Messages.DisposedElement(context.BatchIndex, context.Indices[j], position), context.BatchIndex, context.Indices[j], null);
        elements[j] = element;
        if (!NativeTensor.Available)
        {
            if (j == 0) shape = element.shape;
            else CheckShape(element, j);
            return;
        }
        var layout = new NativeTensor.Layout(element);
        if (j == 0)
        {
            Start(layout);
        }
        else
        {
            if (layout.Rank != shape.Length) throw ShapesDiffer(j);
            for (var d = 0; d < shape.Length; d++)
                if (layout.Size(d) != shape[d]) throw ShapesDiffer(j);
            if (Streaming && (!layout.Plain || layout.Type != type)) Streaming = false;
        }
        if (!Streaming) return;
        var data = layout.Data;
        rows[j] = (nint)data;
        if (Sse.IsSupported && sampleBytes > 0)
        {
            Sse.Prefetch0(data);
            Sse.Prefetch0(data + sampleBytes - 1);
        }
    }

    /// <summary>Copies the rows of samples up to <paramref name="end"/> (exclusive) into the batch, while streaming.</summary>
    public void CopyUpTo(int end)
    {
        if (!Streaming) return;
        if (batch is null)
        {
            var batchShape = new long[shape.Length + 1];
            batchShape[0] = count;
            shape.CopyTo(batchShape, 1);
            // Registered in the batch's scope: freed with it if the batch fails, detached by the collation if not.
            batch = torch.empty(batchShape, type);
            target = new NativeTensor.Layout(batch).Data;
        }
        for (; copied < end; copied++)
            Buffer.MemoryCopy((void*)rows[copied], target + copied * sampleBytes, sampleBytes, sampleBytes);
    }

    /// <summary>The batch tensor (registered in the batch's scope).</summary>
    public Tensor Finish()
    {
        if (Streaming)
        {
            CopyUpTo(count);
            var result = batch!;
            batch = null;
            return result;
        }
        Tensor rest;
        try
        {
            rest = torch.stack(new ArraySegment<Tensor>(elements, copied, count - copied), 0);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Diagnose(e);
        }
        if (copied == 0) return rest;
        using (rest)
        using (var prefix = batch!.narrow(0, 0, copied))
            return torch.cat([prefix, rest], 0);
    }

    /// <summary>Drops every reference the column holds (the tensors themselves belong to the batch's scope).</summary>
    public void Clear()
    {
        Array.Clear(elements, 0, count);
        count = 0;
        copied = 0;
        batch = null;
        target = null;
    }

    void Start(NativeTensor.Layout first)
    {
        Streaming = first.Plain;
        type = first.Type;
        if (shape.Length != first.Rank) shape = new long[first.Rank];
        sampleBytes = first.ElementSize;
        for (var d = 0; d < shape.Length; d++)
        {
            shape[d] = first.Size(d);
            sampleBytes *= shape[d];
        }
    }

    void CheckShape(Tensor element, int j)
    {
        var rank = element.dim();
        if (rank != shape.Length) throw ShapesDiffer(j);
        for (var d = 0; d < rank; d++)
            if (element.size((int)d) != shape[d]) throw ShapesDiffer(j);
    }

    DataLoaderException ShapesDiffer(int j) =>
        // A copy of the first shape: the column reuses its array for the next batch.
        new(Messages.StackShapesDiffer(context.BatchIndex, position, context.Indices[j], elements[j].shape, context.Indices[0], shape.ToArray()),
            context.BatchIndex, context.Indices[j], null);

    DataLoaderException Diagnose(Exception error)
    {
        var stacked = elements.Skip(copied).Take(count - copied).ToList();
        var dtypes = string.Join(", ", stacked.Select(t => t.dtype.ToString()).Prepend(copied > 0 ? type.ToString() : null).OfType<string>().Distinct());
        var devices = string.Join(", ", stacked.Select(t => t.device.ToString()).Prepend(copied > 0 ? "cpu" : null).OfType<string>().Distinct());
        return new DataLoaderException(
            Messages.StackFailed(context.BatchIndex, position, error.Message.Split('\n', 2)[0].Trim(), ShapeText.Of(shape), dtypes, devices),
            context.BatchIndex, null, error);
    }
}
