namespace TorchFluent;

/// <summary>PyTorch's ExponentialLR: multiply by gamma every epoch.</summary>
internal sealed class ExponentialRule(double gamma) : ScheduleRule
{
    protected override double[] ChainedLr() => LastEpoch == 0 ? Each(Lr) : Each(i => Lr(i) * gamma);

    protected override double[] ClosedFormLr() => Each(i => BaseLrs[i] * Math.Pow(gamma, LastEpoch));
}
