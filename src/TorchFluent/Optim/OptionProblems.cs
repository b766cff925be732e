namespace TorchFluent;

/// <summary>Collects every invalid option of a spec so that they are reported together, in one exception.</summary>
internal sealed class OptionProblems
{
    readonly List<string> problems = [];
    readonly List<string> names = [];

    public int Count => problems.Count;

    public void Add(string option, string problem)
    {
        problems.Add(problem);
        if (!names.Contains(option)) names.Add(option);
    }

    public void NonNegative(string option, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value)) Add(option, Messages.OptimProblem(option, "a finite number >= 0", value));
    }

    public void Positive(string option, double value)
    {
        if (!(value > 0) || double.IsInfinity(value)) Add(option, Messages.OptimProblem(option, "a finite number > 0", value));
    }

    /// <summary>0 &lt;= value &lt; 1 (momentum-like coefficients such as Adam's betas).</summary>
    public void UnitInterval(string option, double value)
    {
        if (!(value >= 0 && value < 1)) Add(option, Messages.OptimProblem(option, "a number in [0, 1)", value));
    }

    /// <summary>0 &lt;= value &lt;= 1.</summary>
    public void ClosedUnitInterval(string option, double value)
    {
        if (!(value >= 0 && value <= 1)) Add(option, Messages.OptimProblem(option, "a number in [0, 1]", value));
    }

    public void AtLeastOne(string option, int value)
    {
        if (value < 1) Add(option, Messages.OptimProblem(option, "an integer >= 1", value));
    }

    public void ThrowIfAny(string spec)
    {
        if (problems.Count > 0) throw new ArgumentException(Messages.OptimInvalidOptions(spec, problems), string.Join(", ", names));
    }
}
