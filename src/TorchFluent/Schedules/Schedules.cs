using System.Globalization;

namespace TorchFluent;

/// <summary>
/// Learning-rate schedules (PyTorch's <c>torch.optim.lr_scheduler</c>), as specs built for an optimizer later:
/// <c>Schedules.Lambda(epoch =&gt; Math.Pow(0.95, epoch)).Build(optimizer)</c>. The rates are PyTorch 1.13's. Arguments
/// are checked when the spec is made, all problems reported together.
/// </summary>
public static class Schedules
{
    /// <summary>PyTorch's LambdaLR: lr = initial lr * lrLambda(epoch). <c>Lambda(e =&gt; Math.Pow(0.95, e))</c> from 0.1 gives 0.1, 0.095, 0.09025 ...</summary>
    /// <param name="lrLambda">The factor for an epoch (applied to every parameter group).</param>
    public static SchedulerSpec Lambda(Func<int, double> lrLambda)
    {
        ArgumentNullException.ThrowIfNull(lrLambda);
        return new("Schedules.Lambda(...)", () => new LambdaRule([lrLambda]), ScheduleInterval.Epoch);
    }

    /// <summary>PyTorch's LambdaLR with one lambda per parameter group, in the optimizer's group order.</summary>
    /// <param name="lrLambdas">One factor function per group.</param>
    public static SchedulerSpec Lambda(IEnumerable<Func<int, double>> lrLambdas)
    {
        var list = Lambdas(lrLambdas, "Schedules.Lambda");
        return new($"Schedules.Lambda({list.Count} lambdas)", () => new LambdaRule(list), ScheduleInterval.Epoch);
    }

    /// <summary>PyTorch's MultiplicativeLR: from epoch 1 on, lr = lr * lrLambda(epoch).</summary>
    /// <param name="lrLambda">The factor for an epoch.</param>
    public static SchedulerSpec Multiplicative(Func<int, double> lrLambda)
    {
        ArgumentNullException.ThrowIfNull(lrLambda);
        return new("Schedules.Multiplicative(...)", () => new MultiplicativeRule([lrLambda]), ScheduleInterval.Epoch);
    }

    /// <summary>PyTorch's MultiplicativeLR with one lambda per parameter group.</summary>
    /// <param name="lrLambdas">One factor function per group.</param>
    public static SchedulerSpec Multiplicative(IEnumerable<Func<int, double>> lrLambdas)
    {
        var list = Lambdas(lrLambdas, "Schedules.Multiplicative");
        return new($"Schedules.Multiplicative({list.Count} lambdas)", () => new MultiplicativeRule(list), ScheduleInterval.Epoch);
    }

    /// <summary>PyTorch's StepLR: multiply the rate by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs.</summary>
    /// <param name="stepSize">Epochs between decays; 1 or more.</param>
    /// <param name="gamma">The decay factor (PyTorch's default 0.1).</param>
    public static SchedulerSpec Step(int stepSize, double gamma = 0.1)
    {
        var problems = new List<string>();
        AtLeastOne(problems, "stepSize", stepSize);
        Finite(problems, "gamma", gamma);
        ThrowIfAny("Schedules.Step", problems);
        return new($"Schedules.Step({stepSize}, gamma: {F(gamma)})", () => new StepRule(stepSize, gamma), ScheduleInterval.Epoch);
    }

    /// <summary>PyTorch's MultiStepLR: multiply the rate by <paramref name="gamma"/> at each milestone epoch (twice if listed twice).</summary>
    /// <param name="milestones">Epoch indices.</param>
    /// <param name="gamma">The decay factor (PyTorch's default 0.1).</param>
    public static SchedulerSpec MultiStep(IEnumerable<int> milestones, double gamma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        var list = milestones.ToList();
        var problems = new List<string>();
        foreach (var m in list.Where(m => m < 0)) problems.Add(Messages.ScheduleProblem("milestones", "epochs >= 0", m));
        Finite(problems, "gamma", gamma);
        ThrowIfAny("Schedules.MultiStep", problems);
        return new($"Schedules.MultiStep([{string.Join(", ", list)}], gamma: {F(gamma)})", () => new MultiStepRule(list, gamma), ScheduleInterval.Epoch);
    }

