using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Autograd on tensors, as in PyTorch: <c>x.RequiresGrad</c>, <c>z.Backward()</c>, <c>x.Grad</c>, <c>x.IsLeaf</c>,
/// <c>y.RetainGrad()</c>, <c>x.ZeroGrad()</c>.
/// </summary>
public static class AutogradExtensions
{
    extension(Tensor input)
    {
        /// <summary>
        /// Whether autograd records operations on this tensor (PyTorch: <c>x.requires_grad</c>). Only floating-point and
        /// complex tensors can require gradients, and only a leaf's flag can be turned off.
        /// </summary>
        /// <exception cref="ArgumentException">Set to true on an integer or bool tensor.</exception>
        /// <exception cref="InvalidOperationException">Set to false on a non-leaf tensor.</exception>
        public bool RequiresGrad
        {
            get => TensorMetadata.RequiresGrad(input);
            set
            {
                if (value)
                {
                    AutogradRules.CheckCanRequireGrad(TensorMetadata.DType(input), nameof(value));
                }
                else if (TensorMetadata.RequiresGrad(input) && !input.is_leaf)
                {
                    throw new InvalidOperationException(Messages.RequiresGradOnNonLeaf(TensorMetadata.ShapeOf(input)));
                }
                input.requires_grad = value;
            }
        }

        /// <summary>
        /// The gradient accumulated by <c>Backward()</c>, or null (PyTorch: <c>x.grad</c>). Only leaves that require
        /// gradients, and tensors that called <see cref="RetainGrad"/>, get one; reading it on another non-leaf
        /// returns null and libtorch prints a warning, as PyTorch does. Each read returns a new handle to the same
        /// gradient: dispose it in loops.
        /// </summary>
        public Tensor? Grad => input.grad;

        /// <summary>
        /// True for a leaf of the autograd graph (PyTorch: <c>x.is_leaf</c>): every tensor that does not require
        /// gradients (including results of operations and <c>detach()</c>), and every tensor that requires gradients
        /// and was created by you rather than computed.
        /// </summary>
        public bool IsLeaf => input.is_leaf;

        /// <summary>Keeps this non-leaf tensor's gradient after <c>Backward()</c> (PyTorch: <c>y.retain_grad()</c>); a no-op on leaves.</summary>
        /// <exception cref="InvalidOperationException">The tensor does not require gradients.</exception>
        public void RetainGrad()
        {
            if (!TensorMetadata.RequiresGrad(input)) throw new InvalidOperationException(Messages.RetainGradNoGrad);
            input.retain_grad();
        }

        /// <summary>
        /// Computes the gradient of this output with respect to every leaf that requires gradients and adds it to
        /// their <c>Grad</c> (PyTorch: <c>z.backward()</c>). Gradients accumulate: clear them between steps.
        /// </summary>
        /// <param name="gradient">The gradient to start from; required when the output has more than one element.</param>
        /// <param name="retainGraph">Keep the graph for another Backward(); null means the value of <paramref name="createGraph"/>, as in PyTorch.</param>
        /// <param name="createGraph">Record the backward pass too, for higher-order gradients (then the gradients require gradients themselves).</param>
        /// <exception cref="InvalidOperationException">The output does not require gradients, or its graph was already freed by an earlier Backward().</exception>
        /// <exception cref="ArgumentException">The output is not a scalar and no <paramref name="gradient"/> was given.</exception>
        /// <exception cref="TorchOperationException">libtorch refused the backward pass (for example a gradient of the wrong shape).</exception>
        public void Backward(Tensor? gradient = null, bool? retainGraph = null, bool createGraph = false)
        {
            if (!TensorMetadata.RequiresGrad(input))
                throw new InvalidOperationException(Messages.BackwardNoGraph(TensorMetadata.ShapeOf(input)));
            if (gradient is null && TensorMetadata.Numel(input) != 1)
                throw new ArgumentException(Messages.BackwardNonScalar(TensorMetadata.ShapeOf(input)), nameof(gradient));
            try
            {
                if (gradient is null && retainGraph is null or false && !createGraph)
                {
                    // The common case (loss.Backward()): libtorch's own defaults, without the handle arrays below.
                    input.backward();
                }
                else
                {
                    // Not Tensor.backward(grad, ...): it passes retain_graph = false even with create_graph = true,
                    // where PyTorch (and torch.autograd.backward) default retain_graph to create_graph.
                    autograd.backward(input, gradient is null ? null : [gradient], retainGraph, createGraph);
                }
            }
            catch (Exception e) when (TorchOperationException.IsNative(e))
            {
                if (e.Message.Contains("backward through the graph a second time", StringComparison.Ordinal))
                    throw new InvalidOperationException(Messages.BackwardTwice, e);
                throw gradient is null
                    ? TorchOperationException.Create("Backward", e, input)
                    : TorchOperationException.Create("Backward", e, [input, gradient], ["output", "gradient"]);
            }
        }

        /// <summary>
        /// Clears this tensor's accumulated gradient. By default it removes it (<c>Grad</c> becomes null), as
        /// PyTorch 2's <c>optimizer.zero_grad()</c> and TorchSharp's <c>Module.zero_grad()</c> do; with
        /// <paramref name="setToNone"/> false it fills it with zeros in place, as PyTorch 1.x did.
        /// </summary>
        /// <param name="setToNone">True to remove the gradient, false to zero it in place.</param>
        public void ZeroGrad(bool setToNone = true)
        {
            if (setToNone)
            {
                input.grad = null;
                return;
            }
            using var grad = input.grad;
            if (grad is null) return;
            // As torch.optim.Optimizer.zero_grad(set_to_none=False): take the gradient out of any graph first.
            if (grad.requires_grad)
            {
                if (grad.is_leaf) grad.requires_grad = false;
                else grad.detach_();
            }
            grad.zero_();
        }
    }
}
