using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Reads a tensor's metadata (rank, sizes, dtype, device) straight from LibTorchSharp, for the checks every
/// TorchFluent op runs before it calls libtorch.
/// </summary>
/// <remarks>
/// Why not TorchSharp's own properties: <c>Tensor.shape</c> marshals through a callback and a pinned array (about
/// 1 us, as much as a small add), and <c>dim()</c>/<c>size(i)</c> pay a full GC transition each (15-25 ns). These
/// getters only read fields of the at::Tensor and never block, call back or throw across the boundary, so
/// <see cref="SuppressGCTransitionAttribute"/> is safe and brings each read to a few nanoseconds: that is what keeps
/// the wrappers within 2% of the raw calls. The entry points are the ones TorchSharp 0.107.0 binds itself; the
/// TorchSharp version is pinned exactly (Directory.Packages.props), and the unit tests compare every read with
/// TorchSharp's own answer.
/// </remarks>
internal static class TensorMetadata
{
    const string Library = "LibTorchSharp";

    static TensorMetadata()
    {
        // Resolve "LibTorchSharp" exactly as TorchSharp does (relative to TorchSharp.dll), so this assembly binds the
        // very library TorchSharp loaded even when TorchFluent.dll sits in another folder (plugins, test hosts).
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(TensorMetadata).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already registered for this assembly; it resolves the same way.
        }
    }

    /// <summary>Runs the static constructor (which registers the resolver) before another class's first native call.</summary>
    internal static void EnsureResolver()
    {
    }

    static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Library ? NativeLibrary.Load(Library, typeof(torch).Assembly, path) : IntPtr.Zero;

    /// <summary>The number of dimensions (0 for a scalar tensor).</summary>
    internal static int Dim(Tensor t) => (int)THSTensor_ndimension(t.Handle);

    /// <summary>The size of dimension <paramref name="dim"/>; the caller guarantees 0 &lt;= dim &lt; Dim(t).</summary>
    internal static long Size(Tensor t, int dim) => THSTensor_size(t.Handle, dim);

    /// <summary>The number of dimensions of the tensor behind <paramref name="handle"/> (the caller keeps the tensor alive).</summary>
    internal static int Dim(IntPtr handle) => (int)THSTensor_ndimension(handle);

    /// <summary>The size of dimension <paramref name="dim"/> of the tensor behind <paramref name="handle"/>; 0 &lt;= dim &lt; Dim.</summary>
    internal static long Size(IntPtr handle, int dim) => THSTensor_size(handle, dim);

    /// <summary>The element type.</summary>
    internal static ScalarType DType(Tensor t) => (ScalarType)THSTensor_type(t.Handle);

    /// <summary>The element type of the tensor behind <paramref name="handle"/> (the caller keeps the tensor alive).</summary>
    internal static ScalarType DType(IntPtr handle) => (ScalarType)THSTensor_type(handle);

    /// <summary>The device type of the tensor behind <paramref name="handle"/> (the caller keeps the tensor alive).</summary>
    internal static DeviceType DeviceType(IntPtr handle) => (DeviceType)THSTensor_device_type(handle);

    /// <summary>The device index of the tensor behind <paramref name="handle"/> (-1 on the CPU).</summary>
    internal static int DeviceIndex(IntPtr handle) => THSTensor_device_index(handle);

    /// <summary>True for a sparse COO tensor (the caller keeps the tensor alive).</summary>
    internal static bool IsSparse(IntPtr handle) => THSTensor_is_sparse(handle) != 0;

    /// <summary>The number of elements.</summary>
    internal static long Numel(Tensor t) => THSTensor_numel(t.Handle);

    /// <summary>The device type the tensor lives on.</summary>
    internal static DeviceType DeviceType(Tensor t) => (DeviceType)THSTensor_device_type(t.Handle);

    /// <summary>The device index (-1 on the CPU).</summary>
    internal static int DeviceIndex(Tensor t) => THSTensor_device_index(t.Handle);

    /// <summary>True when the tensor tracks gradients.</summary>
    internal static bool RequiresGrad(Tensor t) => THSTensor_requires_grad(t.Handle) != 0;

    /// <summary>The shape, read dimension by dimension (no marshalling callback).</summary>
    internal static Shape ShapeOf(Tensor t)
    {
        var handle = t.Handle;
        var rank = (int)THSTensor_ndimension(handle);
        if (rank == 0) return default;
        var sizes = new long[rank];
        for (var i = 0; i < sizes.Length; i++) sizes[i] = THSTensor_size(handle, i);
        return Shape.Own(sizes);
    }

    /// <summary>The address of the first element of a CPU tensor (throws through TorchSharp when there is none).</summary>
    internal static IntPtr DataPointer(Tensor t)
    {
        var data = THSTensor_data(t.Handle);
        if (data == IntPtr.Zero) torch.CheckForErrors();
        return data;
    }

    [DllImport(Library), SuppressGCTransition]
    static extern long THSTensor_ndimension(IntPtr handle);

    [DllImport(Library), SuppressGCTransition]
    static extern long THSTensor_size(IntPtr handle, long dim);

    [DllImport(Library), SuppressGCTransition]
    static extern sbyte THSTensor_type(IntPtr handle);

    [DllImport(Library), SuppressGCTransition]
    static extern long THSTensor_numel(IntPtr handle);

    [DllImport(Library), SuppressGCTransition]
    static extern int THSTensor_device_type(IntPtr handle);

    [DllImport(Library), SuppressGCTransition]
    static extern int THSTensor_device_index(IntPtr handle);

    // C++ bool is one byte; reading it as a byte keeps the signature blittable (required by SuppressGCTransition).
    [DllImport(Library), SuppressGCTransition]
    static extern byte THSTensor_requires_grad(IntPtr handle);

    // Reads one bit of the tensor's dispatch key set; a byte for the same reason as requires_grad.
    [DllImport(Library), SuppressGCTransition]
    static extern byte THSTensor_is_sparse(IntPtr handle);

    [DllImport(Library)]
    static extern IntPtr THSTensor_data(IntPtr handle);

}
