namespace TorchFluent;

/// <summary>The file formats a state dict (and optimizer state) can be saved in and loaded from.</summary>
public enum CheckpointFormat
{
    /// <summary>
    /// Saving: chosen from the file name (<c>.safetensors</c> -> <see cref="Safetensors"/>, <c>.dat</c> ->
    /// <see cref="TorchSharp"/>, anything else -> <see cref="PyTorch"/>). Loading: detected from the file's content,
    /// whatever its name.
    /// </summary>
    Auto = 0,

    /// <summary>
    /// PyTorch's <c>torch.save</c> format (a zip archive holding a pickle and the tensor bytes), usually <c>.pth</c> or
    /// <c>.pt</c>. Python reads it with <c>torch.load(path)</c>, also with <c>weights_only=True</c>.
    /// </summary>
    PyTorch = 1,

    /// <summary>TorchSharp's own format, written by <c>Module.save</c> and read by <c>Module.load</c> (<c>.dat</c>).</summary>
    TorchSharp = 2,

    /// <summary>
    /// Hugging Face's safetensors format: a JSON header and the raw tensor bytes, no code at all
    /// (<c>.safetensors</c>).
    /// </summary>
    Safetensors = 3,
}
