using System.Globalization;
using System.Text;

namespace TorchFluent;

internal static partial class Messages
{
    // ---- Shape ---------------------------------------------------------------------------------------------------

    internal static string ShapeNegativeSize(ReadOnlySpan<long> sizes, int index) =>
        $"A shape cannot have a negative size: dimension {index} is {sizes[index]}.\n" +
        "Expected: sizes of 0 or more.\n" +
        $"Received: [{Join(sizes)}].\n" +
        "Fix: pass the size of each dimension; -1 (\"infer this size\") is only understood by reshape and view.";

    internal static string ShapeIndexOutOfRange(Shape shape, int index) =>
        $"Index {index} is outside {shape}.\n" +
        (shape.Count == 0
            ? "Expected: no index: a scalar (0-d) shape has no dimensions.\n"
            : $"Expected: an index from 0 to {shape.Count - 1} (or ^1 for the last dimension).\n") +
        $"Received: {index}.\n" +
        "Fix: C# indexes do not wrap around: write shape[^1] where Python writes shape[-1].";

    internal static string ShapeDeconstruct(Shape shape, int count) =>
        $"Cannot deconstruct {shape} into {count} variables.\n" +
        $"Expected: a shape with {count} dimensions.\n" +
        $"Received: a shape with {shape.Count} dimension{(shape.Count == 1 ? "" : "s")}.\n" +
        "Fix: use as many variables as the tensor has dimensions, or index the shape (shape[0], shape[^1]).";

    // ---- Dimensions ----------------------------------------------------------------------------------------------

    internal static string DimOutOfRange(string op, string parameter, long dim, Shape shape, int positions) =>
        $"{op}: {parameter} = {dim} is out of range for a tensor of shape {shape}.\n" +
        $"Expected: a dim from {-positions} to {positions - 1} (negative dims count from the end).\n" +
        $"Received: {parameter} = {dim}.\n" +
        $"Fix: pass a dim from {-positions} to {positions - 1}; the tensor has {shape.Count} dimension{(shape.Count == 1 ? "" : "s")}.";

    internal static string DimRepeated(string op, string parameter, ReadOnlySpan<long> dims, long dim, Shape shape) =>
        $"{op}: dim {dim} appears more than once in {parameter} ({Join(dims)}).\n" +
        "Expected: each dim at most once (negative dims count from the end, so -1 and the last dim are the same).\n" +
        $"Received: {parameter} = ({Join(dims)}) for a tensor of shape {shape}.\n" +
        "Fix: list each dim once.";

    internal static string PermuteWrongCount(ReadOnlySpan<long> dims, Shape shape) =>
        $"Permute: {dims.Length} dim{(dims.Length == 1 ? "" : "s")} given for a tensor of shape {shape}.\n" +
        $"Expected: {shape.Count} dims, a reordering of 0..{shape.Count - 1} that names each dimension exactly once.\n" +
        $"Received: dims = ({Join(dims)}).\n" +
        "Fix: name every dimension once, in its new order: x.Permute(1, 2, 0) moves dimension 0 last.";

    // ---- Cat / Stack ---------------------------------------------------------------------------------------------

    internal static string JoinEmpty(string op) =>
        $"{op}: there are no tensors to join.\n" +
        "Expected: at least one tensor.\n" +
        "Received: an empty list.\n" +
        "Fix: pass one or more tensors.";

    internal static string JoinNullTensor(string op, int index) =>
        $"{op}: tensors[{index}] is null.\n" +
        "Expected: tensors, none of them null.\n" +
        $"Received: null at index {index}.\n" +
        "Fix: pass only tensors you have created (and not disposed).";

    internal static string CatScalar(int index, IReadOnlyList<Shape> shapes) =>
        $"Cat: tensors[{index}] is a scalar (0-d) tensor, which has no dimension to concatenate along.\n" +
        "Expected: tensors with at least one dimension.\n" +
        $"Received: {JoinShapes(shapes)}.\n" +
        "Fix: Unsqueeze(0) the scalars first, or use Tensors.Stack, which adds the new dimension itself.";

