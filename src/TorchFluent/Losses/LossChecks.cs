using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Shape and dtype checks that run before libtorch sees a loss's arguments.</summary>
internal static class LossChecks
{
    /// <summary>Output and target must have exactly the same shape (no silent broadcasting).</summary>
    public static void SameShape(string loss, Tensor input, Tensor target, string pytorchNote)
    {
        if (!input.shape.AsSpan().SequenceEqual(target.shape))
            throw new ArgumentException(Messages.LossShapeMismatch(loss, input.shape, target.shape, pytorchNote), nameof(target));
    }

    /// <summary>The number of classes of a class-score output: (C) -> C, (N, C, ...) -> C.</summary>
    public static long Classes(string loss, Tensor input)
    {
        if (input.dim() == 0) throw new ArgumentException(Messages.LossEmptyInput(loss), nameof(input));
        return input.dim() == 1 ? input.shape[0] : input.shape[1];
    }

    /// <summary>Class-index targets: int64, shaped like the output without its class dimension.</summary>
    public static void IndexTarget(string loss, Tensor input, Tensor target)
    {
        var expected = IndexShape(input);
        if (target.dtype != ScalarType.Int64)
            throw new ArgumentException(Messages.LossIndexTargetDType(loss, target.dtype.ToString()), nameof(target));
        if (!target.shape.AsSpan().SequenceEqual(expected))
            throw new ArgumentException(Messages.LossIndexTargetShape(loss, input.shape, target.shape, expected), nameof(target));
    }

    /// <summary>The shape class-index targets must have: the output's shape without dimension 1 ((C) -> ()).</summary>
    public static long[] IndexShape(Tensor input) =>
        input.dim() == 1 ? [] : input.shape.Where((_, i) => i != 1).ToArray();

    /// <summary>A per-class weight must have shape [C].</summary>
    public static void ClassWeight(string loss, string name, Tensor? weight, long classes)
    {
        if (weight is not null && !(weight.dim() == 1 && weight.shape[0] == classes))
            throw new ArgumentException(Messages.LossWeightShape(loss, name, classes, weight.shape), name);
    }

    /// <summary>Runs the libtorch call, turning its error (a bare ExternalException with a C++ trace) into a clear one.</summary>
    public static Tensor Native(string loss, Tensor input, Tensor target, Func<Tensor> call)
    {
        try
        {
            return call();
        }
        catch (ExternalException e)
        {
            throw new ArgumentException(Messages.LossNative(loss, input.shape, input.dtype.ToString(), target.shape, target.dtype.ToString(),
                e.Message.Split('\n')[0].Trim()), nameof(target), e);
        }
    }

    /// <summary>A private copy of a weight tensor, so the loss owns (and may dispose) what it registers as a buffer.</summary>
    public static Tensor? Own(Tensor? weight) => weight?.detach().clone();
}
