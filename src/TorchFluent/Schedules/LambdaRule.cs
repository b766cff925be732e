using static TorchSharp.torch.optim;

namespace TorchFluent;

/// <summary>PyTorch's LambdaLR: lr = base_lr * lambda(epoch), one lambda for all groups or one per group.</summary>
internal sealed class LambdaRule(IReadOnlyList<Func<int, double>> lambdas) : ScheduleRule
{
    Func<int, double>[] perGroup = [];

    protected override void Prepare(Optimizer optimizer)
    {
        var groups = optimizer.ParamGroups.Count();
        if (lambdas.Count != 1 && lambdas.Count != groups)
            throw new ArgumentException(Messages.ScheduleLambdaCount(lambdas.Count, groups), nameof(optimizer));
        perGroup = lambdas.Count == 1 ? Enumerable.Repeat(lambdas[0], groups).ToArray() : lambdas.ToArray();
    }

    protected override double[] ChainedLr() => Each(i => BaseLrs[i] * perGroup[i](LastEpoch));
}
