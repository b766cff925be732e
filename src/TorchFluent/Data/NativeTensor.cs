using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Reads a tensor's layout (rank, sizes, dtype, contiguity, device, data pointer) straight from LibTorchSharp's exported
/// getters, for collation of per-sample tensors. TorchSharp's own properties make the same native calls but add a
/// GC transition and an error check to each (about ten calls per sample through <c>Tensor.bytes</c>); these getters are
/// trivial and never throw, so they are declared with <see cref="SuppressGCTransitionAttribute"/>. That cut is what
/// lets a per-sample dataset collate faster than PyTorch.
/// </summary>
/// <remarks>
/// The signatures are LibTorchSharp 0.107.0's (the only TorchSharp this library supports, pinned exactly). On first
/// use <see cref="Available"/> checks every getter against TorchSharp's public properties on real tensors; when any
/// call fails or disagrees, callers fall back to the public properties.
/// </remarks>
internal static unsafe class NativeTensor
{
    const string Library = "LibTorchSharp";

    [DllImport(Library, EntryPoint = "THSTensor_data"), SuppressGCTransition]
    static extern IntPtr Data(IntPtr handle);

    [DllImport(Library, EntryPoint = "THSTensor_ndimension"), SuppressGCTransition]
    static extern long Rank(IntPtr handle);

    [DllImport(Library, EntryPoint = "THSTensor_size"), SuppressGCTransition]
    static extern long Size(IntPtr handle, long dim);

    [DllImport(Library, EntryPoint = "THSTensor_type"), SuppressGCTransition]
    static extern sbyte Type(IntPtr handle);

    [DllImport(Library, EntryPoint = "THSTensor_is_contiguous"), SuppressGCTransition]
    static extern byte IsContiguous(IntPtr handle);

    [DllImport(Library, EntryPoint = "THSTensor_device_type"), SuppressGCTransition]
    static extern int DeviceKind(IntPtr handle);

    [DllImport(Library, EntryPoint = "THSTensor_requires_grad"), SuppressGCTransition]
    static extern byte RequiresGrad(IntPtr handle);

    [DllImport(Library, EntryPoint = "THSTensor_element_size"), SuppressGCTransition]
    static extern long ElementSize(IntPtr handle);

    static readonly Lazy<bool> Checked = new(SelfCheck);

    /// <summary>True when the direct getters are usable (checked once against TorchSharp's properties).</summary>
    public static bool Available => !Disabled && Checked.Value;

    /// <summary>Lets tests run the public-property path.</summary>
    internal static bool Disabled { get; set; }

    /// <summary>The facts collation needs about one tensor.</summary>
    public readonly struct Layout
    {
        public Layout(Tensor tensor)
        {
            var handle = tensor.Handle;
            Handle = handle;
            Rank = NativeTensor.Rank(handle);
            Type = (ScalarType)NativeTensor.Type(handle);
            // Plain memory copying needs a contiguous CPU tensor outside autograd; anything else goes through torch.stack.
            Plain = IsContiguous(handle) != 0 && DeviceKind(handle) == (int)DeviceType.CPU && RequiresGrad(handle) == 0;
        }

        public IntPtr Handle { get; }

        public long Rank { get; }

        public ScalarType Type { get; }

        public bool Plain { get; }

        public long Size(long dim) => NativeTensor.Size(Handle, dim);

        public long ElementSize => NativeTensor.ElementSize(Handle);

        public byte* Data => (byte*)NativeTensor.Data(Handle);
    }

    static bool SelfCheck()
    {
        try
        {
            using var matrix = torch.arange(12, ScalarType.Float32).reshape(3, 4);
            using var row = matrix[1];
            using var column = matrix[.., 2];
            using var grad = torch.ones(2, requires_grad: true);
            using var bytes = torch.zeros(new long[] { 5 }, ScalarType.Byte);
            foreach (var t in new[] { matrix, row, column, grad, bytes })
            {
                var layout = new Layout(t);
                if (layout.Rank != t.dim() || layout.Type != t.dtype || layout.ElementSize != t.element_size()) return false;
                for (var d = 0; d < layout.Rank; d++)
                    if (layout.Size(d) != t.size(d)) return false;
                var plain = t.is_contiguous() && t.device_type == DeviceType.CPU && !t.requires_grad;
                if (layout.Plain != plain) return false;
                if (plain && !t.requires_grad)
                {
                    fixed (byte* expected = t.bytes)
                        if (layout.Data != expected) return false;
                }
            }
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException or InvalidOperationException)
        {
            return false;
        }
    }
}
