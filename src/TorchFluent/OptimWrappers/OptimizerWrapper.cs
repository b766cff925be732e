using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace TorchFluent;

/// <summary>
/// An optimizer that adds behaviour around another one. It is a TorchSharp <see cref="optim.Optimizer"/> whose
/// parameter groups are the inner optimizer's, so schedulers and code written for optimizers work through it.
/// Disposing it disposes the inner optimizer.
/// </summary>
internal abstract class OptimizerWrapper : Optimizer, IStepCounter
{
    protected OptimizerWrapper(Optimizer inner) : base(IntPtr.Zero)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The wrapped optimizer.</summary>
    public Optimizer Inner { get; }

    /// <summary>Calls of step() (what PyTorch's scheduler check counts).</summary>
    public long StepCount { get; protected set; }

    public override IEnumerable<ILearningRateController> ParamGroups => Inner.ParamGroups;

    public override IEnumerable<Parameter> parameters() => Inner.parameters();

    public override void zero_grad() => Inner.zero_grad();

    public override void add_param_group(ParamGroup param_group) => Inner.add_param_group(param_group);

    protected override void Dispose(bool disposing)
    {
        if (disposing) Inner.Dispose();
        base.Dispose(disposing);
    }
}
