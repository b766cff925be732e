using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Lookahead (Zhang et al. 2019, "Lookahead Optimizer: k steps forward, 1 step back", Algorithm 1): the slow weights
/// start at the initial weights; after every k inner steps they move alpha of the way to the fast weights, and the
/// fast weights restart from them. PyTorch has no Lookahead; this follows the paper.
/// </summary>
internal sealed class LookaheadOptimizer : OptimizerWrapper
{
    readonly int k;
    readonly double alpha;
    readonly List<(Parameter Fast, Tensor Slow)> weights = [];

    public LookaheadOptimizer(optim.Optimizer inner, int k, double alpha) : base(inner)
    {
        this.k = k;
        this.alpha = alpha;
        Track(inner.parameters());
    }

    void Track(IEnumerable<Parameter> parameters)
    {
        using var noGrad = no_grad();
        foreach (var p in parameters) weights.Add((p, p.detach().clone().DetachFromDisposeScope()));
    }

    public override Tensor step(Func<Tensor>? closure = null)
    {
        var loss = Inner.step(closure);
        StepCount++;
        if (StepCount % k == 0) Synchronise();
        return loss;
    }

    void Synchronise()
    {
        using var noGrad = no_grad();
        foreach (var (fast, slow) in weights)
        {
            // slow += alpha * (fast - slow); fast = slow  (the paper's update, in the reference's operation order)
            using var difference = fast.sub(slow);
            slow.add_(difference, alpha);
            fast.copy_(slow);
        }
    }

    public override void add_param_group(ParamGroup param_group)
    {
        base.add_param_group(param_group);
        Track(param_group.Parameters);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var (_, slow) in weights) slow.Dispose();
            weights.Clear();
        }
        base.Dispose(disposing);
    }
}
