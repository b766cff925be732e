namespace TorchFluent;

/// <summary>
/// PyTorch's CosineAnnealingLR (the recursive form step() uses): lr follows half a cosine from the base lr down to
/// etaMin over tMax epochs, then back up, and so on.
/// </summary>
internal sealed class CosineAnnealingRule(int tMax, double etaMin) : ScheduleRule
{
    protected override double[] ChainedLr()
    {
        if (LastEpoch == 0) return Each(Lr);
        // Python's % is never negative and C#'s keeps the sign, but "divisible" means the same for both.
        if ((LastEpoch - 1 - tMax) % (2 * tMax) == 0)
            return Each(i => Lr(i) + (BaseLrs[i] - etaMin) * (1 - Math.Cos(Math.PI / tMax)) / 2);
        return Each(i => (1 + Math.Cos(Math.PI * LastEpoch / tMax)) / (1 + Math.Cos(Math.PI * (LastEpoch - 1) / tMax)) * (Lr(i) - etaMin) + etaMin);
    }

    protected override double[] ClosedFormLr() =>
        Each(i => etaMin + (BaseLrs[i] - etaMin) * (1 + Math.Cos(Math.PI * LastEpoch / tMax)) / 2);
}
