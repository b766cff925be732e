using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// A libtorch operation failed at a TorchFluent call site. Carries the operation's name and its inputs' shapes, dtypes
/// and devices, a one-line reason without libtorch's C++ stack, and libtorch's own exception as
/// <see cref="Exception.InnerException"/>.
/// </summary>
/// <remarks>
/// Problems TorchFluent can see before calling libtorch (wrong shapes, out-of-range dims, unsupported dtypes) are
/// reported as <see cref="ArgumentException"/>s instead; this exception is for what only libtorch detects
/// (for example a dtype or device mismatch between operands).
/// </remarks>
public sealed class TorchOperationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message: what happened, the inputs, the fix.</param>
    /// <param name="operation">The operation that failed, as TorchFluent names it (for example "Bmm").</param>
    /// <param name="nativeReason">libtorch's reason, without its C++ stack trace.</param>
    /// <param name="shapes">The shape of each input tensor, in argument order.</param>
    /// <param name="dtypes">The dtype of each input tensor, in argument order.</param>
    /// <param name="devices">The device of each input tensor ("cpu", "cuda:0"), in argument order.</param>
    /// <param name="innerException">The exception libtorch raised.</param>
    public TorchOperationException(
        string message,
        string operation,
        string nativeReason,
        IReadOnlyList<Shape> shapes,
        IReadOnlyList<ScalarType> dtypes,
        IReadOnlyList<string> devices,
        Exception? innerException)
        : base(message, innerException)
    {
        Operation = operation;
        NativeReason = nativeReason;
        Shapes = shapes;
        DTypes = dtypes;
        Devices = devices;
    }

    /// <summary>The operation that failed (for example "Bmm" or "Add").</summary>
    public string Operation { get; }

    /// <summary>libtorch's reason for the failure, without its C++ stack trace.</summary>
    public string NativeReason { get; }

    /// <summary>The shape of each input tensor, in argument order.</summary>
    public IReadOnlyList<Shape> Shapes { get; }

    /// <summary>The dtype of each input tensor, in argument order.</summary>
    public IReadOnlyList<ScalarType> DTypes { get; }

    /// <summary>The device of each input tensor ("cpu", "cuda:0"), in argument order.</summary>
    public IReadOnlyList<string> Devices { get; }

    /// <summary>Wraps a native failure of <paramref name="operation"/> on one input.</summary>
    internal static TorchOperationException Create(string operation, Exception native, Tensor input) =>
        Create(operation, native, [input], ["input"]);

    /// <summary>Wraps a native failure of <paramref name="operation"/> on two inputs.</summary>
    internal static TorchOperationException Create(string operation, Exception native, Tensor input, Tensor other) =>
        Create(operation, native, [input, other], ["input", "other"]);

    /// <summary>Wraps a native failure of <paramref name="operation"/> on a list of inputs (named tensors[i]).</summary>
    internal static TorchOperationException Create(string operation, Exception native, ReadOnlySpan<Tensor> tensors)
    {
        var names = new string[tensors.Length];
        for (var i = 0; i < names.Length; i++) names[i] = $"tensors[{i}]";
        return Create(operation, native, tensors, names);
    }

    /// <summary>
    /// Wraps a native failure: describes each input (reading its metadata defensively: an input may be the reason
    /// for the failure, for example a disposed tensor) and strips libtorch's C++ stack from the reason.
    /// </summary>
    internal static TorchOperationException Create(string operation, Exception native, ReadOnlySpan<Tensor> tensors, ReadOnlySpan<string> names)
    {
        var shapes = new List<Shape>(tensors.Length);
        var dtypes = new List<ScalarType>(tensors.Length);
        var devices = new List<string>(tensors.Length);
        var description = new StringBuilder();
        for (var i = 0; i < tensors.Length; i++)
        {
            if (i > 0) description.Append(", ");
            description.Append(names[i]).Append(' ');
            var t = tensors[i];
            if (t is null || t.IsInvalid)
            {
                description.Append(t is null ? "null" : "disposed");
                continue;
            }
            var shape = TensorMetadata.ShapeOf(t);
            var dtype = TensorMetadata.DType(t);
            var device = DeviceName(t);
            shapes.Add(shape);
            dtypes.Add(dtype);
            devices.Add(device);
            description.Append(shape).Append(' ').Append(DType.NameOf(dtype)).Append(" on ").Append(device);
        }
        var reason = NativeReasonOf(native.Message);
        return new TorchOperationException(
            Messages.NativeFailure(operation, reason, description.ToString()),
            operation, reason, shapes, dtypes, devices, native);
    }

    /// <summary>True for the exceptions TorchSharp raises when libtorch reports an error.</summary>
    internal static bool IsNative(Exception e) => e is ExternalException;

    /// <summary>
    /// The first line of libtorch's message: its reason. What follows (dispatcher tables, the "Exception raised
    /// from ..." C++ stack) stays in the inner exception.
    /// </summary>
    internal static string NativeReasonOf(string message)
    {
        var text = message.Trim();
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return (end >= 0 ? text[..end] : text).TrimEnd('\r', ' ');
    }

    static string DeviceName(Tensor t)
    {
        var type = TensorMetadata.DeviceType(t);
        if (type == TorchSharp.DeviceType.CPU) return "cpu";
        var index = TensorMetadata.DeviceIndex(t);
        var name = type.ToString().ToLowerInvariant();
        return index < 0 ? name : $"{name}:{index}";
    }
}
