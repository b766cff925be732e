using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>TorchSharp's Adam, counting its steps (see <see cref="IStepCounter"/>); otherwise unchanged.</summary>
internal sealed class TrackedAdam : TorchSharp.Modules.Adam, IStepCounter
{
    public TrackedAdam(IEnumerable<TorchSharp.Modules.Adam.ParamGroup> groups, TorchSharp.Modules.Adam.Options options)
        : base(groups, options.LearningRate!.Value, options.beta1!.Value, options.beta2!.Value, options.eps!.Value, options.weight_decay!.Value, options.amsgrad!.Value, maximize: false)
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
