using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Accumulates gradients over several step() calls: only every n-th call updates the parameters, with the average of
/// the accumulated gradients (like Keras's gradient_accumulation_steps), and zero_grad() only clears gradients after
/// an update. Two half-batches therefore give the full-batch update.
/// </summary>
internal sealed class AccumulatingOptimizer : OptimizerWrapper
{
    readonly int steps;
    int pending;

    public AccumulatingOptimizer(optim.Optimizer inner, int steps) : base(inner) => this.steps = steps;

    /// <summary>Micro-batches accumulated since the last update.</summary>
    public int Pending => pending;

    public override Tensor step(Func<Tensor>? closure = null)
    {
        if (closure is not null) throw new NotSupportedException(Messages.WrapperClosureWithAccumulation);
        StepCount++;
        if (++pending < steps) return null!;
        pending = 0;
        using (no_grad())
        {
            foreach (var p in Inner.parameters())
            {
                using var grad = p.grad;
                grad?.div_(steps);
            }
        }
        return Inner.step();
    }

    public override void zero_grad()
    {
        // Between updates the gradients are the running sum: keep them.
        if (pending == 0) Inner.zero_grad();
    }
}
