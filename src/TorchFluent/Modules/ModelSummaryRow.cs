namespace TorchFluent;

/// <summary>One row of a <see cref="ModelSummary"/>: a layer (a module without children, or one with parameters of its own).</summary>
public sealed class ModelSummaryRow
{
    internal ModelSummaryRow(string name, string type, long[]? outputShape, long parameters)
    {
        Name = name;
        Type = type;
        OutputShape = outputShape;
        Parameters = parameters;
    }

    /// <summary>The layer's dotted name, as in state-dict keys ("net.0").</summary>
    public string Name { get; }

    /// <summary>The layer's type name ("Linear").</summary>
    public string Type { get; }

    /// <summary>The shape of the layer's output in the recorded forward pass, or null when it was not recorded.</summary>
    public IReadOnlyList<long>? OutputShape { get; }

    /// <summary>The number of parameter values the layer itself holds.</summary>
    public long Parameters { get; }
}