    /// <summary>PyTorch's ExponentialLR: multiply the rate by <paramref name="gamma"/> every epoch.</summary>
    /// <param name="gamma">The decay factor.</param>
    public static SchedulerSpec Exponential(double gamma)
    {
        var problems = new List<string>();
        Finite(problems, "gamma", gamma);
        ThrowIfAny("Schedules.Exponential", problems);
        return new($"Schedules.Exponential({F(gamma)})", () => new ExponentialRule(gamma), ScheduleInterval.Epoch);
    }

    /// <summary>
    /// PyTorch's CosineAnnealingLR: half a cosine from the initial rate down to <paramref name="etaMin"/> over
    /// <paramref name="tMax"/> epochs (then back up, as PyTorch does if you keep stepping).
    /// </summary>
    /// <param name="tMax">Epochs of the half cosine; 1 or more.</param>
    /// <param name="etaMin">The lowest rate (PyTorch's default 0).</param>
    public static SchedulerSpec CosineAnnealing(int tMax, double etaMin = 0)
    {
        var problems = new List<string>();
        AtLeastOne(problems, "tMax", tMax);
        if (!(etaMin >= 0) || double.IsInfinity(etaMin)) problems.Add(Messages.ScheduleProblem("etaMin", "a finite number >= 0", etaMin));
        ThrowIfAny("Schedules.CosineAnnealing", problems);
        return new($"Schedules.CosineAnnealing({tMax}, etaMin: {F(etaMin)})", () => new CosineAnnealingRule(tMax, etaMin), ScheduleInterval.Epoch);
    }

    /// <summary>
    /// PyTorch's LinearLR, the usual warm-up: the factor applied to the initial rate goes linearly from
    /// <paramref name="startFactor"/> to <paramref name="endFactor"/> over <paramref name="totalIters"/> epochs.
    /// </summary>
    /// <param name="startFactor">In (0, 1] (PyTorch's default 1/3).</param>
    /// <param name="endFactor">In [0, 1] (PyTorch's default 1).</param>
    /// <param name="totalIters">Epochs of the ramp; 1 or more (PyTorch's default 5).</param>
    public static SchedulerSpec Linear(double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5)
    {
        var problems = new List<string>();
        if (!(startFactor > 0 && startFactor <= 1)) problems.Add(Messages.ScheduleProblem("startFactor", "a number in (0, 1] (0 would divide by zero)", startFactor));
        if (!(endFactor >= 0 && endFactor <= 1)) problems.Add(Messages.ScheduleProblem("endFactor", "a number in [0, 1]", endFactor));
        AtLeastOne(problems, "totalIters", totalIters);
        ThrowIfAny("Schedules.Linear", problems);
        return new($"Schedules.Linear({F(startFactor)}, {F(endFactor)}, {totalIters})", () => new LinearRule(startFactor, endFactor, totalIters), ScheduleInterval.Epoch);
    }

    /// <summary>PyTorch's ConstantLR: the initial rate times <paramref name="factor"/> for <paramref name="totalIters"/> epochs, then the initial rate.</summary>
    /// <param name="factor">In (0, 1] (PyTorch's default 1/3).</param>
    /// <param name="totalIters">Epochs at the reduced rate; 1 or more (PyTorch's default 5).</param>
    public static SchedulerSpec Constant(double factor = 1.0 / 3, int totalIters = 5)
    {
        var problems = new List<string>();
        if (!(factor > 0 && factor <= 1)) problems.Add(Messages.ScheduleProblem("factor", "a number in (0, 1]", factor));
        AtLeastOne(problems, "totalIters", totalIters);
        ThrowIfAny("Schedules.Constant", problems);
        return new($"Schedules.Constant({F(factor)}, {totalIters})", () => new ConstantRule(factor, totalIters), ScheduleInterval.Epoch);
    }

