using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>TorchSharp's RMSProp, counting its steps (see <see cref="IStepCounter"/>); otherwise unchanged.</summary>
internal sealed class TrackedRmsProp : TorchSharp.Modules.RMSProp, IStepCounter
{
    public TrackedRmsProp(IEnumerable<TorchSharp.Modules.RMSProp.ParamGroup> groups, TorchSharp.Modules.RMSProp.Options options)
        : base(groups, options.LearningRate!.Value, options.alpha!.Value, options.eps!.Value, options.weight_decay!.Value, options.momentum!.Value, options.centered!.Value, maximize: false)
    {
    }

    public long StepCount { get; private set; }

    public override Tensor step(Func<Tensor>? closure = null)
    {
        var loss = base.step(closure);
        StepCount++;
        return loss;
    }
}
