using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>TorchSharp's Adagrad, counting its steps (see <see cref="IStepCounter"/>); otherwise unchanged.</summary>
internal sealed class TrackedAdagrad : TorchSharp.Modules.Adagrad, IStepCounter
{
    public TrackedAdagrad(IEnumerable<TorchSharp.Modules.Adagrad.ParamGroup> groups, TorchSharp.Modules.Adagrad.Options options)
        : base(groups, options.LearningRate!.Value, options.lr_decay!.Value, options.weight_decay!.Value, options.initial_accumulator_value!.Value, options.eps!.Value)
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