    /// <summary>
    /// PyTorch's OneCycleLR (the 1cycle policy), stepped once per batch: the rate rises from maxLr / divFactor to
    /// <paramref name="maxLr"/> over the first <paramref name="pctStart"/> of <paramref name="totalSteps"/>, then falls to
    /// maxLr / divFactor / finalDivFactor, while the momentum (or Adam's beta1) moves the opposite way.
    /// </summary>
    /// <param name="maxLr">The peak learning rate.</param>
    /// <param name="totalSteps">The number of optimizer steps (epochs times batches per epoch).</param>
    /// <param name="pctStart">Fraction of the steps spent rising (PyTorch's default 0.3).</param>
    /// <param name="annealStrategy">Cos (default) or Linear.</param>
    /// <param name="cycleMomentum">Cycle the momentum between maxMomentum and baseMomentum (needs an optimizer with momentum or betas).</param>
    /// <param name="baseMomentum">The lowest momentum (PyTorch's default 0.85).</param>
    /// <param name="maxMomentum">The highest momentum (PyTorch's default 0.95).</param>
    /// <param name="divFactor">initial lr = maxLr / divFactor (PyTorch's default 25).</param>
    /// <param name="finalDivFactor">final lr = initial lr / finalDivFactor (PyTorch's default 1e4).</param>
    /// <param name="threePhase">Use PyTorch's three-phase variant.</param>
    public static SchedulerSpec OneCycle(double maxLr, int totalSteps, double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cos,
        bool cycleMomentum = true, double baseMomentum = 0.85, double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e4,
        bool threePhase = false) =>
        OneCyclePerGroup([maxLr], totalSteps, pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);

    /// <summary>PyTorch's OneCycleLR with one peak learning rate per parameter group (see <see cref="OneCycle"/>).</summary>
    /// <param name="maxLrs">One peak rate per group, in the optimizer's group order.</param>
    /// <param name="totalSteps">The number of optimizer steps.</param>
    /// <param name="pctStart">Fraction of the steps spent rising (PyTorch's default 0.3).</param>
    /// <param name="annealStrategy">Cos (default) or Linear.</param>
    /// <param name="cycleMomentum">Cycle the momentum.</param>
    /// <param name="baseMomentum">The lowest momentum (PyTorch's default 0.85).</param>
    /// <param name="maxMomentum">The highest momentum (PyTorch's default 0.95).</param>
    /// <param name="divFactor">initial lr = maxLr / divFactor (PyTorch's default 25).</param>
    /// <param name="finalDivFactor">final lr = initial lr / finalDivFactor (PyTorch's default 1e4).</param>
    /// <param name="threePhase">Use PyTorch's three-phase variant.</param>
    public static SchedulerSpec OneCyclePerGroup(IReadOnlyList<double> maxLrs, int totalSteps, double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cos,
        bool cycleMomentum = true, double baseMomentum = 0.85, double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e4,
        bool threePhase = false)
    {
        ArgumentNullException.ThrowIfNull(maxLrs);
        var lrs = maxLrs.ToArray();
        var problems = new List<string>();
        if (lrs.Length == 0) problems.Add(Messages.ScheduleProblem("maxLr", "at least one value", "none"));
        foreach (var lr in lrs.Where(lr => !(lr > 0) || double.IsInfinity(lr))) problems.Add(Messages.ScheduleProblem("maxLr", "a finite number > 0", lr));
        AtLeastOne(problems, "totalSteps", totalSteps);
        if (!(pctStart >= 0 && pctStart <= 1)) problems.Add(Messages.ScheduleProblem("pctStart", "a number in [0, 1]", pctStart));
        else if (totalSteps >= 1 && HasEmptyPhase(pctStart, totalSteps, threePhase))
            problems.Add(Messages.ScheduleProblem("pctStart", $"a value that gives no phase zero length with totalSteps {totalSteps} (PyTorch divides by zero there and its rates become NaN)", pctStart));
        foreach (var (name, value) in new[] { ("baseMomentum", baseMomentum), ("maxMomentum", maxMomentum) })
            if (!(value >= 0 && value <= 1)) problems.Add(Messages.ScheduleProblem(name, "a number in [0, 1]", value));
        foreach (var (name, value) in new[] { ("divFactor", divFactor), ("finalDivFactor", finalDivFactor) })
            if (!(value > 0) || double.IsInfinity(value)) problems.Add(Messages.ScheduleProblem(name, "a finite number > 0", value));
        ThrowIfAny("Schedules.OneCycle", problems);
        return new($"Schedules.OneCycle(maxLr: [{string.Join(", ", lrs.Select(F))}], totalSteps: {totalSteps})",
            () => new OneCycleRule(lrs, totalSteps, pctStart, annealStrategy, cycleMomentum, [baseMomentum], [maxMomentum], divFactor, finalDivFactor, threePhase),
            ScheduleInterval.Batch);
    }

