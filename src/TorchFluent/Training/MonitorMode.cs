namespace TorchFluent;

/// <summary>Whether a monitored value improves by going down or up (Keras's <c>mode</c>).</summary>
public enum MonitorMode
{
    /// <summary>Up for names containing "acc" (accuracy), down for everything else (losses, errors).</summary>
    Auto,

    /// <summary>Lower is better.</summary>
    Min,

    /// <summary>Higher is better.</summary>
    Max,
}
