namespace TorchFluent;

/// <summary>PyTorch's LinearLR (linear warm-up): the factor goes from startFactor to endFactor over totalIters epochs.</summary>
internal sealed class LinearRule(double startFactor, double endFactor, int totalIters) : ScheduleRule
{
    protected override double[] ChainedLr()
    {
        if (LastEpoch == 0) return Each(i => Lr(i) * startFactor);
        if (LastEpoch > totalIters) return Each(Lr);
        var factor = 1.0 + (endFactor - startFactor) / (totalIters * startFactor + (LastEpoch - 1) * (endFactor - startFactor));
        return Each(i => Lr(i) * factor);
    }

    protected override double[] ClosedFormLr() =>
        Each(i => BaseLrs[i] * (startFactor + (endFactor - startFactor) * Math.Min(totalIters, LastEpoch) / totalIters));
}