    /// <summary>
    /// PyTorch's SequentialLR: runs <paramref name="schedulers"/> one after the other, switching at each milestone
    /// epoch (where the next one restarts from its epoch 0). <c>Sequential([Schedules.Linear(0.1, 1, 3), Schedules.CosineAnnealing(5)], [3])</c>
    /// is a 3-epoch warm-up followed by cosine annealing.
    /// </summary>
    /// <param name="schedulers">The schedules, in order.</param>
    /// <param name="milestones">The epochs at which to switch: one fewer than the schedules, increasing.</param>
    public static SchedulerSpec Sequential(IEnumerable<SchedulerSpec> schedulers, IEnumerable<int> milestones)
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        ArgumentNullException.ThrowIfNull(milestones);
        var specs = schedulers.ToList();
        var marks = milestones.ToList();
        var problems = new List<string>();
        if (specs.Count == 0) problems.Add(Messages.ScheduleProblem("schedulers", "at least one schedule", "none"));
        if (specs.Any(s => s is null)) problems.Add(Messages.ScheduleProblem("schedulers", "no null entries", "null"));
        if (marks.Count != Math.Max(0, specs.Count - 1))
            problems.Add(Messages.ScheduleProblem("milestones", $"{Math.Max(0, specs.Count - 1)} milestones (one fewer than the {specs.Count} schedules, as in PyTorch)", marks.Count));
        for (var i = 0; i < marks.Count; i++)
        {
            if (marks[i] < 1 || (i > 0 && marks[i] <= marks[i - 1]))
                problems.Add(Messages.ScheduleProblem("milestones", "increasing epochs >= 1", string.Join(", ", marks)));
        }
        ThrowIfAny("Schedules.Sequential", problems);
        return new($"Schedules.Sequential([{string.Join(", ", specs.Select(s => s.Description))}], [{string.Join(", ", marks)}])",
            () => new SequentialRule(specs.Select(s => s.CreateRule()).ToList(), marks),
            specs.Any(s => s.Interval == ScheduleInterval.Batch) ? ScheduleInterval.Batch : ScheduleInterval.Epoch);
    }

    /// <summary>A phase whose end equals its start makes PyTorch's OneCycle divide 0 by 0.</summary>
    static bool HasEmptyPhase(double pctStart, int totalSteps, bool threePhase)
    {
        double[] ends = threePhase
            ? [pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1]
            : [pctStart * totalSteps - 1, totalSteps - 1];
        var start = 0.0;
        foreach (var end in ends)
        {
            if (end == start) return true;
            start = end;
        }
        return false;
    }

    static List<Func<int, double>> Lambdas(IEnumerable<Func<int, double>> lambdas, string schedule)
    {
        ArgumentNullException.ThrowIfNull(lambdas);
        var list = lambdas.ToList();
        var problems = new List<string>();
        if (list.Count == 0) problems.Add(Messages.ScheduleProblem("lrLambdas", "one lambda per parameter group", "none"));
        if (list.Any(l => l is null)) problems.Add(Messages.ScheduleProblem("lrLambdas", "no null entries", "null"));
        ThrowIfAny(schedule, problems);
        return list;
    }

    static void AtLeastOne(List<string> problems, string name, int value)
    {
        if (value < 1) problems.Add(Messages.ScheduleProblem(name, "an integer >= 1", value));
    }

    static void Finite(List<string> problems, string name, double value)
    {
        if (!double.IsFinite(value)) problems.Add(Messages.ScheduleProblem(name, "a finite number", value));
    }

    static void ThrowIfAny(string schedule, List<string> problems)
    {
        if (problems.Count > 0) throw new ArgumentException(Messages.ScheduleInvalid(schedule, problems));
    }

    static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
