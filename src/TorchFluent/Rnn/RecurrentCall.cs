using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Runs a TorchSharp recurrent module with PyTorch's rules: a 2-D input is one unbatched sequence (TorchSharp accepts
/// only 3-D), inputs and initial states are checked up front with messages that name the expected shapes, and the
/// zero initial states created when none is given are freed here (TorchSharp's own leave them to the GC).
/// </summary>
/// <remarks>
/// The success path reads sizes with dim()/size() (no shape arrays) and passes batched tensors through untouched, so a
/// call costs what TorchSharp's own call costs; messages are built only when throwing.
/// </remarks>
internal static class RecurrentCall
{
    /// <summary>The checked form of a call: the module's layout, whether the input is batched, and its batch size.</summary>
    internal readonly record struct Prepared(RecurrentLayout Layout, bool Batched, long Batch);

    public static Prepared Check(nn.Module module, string kind, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TorchRuntime.EnsureLoaded();
        var layout = RecurrentLayout.Of(module, kind);
        var rank = input.dim();
        if (rank is not (2 or 3))
            throw new ArgumentException(Messages.RnnInputRank(kind, input.shape, layout.BatchFirst, layout.InputSize), nameof(input));
        if (input.size(-1) != layout.InputSize)
            throw new ArgumentException(Messages.RnnInputSize(kind, input.shape, layout.InputSize), nameof(input));
        if (input.dtype != layout.DType)
            throw new ArgumentException(Messages.RnnInputDType(kind, input.dtype.ToString(), layout.DType.ToString()), nameof(input));
        var batched = rank == 3;
        return new Prepared(layout, batched, batched ? input.size(layout.BatchFirst ? 0 : 1) : 1);
    }

    public static void CheckState(in Prepared call, string kind, string name, Tensor? state)
    {
        if (state is null) return;
        var layout = call.Layout;
        var matches = call.Batched
            ? state.dim() == 3 && state.size(0) == layout.StateLayers && state.size(1) == call.Batch && state.size(2) == layout.HiddenSize
            : state.dim() == 2 && state.size(0) == layout.StateLayers && state.size(1) == layout.HiddenSize;
        if (!matches)
        {
            long[] expected = call.Batched ? [layout.StateLayers, call.Batch, layout.HiddenSize] : [layout.StateLayers, layout.HiddenSize];
            throw new ArgumentException(Messages.RnnStateShape(kind, name, expected, state.shape, call.Batched), name);
        }
        if (state.dtype != layout.DType)
            throw new ArgumentException(Messages.RnnStateDType(kind, name, state.dtype.ToString(), layout.DType.ToString()), name);
    }

    /// <summary>The input as TorchSharp wants it (3-D): the input itself when batched, else a new view the caller frees.</summary>
    public static Tensor BatchedInput(in Prepared call, Tensor input) =>
        call.Batched ? input : input.unsqueeze(call.Layout.BatchFirst ? 0 : 1);

    /// <summary>
    /// An initial state as TorchSharp wants it (3-D): the given state itself when batched, else a new view, or new zeros
    /// when none was given. <see cref="Release"/> frees what this created.
    /// </summary>
    public static Tensor BatchedState(in Prepared call, Tensor? state, Tensor input)
    {
        if (state is null)
            return zeros([call.Layout.StateLayers, call.Batch, call.Layout.HiddenSize], dtype: input.dtype, device: input.device);
        return call.Batched ? state : state.unsqueeze(1);
    }

    /// <summary>Frees <paramref name="made"/> when it is a tensor this class created rather than the caller's own.</summary>
    public static void Release(Tensor made, Tensor? callers)
    {
        if (!ReferenceEquals(made, callers)) made.Dispose();
    }

    /// <summary>Undoes the batching of one result: takes ownership of <paramref name="result"/>.</summary>
    public static Tensor Unbatch(in Prepared call, Tensor result, long dim)
    {
        if (call.Batched) return result;
        using (result)
        {
            return result.squeeze(dim);
        }
    }
}