    internal static string CatRankMismatch(int index, int reference, IReadOnlyList<Shape> shapes, long dim) =>
        $"Cat: tensors[{index}] has {shapes[index].Count} dimensions but tensors[{reference}] has {shapes[reference].Count}.\n" +
        $"Expected: tensors with the same number of dimensions and the same size in every dimension except dim {dim}, the one Cat joins along.\n" +
        $"Received: {JoinShapes(shapes)}.\n" +
        "Fix: Unsqueeze or Squeeze the tensors to the same number of dimensions first.";

    internal static string CatSizeMismatch(int index, int reference, int mismatchDim, IReadOnlyList<Shape> shapes, long dim) =>
        $"Cat: tensors[{index}] has size {shapes[index][mismatchDim]} in dimension {mismatchDim} but tensors[{reference}] has size {shapes[reference][mismatchDim]}.\n" +
        $"Expected: the same size in every dimension except dim {dim}, the one Cat joins along.\n" +
        $"Received: {JoinShapes(shapes)}.\n" +
        $"Fix: make the sizes agree in dimension {mismatchDim} (Transpose or Permute the tensors), or concatenate along dim {mismatchDim} instead.";

    internal static string StackShapeMismatch(int index, IReadOnlyList<Shape> shapes) =>
        $"Stack: tensors[{index}] has shape {shapes[index]} but tensors[0] has shape {shapes[0]}.\n" +
        "Expected: tensors of exactly the same shape (Stack adds a new dimension; Cat joins along an existing one).\n" +
        $"Received: {JoinShapes(shapes)}.\n" +
        "Fix: make the shapes equal, or use Tensors.Cat to join along an existing dimension.";

    // ---- Bmm -----------------------------------------------------------------------------------------------------

    const string BmmRule = "Expected: two 3-D tensors, input (B, M, N) and other (B, N, K), with the same B and N1 == N2; the result is (B, M, K).\n";

    internal static string BmmNot3D(string parameter, Shape input, Shape other) =>
        $"Bmm: {parameter} has {(parameter == "input" ? input : other).Count} dimensions, but a batched matrix product needs 3.\n" +
        BmmRule +
        $"Received: input {input}, other {other}.\n" +
        "Fix: Unsqueeze(0) a single matrix to make a batch of one, or use x.Matmul(y), which broadcasts.";

    internal static string BmmBatchMismatch(Shape input, Shape other) =>
        $"Bmm: the batch sizes differ: input has B = {input[0]}, other has B = {other[0]}.\n" +
        BmmRule +
        $"Received: input {input}, other {other}.\n" +
        "Fix: pass batches of the same length, one matrix pair per batch entry.";

    internal static string BmmInnerMismatch(Shape input, Shape other) =>
        $"Bmm: the inner sizes differ: input's last dimension is N1 = {input[2]}, other's middle dimension is N2 = {other[1]}.\n" +
        BmmRule +
        $"Received: input {input}, other {other}.\n" +
        "Fix: Transpose(1, 2) the operand that is the wrong way round, so that input's columns match other's rows.";

    // ---- Matmul --------------------------------------------------------------------------------------------------

    const string MatmulShapeRule =
        "Expected: (m) @ (m) is a dot product, (n, m) @ (m, p) a matrix product; a 1-D operand counts as one row (input) " +
        "or one column (other), and that dimension is dropped from the result; dimensions before the last two are batch " +
        "dimensions and broadcast; input's last size equals other's second-to-last (or only) size.\n";

    static string MatmulReceived(MatmulOperand input, MatmulOperand other) => $"Received: input {input}, other {other}.\n";

