using static TorchSharp.torch.optim;

namespace TorchFluent;

/// <summary>
/// PyTorch's SequentialLR: each child schedule runs until the next milestone; at a milestone the next child restarts
/// from its epoch 0 (its closed form where it has one). The construction sequence (each child attached with its
/// initial step, then the rates reset and the children stepped back) is PyTorch's, so the rates are too.
/// </summary>
internal sealed class SequentialRule(IReadOnlyList<ScheduleRule> children, IReadOnlyList<int> milestones) : ScheduleRule
{
    public override void Attach(Optimizer optimizer)
    {
        foreach (var child in children) child.Attach(optimizer);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = group.InitialLearningRate;
        foreach (var child in children) child.LastEpoch -= 1;
        children[0].Step(null);
        LastEpoch = 0;
        SetLastLrs(children[0].LastLrs);
    }

    public override double[] Step(int? epoch)
    {
        if (epoch is not null) throw new NotSupportedException(Messages.ScheduleSequentialEpoch);
        LastEpoch++;
        var index = milestones.Count(m => m <= LastEpoch); // bisect_right
        var child = children[index];
        var lrs = index > 0 && milestones[index - 1] == LastEpoch ? child.Step(0) : child.Step(null);
        SetLastLrs(lrs);
        return lrs;
    }

    protected override double[] ChainedLr() => throw new System.Diagnostics.UnreachableException();
}
