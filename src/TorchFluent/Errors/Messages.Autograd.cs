namespace TorchFluent;

internal static partial class Messages
{
    internal static string RequiresGradNotFloating(string dtype) =>
        $"Only floating-point and complex tensors can require gradients; this one is {dtype}.\n" +
        "Expected: a float32, float64, float16, bfloat16, complex64 or complex128 tensor (PyTorch: \"Only Tensors of floating point and complex dtype can require gradients\").\n" +
        $"Received: dtype {dtype}.\n" +
        "Fix: create the data as floating point (new float[] { 1, 2, 3 }, or dtype: DType.Float32), or cast first: x.Float().";

    internal static string BackwardNoGraph(Shape shape) =>
        $"Backward: the output {shape} does not require gradients, so there is no graph to run backward through.\n" +
        "Expected: an output computed from at least one tensor with RequiresGrad = true, outside Autograd.NoGrad() and Autograd.InferenceMode().\n" +
        "Received: an output with RequiresGrad = false (PyTorch: \"element 0 of tensors does not require grad and does not have a grad_fn\").\n" +
        "Fix: create the inputs with requiresGrad: true (or set x.RequiresGrad = true) before computing the output, outside any NoGrad scope.";

    internal static string BackwardNonScalar(Shape shape) =>
        $"Backward: the output has shape {shape}, so there is no single value to differentiate.\n" +
        "Expected: a scalar output (one element), such as a loss, or a gradient of the output's shape to start from.\n" +
        $"Received: an output of shape {shape} and no gradient (PyTorch: \"grad can be implicitly created only for scalar outputs\").\n" +
        "Fix: reduce the output first (y.Sum().Backward()), or pass the starting gradient: y.Backward(ones_like(y)).";

    internal const string BackwardTwice =
        "Backward: this graph was already run backward once, and that freed the values it needs.\n" +
        "Expected: a graph whose saved values are still there: each Backward() frees them unless told otherwise.\n" +
        "Received: a second Backward() through the same graph (PyTorch: \"Trying to backward through the graph a second time\"). " +
        "The reference text's \"z.backward(); z.backward()\" fails the same way in PyTorch.\n" +
        "Fix: pass retainGraph: true to every Backward() but the last (z.Backward(retainGraph: true); z.Backward();), " +
        "or recompute the output before each Backward(). Gradients add up across calls either way: clear them with x.ZeroGrad().";

    internal const string RetainGradNoGrad =
        "RetainGrad: the tensor does not require gradients, so there is no gradient to keep.\n" +
        "Expected: a tensor with RequiresGrad = true, typically an intermediate result computed from a leaf that requires gradients.\n" +
        "Received: a tensor with RequiresGrad = false (PyTorch: \"can't retain_grad on Tensor that has requires_grad=False\").\n" +
        "Fix: compute the tensor from inputs created with requiresGrad: true, outside any NoGrad scope.";

    internal static string RequiresGradOnNonLeaf(Shape shape) =>
        $"RequiresGrad: cannot turn gradient tracking off on the non-leaf tensor {shape}.\n" +
        "Expected: a leaf tensor (one created by you, not computed from tensors that require gradients).\n" +
        "Received: a tensor computed by autograd-tracked operations (PyTorch: \"you can only change requires_grad flags of leaf variables\").\n" +
        "Fix: use y.detach() for a copy outside the graph, or compute y inside Autograd.NoGrad().";
}
