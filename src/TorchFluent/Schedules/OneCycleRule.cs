using static TorchSharp.torch.optim;

namespace TorchFluent;

/// <summary>
/// PyTorch's OneCycleLR (1cycle policy), ported from PyTorch 1.13. TorchSharp's OneCycleLR tests the parameter-group
/// index where PyTorch tests the phase index, so with two groups, or at the last step, its rates differ from PyTorch's.
/// </summary>
internal sealed class OneCycleRule(IReadOnlyList<double> maxLr, int totalSteps, double pctStart, AnnealStrategy anneal, bool cycleMomentum,
    IReadOnlyList<double> baseMomentum, IReadOnlyList<double> maxMomentum, double divFactor, double finalDivFactor, bool threePhase) : ScheduleRule
{
    enum Value { InitialLr, MaxLr, MinLr, MaxMomentum, BaseMomentum }

    sealed record Phase(double EndStep, Value StartLr, Value EndLr, Value StartMomentum, Value EndMomentum);

    readonly Phase[] phases = threePhase
        ?
        [
            new(pctStart * totalSteps - 1, Value.InitialLr, Value.MaxLr, Value.MaxMomentum, Value.BaseMomentum),
            new(2 * pctStart * totalSteps - 2, Value.MaxLr, Value.InitialLr, Value.BaseMomentum, Value.MaxMomentum),
            new(totalSteps - 1, Value.InitialLr, Value.MinLr, Value.MaxMomentum, Value.MaxMomentum),
        ]
        :
        [
            new(pctStart * totalSteps - 1, Value.InitialLr, Value.MaxLr, Value.MaxMomentum, Value.BaseMomentum),
            new(totalSteps - 1, Value.MaxLr, Value.MinLr, Value.BaseMomentum, Value.MaxMomentum),
        ];

    double[][] values = [];

    protected override void Prepare(Optimizer optimizer)
    {
        var count = Groups.Count;
        var max = PerGroup("maxLr", maxLr, count);
        var initial = max.Select(m => m / divFactor).ToArray();
        var min = initial.Select(i => i / finalDivFactor).ToArray();
        var maxMom = PerGroup("maxMomentum", maxMomentum, count);
        var baseMom = PerGroup("baseMomentum", baseMomentum, count);
        values = [initial, max, min, maxMom, baseMom];
        for (var i = 0; i < count; i++) Groups[i].InitialLearningRate = initial[i];
        if (!cycleMomentum) return;
        if (Groups.Any(g => g is not (IBetas or IMomentum)))
            throw new ArgumentException(Messages.ScheduleNoMomentum(optimizer.GetType().Name), nameof(optimizer));
        for (var i = 0; i < count; i++) SetMomentum(i, maxMom[i]);
    }

    static double[] PerGroup(string name, IReadOnlyList<double> values, int groups)
    {
        if (values.Count == 1) return Enumerable.Repeat(values[0], groups).ToArray();
        if (values.Count != groups) throw new ArgumentException(Messages.ScheduleListCount("Schedules.OneCycle", name, values.Count, groups), name);
        return values.ToArray();
    }

    void SetMomentum(int group, double momentum)
    {
        switch (Groups[group])
        {
            case IBetas betas:
                betas.Betas = (momentum, betas.Betas.Item2);
                break;
            case IMomentum m:
                m.Momentum = momentum;
                break;
        }
    }

    double Anneal(double start, double end, double pct) => anneal == AnnealStrategy.Cos
        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (end - start) * pct + start;

    protected override double[] ChainedLr()
    {
        var step = LastEpoch;
        if (step > totalSteps) throw new InvalidOperationException(Messages.ScheduleOneCycleExhausted(step + 1, totalSteps));
        return Each(g =>
        {
            double start = 0, lr = 0, momentum = 0;
            for (var i = 0; i < phases.Length; i++)
            {
                var phase = phases[i];
                if (step <= phase.EndStep || i == phases.Length - 1)
                {
                    var pct = (step - start) / (phase.EndStep - start);
                    lr = Anneal(values[(int)phase.StartLr][g], values[(int)phase.EndLr][g], pct);
                    momentum = Anneal(values[(int)phase.StartMomentum][g], values[(int)phase.EndMomentum][g], pct);
                    break;
                }
                start = phase.EndStep;
            }
            if (cycleMomentum) SetMomentum(g, momentum);
            return lr;
        });
    }
}
