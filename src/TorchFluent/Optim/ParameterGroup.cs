using TorchSharp.Modules;

namespace TorchFluent;

/// <summary>
/// PyTorch's parameter group (<c>{"params": ..., "lr": ...}</c>): parameters that share a learning rate and weight
/// decay, for example a pretrained backbone trained slower than a new head. Options left null use the spec's.
/// </summary>
public sealed class ParameterGroup
{
    /// <summary>Creates a group.</summary>
    /// <param name="parameters">The group's parameters (read once, now).</param>
    /// <param name="lr">The group's learning rate, or null for the optimizer's.</param>
    /// <param name="weightDecay">The group's weight decay, or null for the optimizer's.</param>
    public ParameterGroup(IEnumerable<Parameter> parameters, double? lr = null, double? weightDecay = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToList();
        LearningRate = lr;
        WeightDecay = weightDecay;
    }

    /// <summary>The group's parameters.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The group's learning rate, or null for the optimizer's.</summary>
    public double? LearningRate { get; }

    /// <summary>The group's weight decay, or null for the optimizer's.</summary>
    public double? WeightDecay { get; }
}
