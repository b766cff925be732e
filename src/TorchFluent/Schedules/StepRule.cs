namespace TorchFluent;

/// <summary>PyTorch's StepLR: multiply by gamma every stepSize epochs.</summary>
internal sealed class StepRule(int stepSize, double gamma) : ScheduleRule
{
    protected override double[] ChainedLr() =>
        LastEpoch == 0 || LastEpoch % stepSize != 0 ? Each(Lr) : Each(i => Lr(i) * gamma);

    protected override double[] ClosedFormLr() => Each(i => BaseLrs[i] * Math.Pow(gamma, LastEpoch / stepSize));
}
