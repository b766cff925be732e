using static TorchSharp.torch;

namespace TorchFluent;

internal static partial class Messages
{
    internal static string DTypeNotInTable(ScalarType dtype) =>
        $"ScalarType.{dtype} is not one of PyTorch's 12 standard dtypes.\n" +
        "Expected: float32, float64, float16, bfloat16, uint8, int8, int16, int32, int64, bool, complex64 or complex128.\n" +
        $"Received: ScalarType.{dtype} (value {(int)dtype}).\n" +
        "Fix: quantized types (QInt8, QUInt8, QInt32) have no row in the table; use DType.Table for the 12 that do.";

    internal static string ModuleCastNotFloating(ScalarType dtype) =>
        $"Module.To: a module can only be cast to a floating-point or complex dtype, not {DType.NameOf(dtype)}.\n" +
        "Expected: float32, float64, float16, bfloat16, complex64 or complex128 (PyTorch: \"nn.Module.to only accepts floating point or complex dtypes\").\n" +
        $"Received: {DType.NameOf(dtype)}.\n" +
        "Fix: keep the module floating-point and cast its inputs or outputs instead, for example output.Long(); " +
        "integer parameters and buffers are never converted by a module cast.";
}