    internal static string MatmulScalar(string parameter, MatmulOperand input, MatmulOperand other) =>
        $"Matmul: {parameter} is a scalar (0-d) tensor, but both arguments to matmul need to be at least 1-D (PyTorch raises the same error).\n" +
        MatmulShapeRule +
        MatmulReceived(input, other) +
        "Fix: to scale by a number use x.mul(s); to treat a scalar as a vector of one element, Unsqueeze(0) it.";

    internal static string MatmulInnerMismatch(MatmulOperand input, MatmulOperand other) =>
        $"Matmul: the inner sizes differ: input's last dimension is {input.Shape[^1]}, other's " +
        (other.Shape.Count == 1 ? "only" : "second-to-last") +
        $" dimension is {(other.Shape.Count == 1 ? other.Shape[0] : other.Shape[^2])}.\n" +
        MatmulShapeRule +
        MatmulReceived(input, other) +
        "Fix: Transpose(-2, -1) the operand that is the wrong way round, so that input's columns match other's rows.";

    internal static string MatmulBatchMismatch(MatmulOperand input, MatmulOperand other, int dimFromEnd)
    {
        var left = input.Shape[..^2];
        var right = other.Shape[..^2];
        return $"Matmul: the batch dimensions do not broadcast: size {left[left.Count - dimFromEnd]} vs {right[right.Count - dimFromEnd]} in the {Ordinal(dimFromEnd)} batch dimension from the end (batch dimensions {left} and {right}).\n" +
            "Expected: batch dimensions (all but the last two) that broadcast: counted from the last one, equal sizes or a size of 1 (a missing dimension counts as 1).\n" +
            MatmulReceived(input, other) +
            "Fix: make each batch size equal or 1: Unsqueeze a dimension of size 1 where one operand should be reused across the other's batch.";
    }

    internal static string MatmulDTypeMismatch(MatmulOperand input, MatmulOperand other) =>
        $"Matmul: the dtypes differ: input is {DType.NameOf(input.DType)}, other is {DType.NameOf(other.DType)}; matmul does not promote (PyTorch: \"expected m1 and m2 to have the same dtype\").\n" +
        "Expected: both operands of the same dtype.\n" +
        MatmulReceived(input, other) +
        "Fix: cast one operand to the other's dtype first, for example x.Float() or y.To(x.dtype).";

    internal static string MatmulDeviceMismatch(MatmulOperand input, MatmulOperand other) =>
        $"Matmul: the operands are on different devices: input on {input.Device}, other on {other.Device}.\n" +
        "Expected: both operands on the same device.\n" +
        MatmulReceived(input, other) +
        "Fix: move one operand to the other's device first, for example y.To(x.device).";

    internal static string MatmulUnsupportedDType(MatmulOperand input, MatmulOperand other) =>
        (input.DeviceType == TorchSharp.DeviceType.CUDA && DType.Find(input.DType) is { } info && info.Name != "bool"
            ? $"Matmul: {info.Name} tensors cannot be multiplied on {input.Device}: CUDA has no integer matrix product.\n" +
              "Expected: a floating-point or complex dtype on a CUDA device (integer matmul runs on the CPU only).\n"
            : $"Matmul: {DType.NameOf(input.DType)} tensors cannot be multiplied: libtorch has no {DType.NameOf(input.DType)} matrix product.\n" +
              "Expected: a floating-point, complex or integer dtype (integers on the CPU only).\n") +
        MatmulReceived(input, other) +
        "Fix: cast both operands first, for example x.Float() and y.Float().";

    internal static string MatmulSparse(string parameter, MatmulOperand input, MatmulOperand other) =>
        $"Matmul: {parameter} is a sparse tensor; matmul takes sparse operands only in a 2-D @ 2-D or 2-D @ 1-D product (PyTorch raises for the other shapes too).\n" +
        "Expected: dense operands, or sparse ones in a matrix-matrix or matrix-vector product.\n" +
        MatmulReceived(input, other) +
        "Fix: make the sparse operand dense first with to_dense(), or use a 2-D @ 2-D product.";

