using static TorchSharp.torch;

namespace TorchFluent.Examples;

/// <summary>
/// PyTorch's <c>class Huber(torch.autograd.Function)</c>: the Huber loss (delta 1) with a hand-written backward.
/// forward: mean of 0.5 d² where |d| &lt;= 1, |d| - 0.5 elsewhere (d = output - target);
/// backward: d / n clipped to [-1/n, 1/n].
/// </summary>
internal sealed class HuberFunction : autograd.SingleTensorFunction<HuberFunction>
{
    public override string Name => "Huber";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (output, target) = ((Tensor)vars[0], (Tensor)vars[1]);
        using var scope = NewDisposeScope();
        var difference = output - target;
        ctx.save_for_backward([difference.MoveToOuterDisposeScope()]);
        var absolute = difference.abs();
        var quadratic = difference.square() * 0.5;
        var linear = absolute - 0.5;
        return where(absolute.le(1.0), quadratic, linear).mean().MoveToOuterDisposeScope();
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var difference = ctx.get_saved_variables()[0];
        using var scope = NewDisposeScope();
        var gradient = difference.clamp(-1.0, 1.0) / difference.numel() * gradOutput;
        return [gradient.MoveToOuterDisposeScope(), null!];   // no gradient for the target
    }
}

/// <summary>Compares the hand-written backward with central finite differences, in float64 (PyTorch's gradcheck).</summary>
internal static class GradCheck
{
    public static bool Passes(Tensor x, Tensor target, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        using var loss = HuberFunction.apply(x, target);
        using var analytic = autograd.grad([loss], [x])[0];
        using var noGrad = no_grad();
        using var flat = x.detach().clone().reshape(-1);
        for (var i = 0; i < flat.numel(); i++)
        {
            var original = flat[i].item<double>();
            flat[i] = original + eps;
            using var plus = HuberFunction.apply(flat.reshape(x.shape), target);
            flat[i] = original - eps;
            using var minus = HuberFunction.apply(flat.reshape(x.shape), target);
            flat[i] = original;
            var numeric = (plus.item<double>() - minus.item<double>()) / (2 * eps);
            var exact = analytic.reshape(-1)[i].item<double>();
            if (Math.Abs(numeric - exact) > atol + rtol * Math.Abs(numeric)) return false;
        }
        return true;
    }
}
