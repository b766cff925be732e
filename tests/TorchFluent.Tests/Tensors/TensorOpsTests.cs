using FluentAssertions;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class TensorOpsTests
{
    public TensorOpsTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void From_GenericOverloads_InferLikeTheArrayOverload()
    {
        using var bytes = Tensors.From(new byte[] { 1, 2 });
        using var halves = Tensors.From(new[] { (Half)1 });
        using var matrix = Tensors.From(new short[,] { { 1 } });
        using var cube = Tensors.From(new double[,,] { { { 1 } } });
        using var four = Tensors.From(new bool[1, 1, 1, 1]);

        bytes.dtype.Should().Be(ScalarType.Int64);
        halves.dtype.Should().Be(ScalarType.Float32);
        matrix.dtype.Should().Be(ScalarType.Int64);
        cube.dtype.Should().Be(ScalarType.Float32);
        four.dtype.Should().Be(ScalarType.Bool);
    }

    [Fact]
    public void Sum_WithALiteralZero_SumsOverDimensionZero()
    {
        // Raw TorchSharp's x.sum(0) binds to sum(ScalarType) and sums everything as uint8; TorchFluent's Sum(0) is the dim.
        using var x = Tensors.From(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });

        using var sum = x.Sum(0);
        using var trap = x.sum(0);

        sum.Shape.Should().Equal(3L);
        sum.data<float>().ToArray().Should().Equal(5, 7, 9);
        trap.dtype.Should().Be(ScalarType.Byte, "this is the trap TorchFluent's overloads avoid");
    }

    [Fact]
    public void ScalarOverloads_KeepIntegersOrPromoteAsPyTorch()
    {
        using var x = Tensors.From(new[] { 1, 2 });

        using var addLong = x.Add(1);
        using var addDouble = x.Add(0.5);
        using var subLong = x.Sub(1);
        using var subDouble = x.Sub(0.5);
        using var powDouble = x.Pow(2.0);

        addLong.dtype.Should().Be(ScalarType.Int64);
        addLong.data<long>().ToArray().Should().Equal(2, 3);
        addDouble.data<float>().ToArray().Should().Equal(1.5f, 2.5f);
        subLong.data<long>().ToArray().Should().Equal(0, 1);
        subDouble.data<float>().ToArray().Should().Equal(0.5f, 1.5f);
        powDouble.dtype.Should().Be(ScalarType.Float32);
    }

    [Fact]
    public void Mean_OverDims_AveragesAndKeepsDims()
    {
        using var x = Tensors.From(new float[,] { { 1, 2 }, { 3, 4 } });

        using var all = x.Mean();
        using var rows = x.Mean(1, keepDim: true);
        using var both = x.Mean([0, 1], keepDim: true);

        all.item<float>().Should().Be(2.5f);
        rows.Shape.Should().Equal(2L, 1L);
        both.Shape.Should().Equal(1L, 1L);
    }

    [Fact]
    public void Mean_OfAnIntegerTensor_ExplainsHowToCast()
    {
        using var x = Tensors.From(new[] { 1, 2 });

        var act = () => x.Mean();

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("input");
        e.Message.Should().Be(
            "Mean: cannot average an int64 tensor: the output dtype of mean() cannot be inferred from integer or bool input (PyTorch raises the same error).\n" +
            "Expected: a floating-point or complex tensor.\n" +
            "Received: dtype int64.\n" +
            "Fix: cast first: x.Float().Mean() (or x.Double().Mean() for float64). (Parameter 'input')");
    }

    [Fact]
    public void Mean_OfABoolTensorOverADim_IsRefusedToo()
    {
        using var x = Tensors.From(new[] { true, false });

        FluentActions.Invoking(() => x.Mean(0)).Should().Throw<ArgumentException>().WithMessage("Mean: cannot average a bool tensor*");
        FluentActions.Invoking(() => x.Mean([0])).Should().Throw<ArgumentException>().WithMessage("Mean: cannot average a bool tensor*");
    }

    [Fact]
    public void Transpose_DimOutOfRange_GivesTheRangeAndTheShape()
    {
        using var x = zeros(2, 3);

        var act = () => x.Transpose(0, 2);

        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("dim1");
        e.Message.Should().Be(
            "Transpose: dim1 = 2 is out of range for a tensor of shape torch.Size([2, 3]).\n" +
            "Expected: a dim from -2 to 1 (negative dims count from the end).\n" +
            "Received: dim1 = 2.\n" +
            "Fix: pass a dim from -2 to 1; the tensor has 2 dimensions. (Parameter 'dim1')");
    }

    [Fact]
    public void Unsqueeze_DimOutOfRange_CountsTheInsertPositions()
    {
        using var x = zeros(5);

        var act = () => x.Unsqueeze(-3);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Be(
            "Unsqueeze: dim = -3 is out of range for a tensor of shape torch.Size([5]).\n" +
            "Expected: a dim from -2 to 1 (negative dims count from the end).\n" +
            "Received: dim = -3.\n" +
            "Fix: pass a dim from -2 to 1; the tensor has 1 dimension. (Parameter 'dim')");
    }

    [Fact]
    public void SumOverDims_RepeatedOrOutOfRange_NamesTheDims()
    {
        using var x = zeros(2, 3);

        var repeated = () => x.Sum([1, -1]);
        var outOfRange = () => x.Sum([0, 5]);

        repeated.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Sum: dim -1 appears more than once in dims (1, -1).\n" +
            "Expected: each dim at most once (negative dims count from the end, so -1 and the last dim are the same).\n" +
            "Received: dims = (1, -1) for a tensor of shape torch.Size([2, 3]).\n" +
            "Fix: list each dim once. (Parameter 'dims')");
        outOfRange.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Be(
            "Sum: dims[1] = 5 is out of range for a tensor of shape torch.Size([2, 3]).\n" +
            "Expected: a dim from -2 to 1 (negative dims count from the end).\n" +
            "Received: dims[1] = 5.\n" +
            "Fix: pass a dim from -2 to 1; the tensor has 2 dimensions. (Parameter 'dims')");
    }

    [Fact]
    public void Permute_WrongCount_SaysHowManyDimsAreNeeded()
    {
        using var x = zeros(3, 5, 7);

        var act = () => x.Permute(1, 0);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("dims");
        e.Message.Should().Be(
            "Permute: 2 dims given for a tensor of shape torch.Size([3, 5, 7]).\n" +
            "Expected: 3 dims, a reordering of 0..2 that names each dimension exactly once.\n" +
            "Received: dims = (1, 0).\n" +
            "Fix: name every dimension once, in its new order: x.Permute(1, 2, 0) moves dimension 0 last. (Parameter 'dims')");
    }

    [Fact]
    public void Permute_RepeatedDim_NamesIt()
    {
        using var x = zeros(3, 5, 7);

        var act = () => x.Permute(2, -1, 0);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Permute: dim -1 appears more than once in dims (2, -1, 0).\n" +
            "Expected: each dim at most once (negative dims count from the end, so -1 and the last dim are the same).\n" +
            "Received: dims = (2, -1, 0) for a tensor of shape torch.Size([3, 5, 7]).\n" +
            "Fix: list each dim once. (Parameter 'dims')");
    }

    [Fact]
    public void Bmm_NotThreeDimensional_StatesTheRule()
    {
        using var x = zeros(10, 8, 6);
        using var matrix = zeros(6, 9);

        var act = () => x.Bmm(matrix);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("other");
        e.Message.Should().Be(
            "Bmm: other has 2 dimensions, but a batched matrix product needs 3.\n" +
            "Expected: two 3-D tensors, input (B, M, N) and other (B, N, K), with the same B and N1 == N2; the result is (B, M, K).\n" +
            "Received: input torch.Size([10, 8, 6]), other torch.Size([6, 9]).\n" +
            "Fix: Unsqueeze(0) a single matrix to make a batch of one, or use x.Matmul(y), which broadcasts. (Parameter 'other')");
    }

    [Fact]
    public void Bmm_BatchMismatch_StatesTheRule()
    {
        using var x = zeros(10, 8, 6);
        using var y = zeros(9, 6, 9);

        var act = () => x.Bmm(y);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Bmm: the batch sizes differ: input has B = 10, other has B = 9.\n" +
            "Expected: two 3-D tensors, input (B, M, N) and other (B, N, K), with the same B and N1 == N2; the result is (B, M, K).\n" +
            "Received: input torch.Size([10, 8, 6]), other torch.Size([9, 6, 9]).\n" +
            "Fix: pass batches of the same length, one matrix pair per batch entry. (Parameter 'other')");
    }

    [Fact]
    public void Bmm_InnerMismatch_StatesTheRule()
    {
        using var x = zeros(10, 8, 6);
        using var y = zeros(10, 7, 9);

        var act = () => x.Bmm(y);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Bmm: the inner sizes differ: input's last dimension is N1 = 6, other's middle dimension is N2 = 7.\n" +
            "Expected: two 3-D tensors, input (B, M, N) and other (B, N, K), with the same B and N1 == N2; the result is (B, M, K).\n" +
            "Received: input torch.Size([10, 8, 6]), other torch.Size([10, 7, 9]).\n" +
            "Fix: Transpose(1, 2) the operand that is the wrong way round, so that input's columns match other's rows. (Parameter 'other')");
    }

    [Fact]
    public void Bmm_InputNotThreeDimensional_NamesInput()
    {
        using var vector = zeros(6);
        using var y = zeros(10, 6, 9);

        var act = () => vector.Bmm(y);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("input");
        e.Message.Should().StartWith("Bmm: input has 1 dimensions, but a batched matrix product needs 3.\n");
    }

    [Fact]
    public void Add_ShapesThatDoNotBroadcast_NamesBothShapesAndTheRule()
    {
        using var x = zeros(2, 3);
        using var y = zeros(4);

        var act = () => x.Add(y);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("other");
        e.InnerException.Should().BeOfType<System.Runtime.InteropServices.ExternalException>();
        e.Message.Should().Be(
            "Add: shapes torch.Size([2, 3]) and torch.Size([4]) cannot be broadcast together: size 3 vs 4 in the 1st dimension from the end.\n" +
            "Expected: in each dimension, counted from the last one, equal sizes or a size of 1 (a missing dimension counts as 1).\n" +
            "Received: torch.Size([2, 3]) and torch.Size([4]).\n" +
            "Fix: reshape or Unsqueeze one operand so that each dimension matches or is 1. (Parameter 'other')");
    }

    [Fact]
    public void Pow_ShapesThatDoNotBroadcast_NamesTheDimension()
    {
        using var x = zeros(4, 2, 3);
        using var y = zeros(5, 3);

        FluentActions.Invoking(() => x.Pow(y)).Should().Throw<ArgumentException>()
            .WithMessage("Pow: shapes torch.Size([4, 2, 3]) and torch.Size([5, 3]) cannot be broadcast together: size 2 vs 5 in the 2nd dimension from the end.*");
    }

    [Fact]
    public void Sub_OfBoolTensors_IsANativeFailureWithTheInputs()
    {
        using var x = Tensors.From(new[] { true });

        var act = () => x.Sub(x);

        var e = act.Should().Throw<TorchOperationException>().Which;
        e.Operation.Should().Be("Sub");
        e.NativeReason.Should().StartWith("Subtraction, the `-` operator, with two bool tensors is not supported.");
        e.Shapes.Should().Equal(new Shape(1), new Shape(1));
    }

    [Fact]
    public void CatAndStack_NullOrEmptyInputs_AreRefused()
    {
        using var x = zeros(2);

        var empty = () => Tensors.Stack([]);
        var withNull = () => Tensors.Cat([x, null!]);

        empty.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Stack: there are no tensors to join.\n" +
            "Expected: at least one tensor.\n" +
            "Received: an empty list.\n" +
            "Fix: pass one or more tensors. (Parameter 'tensors')");
        withNull.Should().Throw<ArgumentNullException>().Which.Message.Should().Be(
            "Cat: tensors[1] is null.\n" +
            "Expected: tensors, none of them null.\n" +
            "Received: null at index 1.\n" +
            "Fix: pass only tensors you have created (and not disposed). (Parameter 'tensors')");
    }

    [Fact]
    public void Cat_Mismatches_NameTheTensorsTheDimensionAndTheRule()
    {
        using var x = zeros(2, 1, 3);
        using var y = zeros(2, 3, 3);
        using var m = zeros(2, 3);
        using var s = tensor(1f);

        FluentActions.Invoking(() => Tensors.Cat([x, y], 0)).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Cat: tensors[1] has size 3 in dimension 1 but tensors[0] has size 1.\n" +
            "Expected: the same size in every dimension except dim 0, the one Cat joins along.\n" +
            "Received: tensors[0] torch.Size([2, 1, 3]), tensors[1] torch.Size([2, 3, 3]).\n" +
            "Fix: make the sizes agree in dimension 1 (Transpose or Permute the tensors), or concatenate along dim 1 instead. (Parameter 'tensors')");
        FluentActions.Invoking(() => Tensors.Cat([x, m], 1)).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Cat: tensors[1] has 2 dimensions but tensors[0] has 3.\n" +
            "Expected: tensors with the same number of dimensions and the same size in every dimension except dim 1, the one Cat joins along.\n" +
            "Received: tensors[0] torch.Size([2, 1, 3]), tensors[1] torch.Size([2, 3]).\n" +
            "Fix: Unsqueeze or Squeeze the tensors to the same number of dimensions first. (Parameter 'tensors')");
        FluentActions.Invoking(() => Tensors.Cat([x, s])).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Cat: tensors[1] is a scalar (0-d) tensor, which has no dimension to concatenate along.\n" +
            "Expected: tensors with at least one dimension.\n" +
            "Received: tensors[0] torch.Size([2, 1, 3]), tensors[1] torch.Size([]).\n" +
            "Fix: Unsqueeze(0) the scalars first, or use Tensors.Stack, which adds the new dimension itself. (Parameter 'tensors')");
        FluentActions.Invoking(() => Tensors.Cat([x, y], -4)).Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Be(
            "Cat: dim = -4 is out of range for a tensor of shape torch.Size([2, 1, 3]).\n" +
            "Expected: a dim from -3 to 2 (negative dims count from the end).\n" +
            "Received: dim = -4.\n" +
            "Fix: pass a dim from -3 to 2; the tensor has 3 dimensions. (Parameter 'dim')");
    }

    [Fact]
    public void Stack_DifferentShapes_NamesThemAndTheRule()
    {
        using var x = zeros(2, 3);
        using var y = zeros(2, 3);
        using var z = zeros(2, 4);

        var act = () => Tensors.Stack([x, y, z]);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Stack: tensors[2] has shape torch.Size([2, 4]) but tensors[0] has shape torch.Size([2, 3]).\n" +
            "Expected: tensors of exactly the same shape (Stack adds a new dimension; Cat joins along an existing one).\n" +
            "Received: tensors[0] torch.Size([2, 3]), tensors[1] torch.Size([2, 3]), tensors[2] torch.Size([2, 4]).\n" +
            "Fix: make the shapes equal, or use Tensors.Cat to join along an existing dimension. (Parameter 'tensors')");
    }

    [Fact]
    public void Cat_OfTensorsOnDifferentDTypes_PromotesAndOfAnEnumerableWorks()
    {
        using var a = zeros(1, dtype: ScalarType.Int32);
        using var b = zeros(1, dtype: ScalarType.Float64);

        using var c = Tensors.Cat(new[] { a, b }.Where(_ => true));
        using var s = Tensors.Stack(new[] { b, b }.Where(_ => true), 1);

        c.dtype.Should().Be(ScalarType.Float64);
        s.Shape.Should().Equal(1L, 2L);
    }

    [Fact]
    public void CatAndStack_ManyTensors_JoinThemAll()
    {
        var parts = Enumerable.Range(0, 100).Select(i => full(1, 2, (float)i)).ToList();
        try
        {
            using var cat = Tensors.Cat(parts);
            using var stack = Tensors.Stack(parts, 1);

            cat.Shape.Should().Equal(100L, 2L);
            cat[99, 1].item<float>().Should().Be(99);
            stack.Shape.Should().Equal(1L, 100L, 2L);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    [Fact]
    public void CatAndStack_Results_JoinTheCurrentDisposeScope()
    {
        using var x = zeros(2);
        Tensor cat, stack;

        using (NewDisposeScope())
        {
            cat = Tensors.Cat([x, x]);
            stack = Tensors.Stack([x, x]);
        }

        cat.IsInvalid.Should().BeTrue();
        stack.IsInvalid.Should().BeTrue();
        x.IsInvalid.Should().BeFalse();
    }

    [Fact]
    public void Cat_OfADenseAndASparseTensor_IsANativeFailureDescribingBoth()
    {
        using var x = zeros(2);
        using var sparse = zeros(2).to_sparse();

        var act = () => Tensors.Cat([x, sparse]);

        var e = act.Should().Throw<TorchOperationException>().Which;
        e.Operation.Should().Be("Cat");
        e.Devices.Should().Equal("cpu", "cpu");
        e.NativeReason.Should().StartWith("Could not run 'aten::");
        e.NativeReason.Should().NotContain("\n");
        e.Message.Should().Contain("Inputs: tensors[0] torch.Size([2]) float32 on cpu, tensors[1] torch.Size([2]) float32 on cpu.");
    }

    [Fact]
    public void ViewOps_ShareMemoryWithTheirInput()
    {
        using var x = zeros(2, 3);

        using var t = x.Transpose(0, 1);
        using var u = x.Unsqueeze(0);
        using var p = x.Permute(1, 0);
        using var s = u.Squeeze(0);
        x.add_(1);

        t.sum().item<float>().Should().Be(6);
        u.sum().item<float>().Should().Be(6);
        p.sum().item<float>().Should().Be(6);
        s.sum().item<float>().Should().Be(6);
    }

    [Fact]
    public void Ops_OnADisposedTensor_FailWithTorchSharpsMessage()
    {
        var x = zeros(2);
        x.Dispose();
        using var y = zeros(2);

        FluentActions.Invoking(() => x.Transpose(0, 0)).Should().Throw<InvalidOperationException>().WithMessage("Tensor invalid -- empty handle.");
        FluentActions.Invoking(() => x.Add(2.5)).Should().Throw<InvalidOperationException>().WithMessage("Tensor invalid -- empty handle.");
        FluentActions.Invoking(() => y.Add(x)).Should().Throw<InvalidOperationException>().WithMessage("Tensor invalid -- empty handle.");
        FluentActions.Invoking(() => x.Sum()).Should().Throw<InvalidOperationException>().WithMessage("Tensor invalid -- empty handle.");
    }

    [Fact]
    public void OpResults_JoinTheCurrentDisposeScope()
    {
        using var x = ones(2, 3);
        var results = new List<Tensor>();

        using (NewDisposeScope())
        {
            results.Add(x.Add(x));
            results.Add(x.Pow(2));
            results.Add(x.Sum(0));
            results.Add(x.Mean([0, 1]));
            results.Add(x.Transpose(0, 1));
            results.Add(x.Permute(1, 0));
            results.Add(x.Long());
        }

        results.Should().OnlyContain(t => t.IsInvalid);
        x.IsInvalid.Should().BeFalse();
    }

    [Fact]
    public void Ops_InALoop_DoNotLeakNativeScalarsOrTensors()
    {
        // Many scalar ops: each frees its native scalar; the results are disposed by the scope.
        using var x = ones(2);
        for (var i = 0; i < 2000; i++)
        {
            using var scope = NewDisposeScope();
            _ = x.Add(i).Sub(0.5).Pow(2L);
        }

        using var last = x.Add(1999).Sub(0.5).Pow(2L);
        last.data<float>()[0].Should().Be(1999.5f * 1999.5f);
    }
}