    // ---- Arithmetic ----------------------------------------------------------------------------------------------

    internal static string BroadcastMismatch(string op, Shape left, Shape right, int dimFromEnd) =>
        $"{op}: shapes {left} and {right} cannot be broadcast together: size {left[left.Count - dimFromEnd]} vs {right[right.Count - dimFromEnd]} in the {Ordinal(dimFromEnd)} dimension from the end.\n" +
        "Expected: in each dimension, counted from the last one, equal sizes or a size of 1 (a missing dimension counts as 1).\n" +
        $"Received: {left} and {right}.\n" +
        "Fix: reshape or Unsqueeze one operand so that each dimension matches or is 1.";

    /// <summary>"an" before the dtype names spoken with a vowel (int8 ... int64), else "a" (a uint8, a bool).</summary>
    static string Article(string dtype) => dtype.StartsWith("int", StringComparison.Ordinal) ? "an" : "a";

    internal static string MeanNotFloating(string dtype) =>
        $"Mean: cannot average {Article(dtype)} {dtype} tensor: the output dtype of mean() cannot be inferred from integer or bool input (PyTorch raises the same error).\n" +
        "Expected: a floating-point or complex tensor.\n" +
        $"Received: dtype {dtype}.\n" +
        "Fix: cast first: x.Float().Mean() (or x.Double().Mean() for float64).";

    // ---- Creation ------------------------------------------------------------------------------------------------

    internal static string FromUnsupportedElementType(Type type) =>
        $"Tensors.From: element type {type.Name} has no PyTorch dtype.\n" +
        "Expected: bool, byte, sbyte, short, int, long, Half, BFloat16, float, double or System.Numerics.Complex elements.\n" +
        $"Received: {type.FullName} elements.\n" +
        "Fix: convert the data to one of those types first (for example uint or ulong to long, decimal to double).";

    internal static string FromCountMismatch(long count, ReadOnlySpan<long> shape, long numel) =>
        $"Tensors.From: the shape [{Join(shape)}] holds {numel} elements but the data has {count}.\n" +
        "Expected: exactly as many elements as the shape holds.\n" +
        $"Received: {count} elements for shape [{Join(shape)}].\n" +
        "Fix: pass the shape of the data (the product of the sizes must equal the number of elements).";

    internal static string FromRagged(string path, long expected, long actual, int dim) =>
        $"Tensors.From: the jagged array is not rectangular: data{path} has {actual} elements but the rows before it at the same depth have {expected}.\n" +
        $"Expected: every row at depth {dim} of the same length (PyTorch: \"expected sequence of length {expected} at dim {dim} (got {actual})\").\n" +
        $"Received: a row of {actual} at data{path}.\n" +
        "Fix: pad the rows to the same length, or make one tensor per row.";

    internal static string FromNullRow(string path) =>
        $"Tensors.From: data{path} is null.\n" +
        "Expected: a rectangular array with no null rows.\n" +
        $"Received: null at data{path}.\n" +
        "Fix: fill every row.";

    // ---- Native failures -----------------------------------------------------------------------------------------

    internal static string NativeFailure(string op, string reason, string inputs) =>
        $"{op} failed in libtorch: {reason}\n" +
        $"Inputs: {inputs}.\n" +
        "Fix: check the inputs against the rule in libtorch's reason above; InnerException holds libtorch's full message.";

    // ---- Helpers -------------------------------------------------------------------------------------------------

    internal static string Join(ReadOnlySpan<long> values)
    {
        var text = new StringBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(values[i].ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    internal static string JoinShapes(IReadOnlyList<Shape> shapes)
    {
        var text = new StringBuilder();
        for (var i = 0; i < shapes.Count; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append("tensors[").Append(i).Append("] ").Append(shapes[i]);
        }
        return text.ToString();
    }

    static string Ordinal(int n) => n.ToString(CultureInfo.InvariantCulture) + ((n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch
    {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    });
}
