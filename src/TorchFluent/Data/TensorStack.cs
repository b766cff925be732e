using System.Buffers;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Stacks one tensor element of every sample of a batch into the batch tensor (PyTorch's <c>default_collate</c> uses
/// <c>torch.stack</c>). The usual batch (CPU, contiguous, one dtype, no grad) is made by copying each sample's memory
/// into its row of a new tensor, reading layouts through a few trivial native calls (<see cref="NativeTensor"/>)
/// instead of torch.stack's dispatch. Any other batch (a view, mixed dtypes, another device, grad-tracking) goes
/// through torch.stack itself, which promotes dtypes and builds the graph exactly as PyTorch's does.
/// </summary>
/// <remarks>
/// The whole batch is checked before anything is copied, in one pass over the samples that also prefetches each
/// sample's memory, so the copies that follow find it in cache; the samples are freed afterwards with the batch's
/// scope (<see cref="BatchScope"/>). As in PyTorch, a batch's samples are all alive while it is made.
/// </remarks>
internal static unsafe class TensorStack
{
    /// <summary>Batch shapes up to this rank are checked without allocating.</summary>
    const int InlineRank = 8;

    /// <summary>Batches up to this size keep their row pointers on the stack.</summary>
    const int InlineRows = 256;

    /// <param name="elements">The elements, one per sample, in batch order.</param>
    /// <param name="count">How many of <paramref name="elements"/> belong to the batch.</param>
    /// <param name="context">The batch, for messages.</param>
    /// <param name="position">The element's position in a tuple or array sample, or null for a one-element sample.</param>
    public static Tensor Stack(Tensor[] elements, int count, in CollateContext context, int? position)
    {
        for (var j = 0; j < count; j++)
        {
            var element = elements[j];
            if (element is null)
                throw new DataLoaderException(Messages.NullElement(context.BatchIndex, context.Indices[j], position), context.BatchIndex, context.Indices[j], null);
            if (element.IsInvalid)
                throw new DataLoaderException(Messages.DisposedElement(context.BatchIndex, context.Indices[j], position), context.BatchIndex, context.Indices[j], null);
        }
        if (!NativeTensor.Available) return StackManaged(elements, count, context, position);

        var first = new NativeTensor.Layout(elements[0]);
        var rank = (int)first.Rank;
        Span<long> shape = rank <= InlineRank ? stackalloc long[InlineRank] : new long[rank];
        shape = shape[..rank];
        for (var d = 0; d < rank; d++) shape[d] = first.Size(d);

        nint[]? rented = null;
        Span<nint> rows = count <= InlineRows ? stackalloc nint[InlineRows] : (rented = ArrayPool<nint>.Shared.Rent(count));
        try
        {
            var plain = first.Plain;
            var type = first.Type;
            var sampleBytes = first.ElementSize;
            foreach (var size in shape) sampleBytes *= size;
            for (var j = 0; j < count; j++)
            {
                var layout = j == 0 ? first : new NativeTensor.Layout(elements[j]);
                if (j > 0)
                {
                    if (layout.Rank != rank) throw ShapesDiffer(elements, j, context, position, shape);
                    for (var d = 0; d < rank; d++)
                        if (layout.Size(d) != shape[d]) throw ShapesDiffer(elements, j, context, position, shape);
                }
                if (!plain) continue;
                if (!layout.Plain || layout.Type != type)
                {
                    // Still checking the remaining shapes, so a shape error names its sample whichever path stacks.
                    plain = false;
                    continue;
                }
                var data = layout.Data;
                rows[j] = (nint)data;
                if (Sse.IsSupported && sampleBytes > 0)
                {
                    Sse.Prefetch0(data);
                    Sse.Prefetch0(data + sampleBytes - 1);
                }
            }
            if (!plain) return StackWithTorch(elements, count, context, position, shape);

            var batchShape = new long[rank + 1];
            batchShape[0] = count;
            shape.CopyTo(batchShape.AsSpan(1));
            var batch = torch.empty(batchShape, type);
            var target = new NativeTensor.Layout(batch).Data;
            for (var j = 0; j < count; j++)
                Buffer.MemoryCopy((void*)rows[j], target + j * sampleBytes, sampleBytes, sampleBytes);
            return batch;
        }
        finally
        {
            if (rented is not null) ArrayPool<nint>.Shared.Return(rented);
        }
    }

    /// <summary>The path without LibTorchSharp's getters: shapes checked through TorchSharp's properties, then torch.stack.</summary>
    static Tensor StackManaged(Tensor[] elements, int count, in CollateContext context, int? position)
    {
        var shape = elements[0].shape;
        for (var j = 1; j < count; j++)
        {
            var element = elements[j];
            var rank = element.dim();
            if (rank != shape.Length) throw ShapesDiffer(elements, j, context, position, shape);
            for (var d = 0; d < rank; d++)
                if (element.size((int)d) != shape[d]) throw ShapesDiffer(elements, j, context, position, shape);
        }
        return StackWithTorch(elements, count, context, position, shape);
    }

    static Tensor StackWithTorch(Tensor[] elements, int count, in CollateContext context, int? position, ReadOnlySpan<long> shape)
    {
        try
        {
            return torch.stack(new ArraySegment<Tensor>(elements, 0, count), 0);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var samples = elements.Take(count).ToList();
            var dtypes = string.Join(", ", samples.Select(t => t.dtype.ToString()).Distinct());
            var devices = string.Join(", ", samples.Select(t => t.device.ToString()).Distinct());
            throw new DataLoaderException(
                Messages.StackFailed(context.BatchIndex, position, e.Message.Split('\n', 2)[0].Trim(), ShapeText.Of(shape.ToArray()), dtypes, devices),
                context.BatchIndex, null, e);
        }
    }

    static DataLoaderException ShapesDiffer(Tensor[] elements, int j, in CollateContext context, int? position, ReadOnlySpan<long> firstShape) =>
        new(Messages.StackShapesDiffer(context.BatchIndex, position, context.Indices[j], elements[j].shape, context.Indices[0], firstShape.ToArray()),
            context.BatchIndex, context.Indices[j], null);
}
