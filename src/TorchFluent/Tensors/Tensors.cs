using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Creating and joining tensors, as in PyTorch: <c>Tensors.From(...)</c> (<c>torch.tensor</c>), <c>Tensors.Zeros([2, 2])</c>,
/// <c>Tensors.Ones([1, 2, 5])</c>, <c>Tensors.Cat([x, y, z], dim: 1)</c>, <c>Tensors.Stack([x, y])</c>. Every result is a
/// plain TorchSharp <see cref="Tensor"/> that the caller owns (dispose it, or create it inside a DisposeScope).
/// </summary>
public static partial class Tensors
{
    /// <summary>A tensor of zeros (PyTorch: <c>torch.zeros([2, 2])</c>): <c>Tensors.Zeros([2, 2])</c>.</summary>
    /// <param name="shape">The shape; <c>[]</c> makes a scalar.</param>
    /// <param name="dtype">The dtype; null is the default dtype (float32 unless changed).</param>
    /// <param name="device">Where to put the tensor; null is the default device.</param>
    /// <param name="requiresGrad">Whether autograd tracks the tensor (floating-point and complex dtypes only).</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="ArgumentException">A negative size, or requiresGrad on an integer or bool dtype.</exception>
    /// <exception cref="InvalidOperationException">The device is not available here.</exception>
    public static Tensor Zeros(ReadOnlySpan<long> shape, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false)
    {
        CheckFactory(shape, dtype, device, requiresGrad);
        return zeros(shape, dtype, device, requiresGrad);
    }

    /// <summary>A tensor of ones (PyTorch: <c>torch.ones([1, 2, 5])</c>): <c>Tensors.Ones([1, 2, 5])</c>.</summary>
    /// <param name="shape">The shape; <c>[]</c> makes a scalar.</param>
    /// <param name="dtype">The dtype; null is the default dtype (float32 unless changed).</param>
    /// <param name="device">Where to put the tensor; null is the default device.</param>
    /// <param name="requiresGrad">Whether autograd tracks the tensor (floating-point and complex dtypes only).</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="ArgumentException">A negative size, or requiresGrad on an integer or bool dtype.</exception>
    /// <exception cref="InvalidOperationException">The device is not available here.</exception>
    public static Tensor Ones(ReadOnlySpan<long> shape, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false)
    {
        CheckFactory(shape, dtype, device, requiresGrad);
        return ones(shape, dtype, device, requiresGrad);
    }

    /// <summary>
    /// Concatenates tensors along an existing dimension (PyTorch: <c>torch.cat([x, y, z], dim=1)</c>). Every tensor
    /// must have the same size in every other dimension; the result's size in <paramref name="dim"/> is the sum.
    /// </summary>
    /// <param name="tensors">One or more tensors, for example <c>[x, y, z]</c>.</param>
    /// <param name="dim">The dimension to join along; negative counts from the end.</param>
    /// <returns>A new tensor (a copy, even for a single input).</returns>
    /// <exception cref="ArgumentException">No tensors, a scalar, different ranks or sizes, or dim out of range; the message names the shapes.</exception>
    /// <exception cref="TorchOperationException">libtorch refused the inputs (for example tensors on different devices).</exception>
    public static Tensor Cat(ReadOnlySpan<Tensor> tensors, long dim = 0)
    {
        ShapeRules.CheckCat(tensors, dim);
        try
        {
            // libtorch's cat copies even a single input, as torch.cat does (TorchSharp's cat returns an alias of it).
            return NativeOps.Cat(tensors, dim);
        }
        catch (Exception e) when (TorchOperationException.IsNative(e))
        {
            throw TorchOperationException.Create("Cat", e, tensors);
        }
    }

    /// <summary>Concatenates a list of tensors along an existing dimension; see <see cref="Cat(ReadOnlySpan{Tensor}, long)"/>.</summary>
    /// <param name="tensors">One or more tensors.</param>
    /// <param name="dim">The dimension to join along; negative counts from the end.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor Cat(IEnumerable<Tensor> tensors, long dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return Cat(AsSpan(tensors), dim);
    }

    /// <summary>
    /// Stacks tensors of the same shape along a new dimension (PyTorch: <c>torch.stack([x, y], dim=0)</c>): two [2, 3]
    /// tensors stack to [2, 2, 3] at dim 0, [2, 2, 3] at dim 1 and [2, 3, 2] at dim 2.
    /// </summary>
    /// <param name="tensors">One or more tensors of exactly the same shape.</param>
    /// <param name="dim">Where the new dimension goes, from 0 to the inputs' rank; negative counts from the end.</param>
    /// <returns>A new tensor with one more dimension than the inputs.</returns>
    /// <exception cref="ArgumentException">No tensors, different shapes, or dim out of range; the message names the shapes.</exception>
    /// <exception cref="TorchOperationException">libtorch refused the inputs (for example tensors on different devices).</exception>
    public static Tensor Stack(ReadOnlySpan<Tensor> tensors, long dim = 0)
    {
        ShapeRules.CheckStack(tensors, dim);
        try
        {
            return NativeOps.Stack(tensors, dim);
        }
        catch (Exception e) when (TorchOperationException.IsNative(e))
        {
            throw TorchOperationException.Create("Stack", e, tensors);
        }
    }

    /// <summary>Stacks a list of tensors along a new dimension; see <see cref="Stack(ReadOnlySpan{Tensor}, long)"/>.</summary>
    /// <param name="tensors">One or more tensors of exactly the same shape.</param>
    /// <param name="dim">Where the new dimension goes.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor Stack(IEnumerable<Tensor> tensors, long dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return Stack(AsSpan(tensors), dim);
    }

    static ReadOnlySpan<Tensor> AsSpan(IEnumerable<Tensor> tensors) => tensors switch
    {
        Tensor[] array => array,
        List<Tensor> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        _ => tensors.ToArray(),
    };

    static void CheckFactory(ReadOnlySpan<long> shape, ScalarType? dtype, Device? device, bool requiresGrad)
    {
        TorchRuntime.EnsureLoaded();
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0) throw new ArgumentOutOfRangeException(nameof(shape), Messages.ShapeNegativeSize(shape, i));
        }
        if (requiresGrad) AutogradRules.CheckCanRequireGrad(dtype ?? get_default_dtype(), nameof(requiresGrad));
        if (device is not null) DeviceGuard.EnsureUsable(device);
    }
}
