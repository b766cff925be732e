namespace TorchFluent;

/// <summary>Why a checkpoint file could not be loaded; see <see cref="CheckpointException.Problem"/>.</summary>
public enum CheckpointProblem
{
    /// <summary>The file is empty, truncated or internally inconsistent (for example a save that was interrupted).</summary>
    Damaged,

    /// <summary>The file is none of the formats TorchFluent reads (PyTorch .pth, TorchSharp .dat, safetensors).</summary>
    UnknownFormat,

    /// <summary>The file is in another format than the one the caller asked for.</summary>
    FormatMismatch,

    /// <summary>
    /// The file is valid but holds something TorchFluent does not load: PyTorch's legacy (pre-1.6) format, a dict
    /// that is not a state dict, a dtype without a TorchSharp equivalent.
    /// </summary>
    Unsupported,

    /// <summary>
    /// A PyTorch file whose pickle refers to a Python global outside the weights-only allow-list (for example
    /// <c>os.system</c>, or a whole pickled model). It was refused before anything in it was used, like
    /// <c>torch.load(path, weights_only=True)</c> refuses it.
    /// </summary>
    Refused,
}
