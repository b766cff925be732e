using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// An optimizer description that is built for parameters later: <c>Optim.Sgd(lr: 0.1).Momentum(0.9)</c>, then
/// <c>Build(model)</c> (or a trainer builds it). Options are validated once, when the first optimizer is built, and
/// every problem is reported together; after that the spec is frozen, and each <c>Build</c> makes a new optimizer.
/// Built optimizers are TorchSharp <see cref="optim.Optimizer"/>s (SGD, Adam ...); dispose them when done.
/// </summary>
public abstract class OptimizerSpec
{
    private protected readonly List<(Func<string, bool> Select, double? Lr, double? WeightDecay)> namedGroups = [];
    private protected double weightDecay;
    private protected (double MaxNorm, double NormType)? clipNorm;
    private protected double? clipValue;
    private protected int accumulationSteps = 1;
    private protected (int K, double Alpha)? lookahead;
    bool validated;

    private protected OptimizerSpec(string name, double lr, double weightDecay)
    {
        Name = name;
        LearningRate = lr;
        this.weightDecay = weightDecay;
    }

    /// <summary>The factory that made the spec ("Optim.Sgd"), for messages.</summary>
    public string Name { get; }

    /// <summary>The learning rate of the optimizer (and of every group that does not set its own).</summary>
    public double LearningRate { get; }

    /// <summary>True once an optimizer has been built: the options can no longer change.</summary>
    public bool IsFrozen => validated;

    /// <summary>Builds the optimizer over one group of parameters (PyTorch's <c>SGD(model.parameters(), lr)</c>).</summary>
    /// <param name="parameters">The parameters to optimize, for example <c>model.Parameters()</c>.</param>
    /// <exception cref="ArgumentException">Invalid options or parameters; the message lists every problem.</exception>
    public optim.Optimizer Build(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var problems = Validate();
        if (namedGroups.Count > 0) problems.Add("Group", Messages.OptimNamedGroupsNeedModel);
        return Build([new ParameterGroup(parameters)], problems);
    }

    /// <summary>Builds the optimizer over parameter groups, each with its own learning rate and weight decay if set.</summary>
    /// <param name="groups">The groups, in order (per-group schedules follow this order).</param>
    public optim.Optimizer Build(IEnumerable<ParameterGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var problems = Validate();
        if (namedGroups.Count > 0) problems.Add("Group", Messages.OptimNamedGroupsNeedModel);
        return Build(groups.ToList(), problems);
    }

    /// <summary>
    /// Builds the optimizer over a model's parameters. Groups declared with <c>Group(...)</c> take the parameters
    /// whose names they select (the first matching group wins); the others form the first group, with the spec's
    /// options. A model holding parameters it never registered is reported.
    /// </summary>
    /// <param name="model">The model.</param>
    public optim.Optimizer Build(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var named = model.NamedParameters();
        var problems = Validate();
        var buckets = namedGroups.Select(_ => new List<Parameter>()).ToList();
        var rest = new List<Parameter>();
        foreach (var (name, parameter) in named)
        {
            var index = namedGroups.FindIndex(g => g.Select(name));
            (index < 0 ? rest : buckets[index]).Add(parameter);
        }
        for (var i = 0; i < buckets.Count; i++)
            if (buckets[i].Count == 0) problems.Add("Group", Messages.OptimNamedGroupEmpty(i));
        var groups = new List<ParameterGroup>();
        if (rest.Count > 0 || namedGroups.Count == 0) groups.Add(new ParameterGroup(rest));
        // An empty named group is already reported above; leaving it out avoids a second message about it.
        groups.AddRange(namedGroups.Select((g, i) => new ParameterGroup(buckets[i], g.Lr, g.WeightDecay)).Where(g => g.Parameters.Count > 0));
        return Build(groups, problems);
    }

    optim.Optimizer Build(IReadOnlyList<ParameterGroup> groups, OptionProblems problems)
    {
        TorchRuntime.EnsureLoaded();
        if (groups.Count == 0 || groups.All(g => g.Parameters.Count == 0)) problems.Add("parameters", Messages.OptimNoParameters);
        else
        {
            var owner = new Dictionary<IntPtr, int>();
            for (var g = 0; g < groups.Count; g++)
            {
                if (groups[g].Parameters.Count == 0) problems.Add("parameters", Messages.OptimGroupEmpty(g));
                if (groups[g].LearningRate is { } lr) problems.NonNegative($"group {g} lr", lr);
                if (groups[g].WeightDecay is { } wd) problems.NonNegative($"group {g} weightDecay", wd);
                foreach (var p in groups[g].Parameters)
                {
                    ArgumentNullException.ThrowIfNull(p, nameof(groups));
                    if (owner.TryGetValue(p.Handle, out var first)) problems.Add("parameters", Messages.OptimDuplicateParameter(first, g));
                    else owner[p.Handle] = g;
                }
            }
        }
        problems.ThrowIfAny(ToString());
        validated = true;

        // Materialised once: TorchSharp re-enumerates a group's parameters at every step.
        var resolved = groups.Select(g => (Parameters: g.Parameters.ToArray(), Lr: g.LearningRate, WeightDecay: g.WeightDecay)).ToList();
        optim.Optimizer optimizer = Create(resolved);
        // Innermost first: Lookahead syncs after the inner step, clipping runs before it, accumulation decides whether it runs.
        if (lookahead is { } la) optimizer = new LookaheadOptimizer(optimizer, la.K, la.Alpha);
        if (clipNorm is { } cn) optimizer = new ClippingOptimizer(optimizer, cn.MaxNorm, cn.NormType, null);
        if (clipValue is { } cv) optimizer = new ClippingOptimizer(optimizer, null, 2.0, cv);
        if (accumulationSteps > 1) optimizer = new AccumulatingOptimizer(optimizer, accumulationSteps);
        return optimizer;
    }

    OptionProblems Validate()
    {
        var problems = new OptionProblems();
        problems.NonNegative("lr", LearningRate);
        problems.NonNegative("weightDecay", weightDecay);
        foreach (var (_, lr, wd) in namedGroups)
        {
            if (lr is { } l) problems.NonNegative("Group lr", l);
            if (wd is { } w) problems.NonNegative("Group weightDecay", w);
        }
        if (clipNorm is { } cn)
        {
            problems.Positive("ClipGradNorm maxNorm", cn.MaxNorm);
            if (!(cn.NormType > 0)) problems.Add("ClipGradNorm normType", Messages.OptimProblem("ClipGradNorm normType", "a number > 0 (or double.PositiveInfinity)", cn.NormType));
        }
        if (clipValue is { } v) problems.NonNegative("ClipGradValue", v);
        problems.AtLeastOne("AccumulateGradients", accumulationSteps);
        if (lookahead is { } la)
        {
            problems.AtLeastOne("Lookahead k", la.K);
            problems.ClosedUnitInterval("Lookahead alpha", la.Alpha);
        }
        ValidateOptions(problems);
        return problems;
    }

    /// <summary>Adds the optimizer's own invalid options.</summary>
    private protected abstract void ValidateOptions(OptionProblems problems);

    /// <summary>Creates the TorchSharp optimizer over validated, materialised groups.</summary>
    private protected abstract optim.Optimizer Create(IReadOnlyList<(Parameter[] Parameters, double? Lr, double? WeightDecay)> groups);

    private protected void ThrowIfFrozen()
    {
        if (validated) throw new InvalidOperationException(Messages.OptimFrozen);
    }

    /// <summary>The spec as code, for messages: <c>Optim.Sgd(lr: 0.1)</c>.</summary>
    public override string ToString() => $"{Name}(lr: {LearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})";
}
