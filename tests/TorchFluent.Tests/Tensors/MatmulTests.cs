using FluentAssertions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class MatmulTests
{
    public MatmulTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<long[], long[], long[]> ValidShapes => new()
    {
        { [3], [3], [] },                              // dot
        { [2, 3], [3], [2] },                          // mv
        { [3], [3, 4], [4] },                          // (1, 3) @ (3, 4), the 1 removed
        { [2, 3], [3, 4], [2, 4] },                    // mm
        { [5, 2, 3], [5, 3, 4], [5, 2, 4] },           // bmm
        { [5, 2, 3], [1, 3, 4], [5, 2, 4] },           // batch of 1 broadcast
        { [2, 1, 3, 4], [5, 4, 2], [2, 5, 3, 2] },     // batch dims broadcast
        { [5, 2, 3], [3, 4], [5, 2, 4] },              // folded: batch @ matrix
        { [5, 2, 3], [3], [5, 2] },                    // batch @ vector
        { [3], [5, 3, 4], [5, 4] },                    // vector @ batch
        { [2, 3], [5, 3, 4], [5, 2, 4] },              // matrix @ batch
        { [0, 3], [3, 4], [0, 4] },                    // empty
        { [2, 0], [0, 4], [2, 4] },                    // empty inner dimension: zeros
    };

    [Theory]
    [MemberData(nameof(ValidShapes))]
    public void Matmul_ValidShapes_GiveTorchSharpsMatmulBitForBit(long[] left, long[] right, long[] expected)
    {
        using var g = new Generator(7);
        using var x = randn(left, generator: g);
        using var y = randn(right, generator: g);

        using var actual = x.Matmul(y);
        using var raw = x.matmul(y);

        actual.Shape.Should().Equal(expected);
        actual.dtype.Should().Be(ScalarType.Float32);
        BitEqual(actual, raw).Should().BeTrue();
    }

    public static TheoryData<long[], long[], bool> RoutedShapes => new()
    {
        { [4], [4], false },
        { [3, 4], [4], false },
        { [3, 4], [4, 5], false },
        { [2, 3, 4], [2, 4, 5], false },
        { [4, 3], [5, 4], true },        // non-contiguous operands (transposed views)
        { [2, 4, 3], [2, 5, 4], true },
        { [4], [4, 5], false },          // through at::matmul itself, for comparison
        { [2, 1, 3, 4], [5, 4, 2], false },
    };

    [Theory]
    [MemberData(nameof(RoutedShapes))]
    public void Matmul_ValuesAndGradients_AreTorchSharpsMatmulBitForBit(long[] left, long[] right, bool transposed)
    {
        // dot, mv, mm and bmm are what at::matmul runs for these shapes: same values, same gradients.
        using var g = new Generator(11);
        using var x0 = randn(left, generator: g);
        using var y0 = randn(right, generator: g);
        using var xs = transposed ? x0.transpose(-1, -2) : x0.alias();
        using var ys = transposed ? y0.transpose(-1, -2) : y0.alias();
        var (fluent, fluentGrads) = Run(xs, ys, (a, b) => a.Matmul(b));
        var (raw, rawGrads) = Run(xs, ys, (a, b) => a.matmul(b));

        BitEqual(fluent, raw).Should().BeTrue();
        BitEqual(fluentGrads.x, rawGrads.x).Should().BeTrue();
        BitEqual(fluentGrads.y, rawGrads.y).Should().BeTrue();
        foreach (var t in new[] { fluent, raw, fluentGrads.x, fluentGrads.y, rawGrads.x, rawGrads.y }) t.Dispose();

        static (Tensor Result, (Tensor x, Tensor y) Grads) Run(Tensor x, Tensor y, Func<Tensor, Tensor, Tensor> op)
        {
            using var xl = x.detach().requires_grad_(true);
            using var yl = y.detach().requires_grad_(true);
            using var r = op(xl, yl);
            using var weights = ones_like(r).cumsum(0);
            using var loss = (r * weights).sum();
            loss.backward();
            return (r.detach().clone(), (xl.grad!.clone(), yl.grad!.clone()));
        }
    }

    [Theory]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Byte)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.ComplexFloat32)]
    public void Matmul_OtherDTypesOnTheCpu_WorkAsInLibtorch(ScalarType dtype)
    {
        using var x = ones(2, 2, 3, dtype: dtype);
        using var y = ones(3, 4, dtype: dtype);

        using var z = x.Matmul(y);
        using var expected = full(new long[] { 2, 2, 4 }, 3, dtype: dtype);

        z.dtype.Should().Be(dtype);
        BitEqual(z, expected).Should().BeTrue();
    }

    [Fact]
    public void Matmul_Null_Throws()
    {
        using var x = zeros(2, 3);

        FluentActions.Invoking(() => x.Matmul(null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("other");
    }

    [Fact]
    public void Matmul_ScalarInput_StatesTheRule()
    {
        using var s = tensor(2f);
        using var v = zeros(3);

        var act = () => s.Matmul(v);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("input");
        e.Message.Should().Be(
            "Matmul: input is a scalar (0-d) tensor, but both arguments to matmul need to be at least 1-D (PyTorch raises the same error).\n" +
            "Expected: (m) @ (m) is a dot product, (n, m) @ (m, p) a matrix product; a 1-D operand counts as one row (input) or one column (other), " +
            "and that dimension is dropped from the result; dimensions before the last two are batch dimensions and broadcast; " +
            "input's last size equals other's second-to-last (or only) size.\n" +
            "Received: input torch.Size([]) float32, other torch.Size([3]) float32.\n" +
            "Fix: to scale by a number use x.mul(s); to treat a scalar as a vector of one element, Unsqueeze(0) it. (Parameter 'input')");
    }

    [Fact]
    public void Matmul_ScalarOther_NamesOther()
    {
        using var v = zeros(3);
        using var s = tensor(2f);

        var act = () => v.Matmul(s);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("other");
        e.Message.Should().StartWith("Matmul: other is a scalar (0-d) tensor, but both arguments to matmul need to be at least 1-D");
    }

    [Fact]
    public void Matmul_InnerMismatch_StatesTheRule()
    {
        // Raw TorchSharp: "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x2)" thrown through P/Invoke: the process aborts.
        using var x = zeros(2, 3);
        using var y = zeros(4, 2);

        var act = () => x.Matmul(y);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("other");
        e.Message.Should().Be(
            "Matmul: the inner sizes differ: input's last dimension is 3, other's second-to-last dimension is 4.\n" +
            "Expected: (m) @ (m) is a dot product, (n, m) @ (m, p) a matrix product; a 1-D operand counts as one row (input) or one column (other), " +
            "and that dimension is dropped from the result; dimensions before the last two are batch dimensions and broadcast; " +
            "input's last size equals other's second-to-last (or only) size.\n" +
            "Received: input torch.Size([2, 3]) float32, other torch.Size([4, 2]) float32.\n" +
            "Fix: Transpose(-2, -1) the operand that is the wrong way round, so that input's columns match other's rows. (Parameter 'other')");
    }

    [Theory]
    [InlineData(new long[] { 3 }, new long[] { 4 }, "input's last dimension is 3, other's only dimension is 4")]
    [InlineData(new long[] { 2, 3 }, new long[] { 4 }, "input's last dimension is 3, other's only dimension is 4")]
    [InlineData(new long[] { 3 }, new long[] { 4, 2 }, "input's last dimension is 3, other's second-to-last dimension is 4")]
    [InlineData(new long[] { 5, 2, 3 }, new long[] { 5, 4, 2 }, "input's last dimension is 3, other's second-to-last dimension is 4")]
    [InlineData(new long[] { 2, 1, 3, 4 }, new long[] { 5, 3, 2 }, "input's last dimension is 4, other's second-to-last dimension is 3")]
    public void Matmul_InnerMismatchAtAnyRank_IsRefusedBeforeLibtorch(long[] left, long[] right, string detail)
    {
        using var x = zeros(left);
        using var y = zeros(right);

        var act = () => x.Matmul(y);

        act.Should().Throw<ArgumentException>().WithMessage($"Matmul: the inner sizes differ: {detail}.*");
    }

    [Fact]
    public void Matmul_BatchesThatDoNotBroadcast_StatesTheRule()
    {
        using var x = zeros(2, 2, 3);
        using var y = zeros(3, 3, 4);

        var act = () => x.Matmul(y);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("other");
        e.Message.Should().Be(
            "Matmul: the batch dimensions do not broadcast: size 2 vs 3 in the 1st batch dimension from the end (batch dimensions torch.Size([2]) and torch.Size([3])).\n" +
            "Expected: batch dimensions (all but the last two) that broadcast: counted from the last one, equal sizes or a size of 1 (a missing dimension counts as 1).\n" +
            "Received: input torch.Size([2, 2, 3]) float32, other torch.Size([3, 3, 4]) float32.\n" +
            "Fix: make each batch size equal or 1: Unsqueeze a dimension of size 1 where one operand should be reused across the other's batch. (Parameter 'other')");
    }

    [Fact]
    public void Matmul_BatchMismatchFurtherOut_NamesTheDimension()
    {
        using var x = zeros(4, 1, 2, 3);
        using var y = zeros(5, 7, 3, 2);

        var act = () => x.Matmul(y);

        act.Should().Throw<ArgumentException>().WithMessage(
            "Matmul: the batch dimensions do not broadcast: size 4 vs 5 in the 2nd batch dimension from the end (batch dimensions torch.Size([4, 1]) and torch.Size([5, 7])).*");
    }

    [Fact]
    public void Matmul_DifferentDTypes_StatesTheRule()
    {
        using var x = zeros(2, 3);
        using var y = zeros(new long[] { 3, 2 }, dtype: ScalarType.Float64);

        var act = () => x.Matmul(y);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("other");
        e.Message.Should().Be(
            "Matmul: the dtypes differ: input is float32, other is float64; matmul does not promote (PyTorch: \"expected m1 and m2 to have the same dtype\").\n" +
            "Expected: both operands of the same dtype.\n" +
            "Received: input torch.Size([2, 3]) float32, other torch.Size([3, 2]) float64.\n" +
            "Fix: cast one operand to the other's dtype first, for example x.Float() or y.To(x.dtype). (Parameter 'other')");
    }

    [Theory]
    [InlineData(new long[] { 3 }, new long[] { 3 })]
    [InlineData(new long[] { 2, 3 }, new long[] { 3, 2 })]
    [InlineData(new long[] { 2, 1, 3, 4 }, new long[] { 5, 4, 2 })]
    public void Matmul_Bool_StatesTheRule(long[] left, long[] right)
    {
        using var x = ones(left, dtype: ScalarType.Bool);
        using var y = ones(right, dtype: ScalarType.Bool);

        var act = () => x.Matmul(y);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("input");
        e.Message.Should().Be(
            "Matmul: bool tensors cannot be multiplied: libtorch has no bool matrix product.\n" +
            "Expected: a floating-point, complex or integer dtype (integers on the CPU only).\n" +
            $"Received: input {new Shape(left)} bool, other {new Shape(right)} bool.\n" +
            "Fix: cast both operands first, for example x.Float() and y.Float(). (Parameter 'input')");
    }

    [Fact]
    public void Multipliable_IntegersOnCuda_AreRefused()
    {
        // No GPU here: the rule itself is tested. cuBLAS has no integer GEMM ("addmm_cuda" not implemented for 'Long').
        MatmulRules.Multipliable(DeviceType.CUDA, ScalarType.Int64).Should().BeFalse();
        MatmulRules.Multipliable(DeviceType.CUDA, ScalarType.Byte).Should().BeFalse();
        MatmulRules.Multipliable(DeviceType.CUDA, ScalarType.Bool).Should().BeFalse();
        MatmulRules.Multipliable(DeviceType.CUDA, ScalarType.Float16).Should().BeTrue();
        MatmulRules.Multipliable(DeviceType.CUDA, ScalarType.ComplexFloat64).Should().BeTrue();
        MatmulRules.Multipliable(DeviceType.CPU, ScalarType.Int64).Should().BeTrue();
        MatmulRules.Multipliable(DeviceType.CPU, ScalarType.Bool).Should().BeFalse();
        MatmulRules.Multipliable(DeviceType.CPU, ScalarType.QInt8).Should().BeFalse();
    }

    [Fact]
    public void MatmulUnsupportedDType_IntegersOnCuda_StatesTheRule()
    {
        var x = new MatmulOperand(new Shape([2, 3]), ScalarType.Int64, DeviceType.CUDA, 0);
        var y = new MatmulOperand(new Shape([3, 2]), ScalarType.Int64, DeviceType.CUDA, 0);

        Messages.MatmulUnsupportedDType(x, y).Should().Be(
            "Matmul: int64 tensors cannot be multiplied on cuda:0: CUDA has no integer matrix product.\n" +
            "Expected: a floating-point or complex dtype on a CUDA device (integer matmul runs on the CPU only).\n" +
            "Received: input torch.Size([2, 3]) int64 on cuda:0, other torch.Size([3, 2]) int64 on cuda:0.\n" +
            "Fix: cast both operands first, for example x.Float() and y.Float().");
    }

    [Fact]
    public void MatmulDeviceMismatch_StatesTheRule()
    {
        // No GPU here: the message is tested with the operands Check would read.
        var x = new MatmulOperand(new Shape([2, 3]), ScalarType.Float32, DeviceType.CPU, -1);
        var y = new MatmulOperand(new Shape([3, 2]), ScalarType.Float32, DeviceType.CUDA, 1);

        Messages.MatmulDeviceMismatch(x, y).Should().Be(
            "Matmul: the operands are on different devices: input on cpu, other on cuda:1.\n" +
            "Expected: both operands on the same device.\n" +
            "Received: input torch.Size([2, 3]) float32, other torch.Size([3, 2]) float32 on cuda:1.\n" +
            "Fix: move one operand to the other's device first, for example y.To(x.device).");
    }

    [Fact]
    public void Matmul_SparseOutsideMatrixProducts_StatesTheRule()
    {
        // PyTorch raises for a sparse operand in a batched or vector @ matrix product; at::matmul would throw through
        // LibTorchSharp's uncaught entry point, so it is refused first.
        using var sparse = ones(3, 2, 3).to_sparse();
        using var dense = ones(3, 4);

        var act = () => sparse.Matmul(dense);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("input");
        e.Message.Should().Be(
            "Matmul: input is a sparse tensor; matmul takes sparse operands only in a 2-D @ 2-D or 2-D @ 1-D product (PyTorch raises for the other shapes too).\n" +
            "Expected: dense operands, or sparse ones in a matrix-matrix or matrix-vector product.\n" +
            "Received: input torch.Size([3, 2, 3]) float32, other torch.Size([3, 4]) float32.\n" +
            "Fix: make the sparse operand dense first with to_dense(), or use a 2-D @ 2-D product. (Parameter 'input')");
    }

    [Theory]
    [InlineData(new long[] { 3 }, new long[] { 3, 2 })]
    [InlineData(new long[] { 2, 2, 3 }, new long[] { 1, 3, 2 })]
    public void Matmul_SparseOtherThroughAtMatmul_IsRefused(long[] left, long[] right)
    {
        using var x = ones(left);
        using var sparse = ones(right).to_sparse();

        var act = () => x.Matmul(sparse);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("other");
    }

    [Fact]
    public void Matmul_SparseMatrixTimesDense_WorksAsInPyTorch()
    {
        using var eye3 = eye(3);
        using var sparse = eye3.to_sparse();
        using var y = arange(6f).reshape(3, 2);
        using var v = arange(3f);

        using var mm = sparse.Matmul(y);
        using var mv = sparse.Matmul(v);

        BitEqual(mm, y).Should().BeTrue();
        BitEqual(mv, v).Should().BeTrue();
    }

    [Fact]
    public void Matmul_NativeFailureOnACaughtRoute_IsATorchOperationException()
    {
        // A sparse vector in a dot product passes every up-front rule; at::dot refuses it, and THSTensor_dot reports
        // that as an error (no abort), which becomes TorchFluent's exception.
        using var v = ones(3);
        using var sparse = ones(3).to_sparse();

        var act = () => v.Matmul(sparse);

        var e = act.Should().Throw<TorchOperationException>().Which;
        e.Operation.Should().Be("Matmul");
    }

    /// <summary>Same shape, dtype and every element equal (torch.equal).</summary>
    static bool BitEqual(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype) return false;
        using var same = a.eq(b);
        using var all = same.all();
        return all.item<bool>();
    }
}
