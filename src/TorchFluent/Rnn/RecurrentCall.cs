using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Runs a TorchSharp recurrent module with PyTorch's rules: a 2-D input is one unbatched sequence (TorchSharp accepts
/// only 3-D), inputs and initial states are checked up front with messages that name the expected shapes, and the
/// zero initial states created when none is given are freed here (TorchSharp's own leave them to the GC).
/// </summary>
internal static class RecurrentCall
{
    /// <summary>The checked, batched form of a call: what to pass to TorchSharp and how to undo the batching.</summary>
    internal sealed record Prepared(RecurrentLayout Layout, bool Batched, long[] StateShape);

    public static Prepared Check(nn.Module module, string kind, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TorchRuntime.EnsureLoaded();
        var layout = RecurrentLayout.Of(module, kind);
        var shape = input.shape;
        if (shape.Length is not (2 or 3))
            throw new ArgumentException(Messages.RnnInputRank(kind, shape, layout.BatchFirst, layout.InputSize), nameof(input));
        if (shape[^1] != layout.InputSize)
            throw new ArgumentException(Messages.RnnInputSize(kind, shape, layout.InputSize), nameof(input));
        if (input.dtype != layout.DType)
            throw new ArgumentException(Messages.RnnInputDType(kind, input.dtype.ToString(), layout.DType.ToString()), nameof(input));

        var batched = shape.Length == 3;
        var stateShape = batched
            ? new[] { layout.StateLayers, shape[layout.BatchFirst ? 0 : 1], layout.HiddenSize }
            : new[] { layout.StateLayers, layout.HiddenSize };
        return new Prepared(layout, batched, stateShape);
    }

    public static void CheckState(Prepared call, string kind, string name, Tensor? state)
    {
        if (state is null) return;
        if (!state.shape.SequenceEqual(call.StateShape))
            throw new ArgumentException(Messages.RnnStateShape(kind, name, call.StateShape, state.shape, call.Batched), name);
        if (state.dtype != call.Layout.DType)
            throw new ArgumentException(Messages.RnnStateDType(kind, name, state.dtype.ToString(), call.Layout.DType.ToString()), name);
    }

    /// <summary>The input as TorchSharp wants it: a new handle (a view), owned by the caller of this method.</summary>
    public static Tensor BatchedInput(Prepared call, Tensor input) =>
        call.Batched ? input.alias() : input.unsqueeze(call.Layout.BatchFirst ? 0 : 1);

    /// <summary>An initial state as TorchSharp wants it (3-D); zeros when none was given. A new handle, owned by the caller.</summary>
    public static Tensor BatchedState(Prepared call, Tensor? state, Tensor input)
    {
        if (state is null)
        {
            var batch = call.Batched ? call.StateShape[1] : 1;
            return zeros([call.Layout.StateLayers, batch, call.Layout.HiddenSize], dtype: input.dtype, device: input.device);
        }
        return call.Batched ? state.alias() : state.unsqueeze(1);
    }

    /// <summary>Undoes the batching of one result: takes ownership of <paramref name="result"/>.</summary>
    public static Tensor Unbatch(Prepared call, Tensor result, long dim)
    {
        if (call.Batched) return result;
        using (result)
        {
            return result.squeeze(dim);
        }
    }
}
