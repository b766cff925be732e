namespace TorchFluent;

/// <summary>
/// PyTorch's MultiStepLR: multiply by gamma at each milestone; a milestone listed twice multiplies by gamma twice
/// (PyTorch counts milestones; TorchSharp's MultiStepLR applies gamma once).
/// </summary>
internal sealed class MultiStepRule(IReadOnlyList<int> milestones, double gamma) : ScheduleRule
{
    readonly int[] sorted = milestones.Order().ToArray();

    protected override double[] ChainedLr()
    {
        var count = sorted.Count(m => m == LastEpoch);
        return count == 0 ? Each(Lr) : Each(i => Lr(i) * Math.Pow(gamma, count));
    }

    protected override double[] ClosedFormLr()
    {
        var passed = sorted.Count(m => m <= LastEpoch); // bisect_right
        return Each(i => BaseLrs[i] * Math.Pow(gamma, passed));
    }
}
