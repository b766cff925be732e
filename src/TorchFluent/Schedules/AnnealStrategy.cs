namespace TorchFluent;

/// <summary>How <see cref="Schedules.OneCycle"/> moves between its phases (PyTorch's <c>anneal_strategy</c>).</summary>
public enum AnnealStrategy
{
    /// <summary>Half a cosine (PyTorch's default, "cos").</summary>
    Cos,

    /// <summary>A straight line ("linear").</summary>
    Linear,
}
