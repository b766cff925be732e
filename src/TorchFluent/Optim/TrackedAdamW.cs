using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>TorchSharp's AdamW, counting its steps (see <see cref="IStepCounter"/>); otherwise unchanged.</summary>
internal sealed class TrackedAdamW : TorchSharp.Modules.AdamW, IStepCounter
{
    public TrackedAdamW(IEnumerable<TorchSharp.Modules.AdamW.ParamGroup> groups, TorchSharp.Modules.AdamW.Options options)
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
