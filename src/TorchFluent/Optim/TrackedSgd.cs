using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>TorchSharp's SGD, counting its steps (see <see cref="IStepCounter"/>); otherwise unchanged.</summary>
internal sealed class TrackedSgd : TorchSharp.Modules.SGD, IStepCounter
{
    public TrackedSgd(IEnumerable<TorchSharp.Modules.SGD.ParamGroup> groups, TorchSharp.Modules.SGD.Options options)
        : base(groups, options.LearningRate!.Value, options.momentum!.Value, options.dampening!.Value, options.weight_decay!.Value, options.nesterov!.Value, maximize: false)
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
