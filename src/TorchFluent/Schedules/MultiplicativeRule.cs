using static TorchSharp.torch.optim;

namespace TorchFluent;

/// <summary>PyTorch's MultiplicativeLR: from epoch 1 on, lr = lr * lambda(epoch).</summary>
internal sealed class MultiplicativeRule(IReadOnlyList<Func<int, double>> lambdas) : ScheduleRule
{
    Func<int, double>[] perGroup = [];

    protected override void Prepare(Optimizer optimizer)
    {
        var groups = optimizer.ParamGroups.Count();
        if (lambdas.Count != 1 && lambdas.Count != groups)
            throw new ArgumentException(Messages.ScheduleLambdaCount(lambdas.Count, groups), nameof(optimizer));
        perGroup = lambdas.Count == 1 ? Enumerable.Repeat(lambdas[0], groups).ToArray() : lambdas.ToArray();
    }

    protected override double[] ChainedLr() => LastEpoch > 0 ? Each(i => Lr(i) * perGroup[i](LastEpoch)) : Each(Lr);
}
