namespace TorchFluent;

/// <summary>PyTorch's ConstantLR: lr * factor for the first totalIters epochs, then lr.</summary>
internal sealed class ConstantRule(double factor, int totalIters) : ScheduleRule
{
    protected override double[] ChainedLr()
    {
        if (LastEpoch == 0) return Each(i => Lr(i) * factor);
        if (LastEpoch > totalIters || LastEpoch != totalIters) return Each(Lr);
        return Each(i => Lr(i) * (1.0 / factor));
    }

    protected override double[] ClosedFormLr() =>
        Each(i => BaseLrs[i] * (factor + (LastEpoch >= totalIters ? 1 : 0) * (1 - factor)));
}
