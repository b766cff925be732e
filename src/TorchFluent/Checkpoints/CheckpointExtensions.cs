using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Saving and loading a model's state dict: PyTorch's <c>model.state_dict()</c>, <c>torch.save</c>,
/// <c>torch.load</c> and <c>model.load_state_dict</c>, with files Python reads and writes.
/// </summary>
public static class CheckpointExtensions
{
    /// <summary>
    /// The model's parameters and persistent buffers, like PyTorch's <c>model.state_dict()</c>: detached tensors that
    /// share memory with the model (they see later updates, carry no gradient), keyed and ordered as PyTorch keys them.
    /// Dispose the result when done; the model's own tensors stay alive.
    /// </summary>
    /// <param name="module">The model.</param>
    /// <remarks>
    /// Raw TorchSharp's <c>state_dict()</c> returns the live parameters themselves (with <c>requires_grad</c>) and
    /// lists every parameter before any buffer; this follows PyTorch on both points.
    /// </remarks>
    public static StateDict StateDict(this nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        TorchRuntime.EnsureLoaded();
        return TorchFluent.StateDict.Own(StateDictLoader.Detached(module));
    }

    /// <summary>
    /// Saves the model's state dict, like <c>torch.save(model.state_dict(), path)</c>. The write is atomic: a crash
    /// during the save leaves any previous file at <paramref name="path"/> intact.
    /// </summary>
    /// <param name="module">The model.</param>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="format">
    /// <see cref="CheckpointFormat.PyTorch"/> for a file Python's <c>torch.load</c> reads (also with
    /// <c>weights_only=True</c>); <see cref="CheckpointFormat.Auto"/> (default) picks by extension: <c>.safetensors</c>,
    /// <c>.dat</c> (TorchSharp), anything else PyTorch.
    /// </param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="NotSupportedException">A tensor's dtype cannot be stored in the format (complex in safetensors).</exception>
    public static void SaveStateDict(this nn.Module module, string path, CheckpointFormat format = CheckpointFormat.Auto)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        TorchRuntime.EnsureLoaded();
        // The live tensors are enough: the writer detaches and compacts each one, and nothing here changes them.
        CheckpointFiles.Write(path, format, StateDictLoader.Live(module));
    }

    /// <summary>
    /// Loads a state dict file into the model, like <c>model.load_state_dict(torch.load(path))</c>. The format is
    /// detected from the file's content, whatever its extension.
    /// </summary>
    /// <param name="module">The model.</param>
    /// <param name="path">A PyTorch <c>.pth</c>, TorchSharp <c>.dat</c> or safetensors file.</param>
    /// <param name="strict">
    /// True (default): every key must match. False: keys only in the model or only in the file are skipped and
    /// reported in the result. Shape mismatches are errors either way, as in PyTorch.
    /// </param>
    /// <param name="format"><see cref="CheckpointFormat.Auto"/> (default) to accept any known format; another value to insist on it.</param>
    /// <returns>The keys that were missing or unexpected (both empty after a strict load).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CheckpointException">The file is damaged, of an unknown format, or refused.</exception>
    /// <exception cref="StateDictMismatchException">
    /// Keys or shapes do not match; lists every missing key, unexpected key and shape mismatch. Nothing was loaded.
    /// </exception>
    public static StateDictLoadResult LoadStateDict(this nn.Module module, string path, bool strict = true,
        CheckpointFormat format = CheckpointFormat.Auto)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        TorchRuntime.EnsureLoaded();
        using var loaded = TorchFluent.StateDict.Load(path, format);
        return StateDictLoader.Load(module, loaded, strict);
    }

    /// <summary>
    /// Copies a state dict into the model, strictly, like PyTorch's <c>model.load_state_dict(state_dict)</c>; values are
    /// converted to each parameter's dtype and device. Everything is checked before anything is copied.
    /// </summary>
    /// <param name="module">The model.</param>
    /// <param name="stateDict">A <see cref="TorchFluent.StateDict"/>, or any dictionary of names to tensors.</param>
    /// <returns>An exact match (both key lists empty).</returns>
    /// <exception cref="StateDictMismatchException">
    /// Keys or shapes do not match; lists every missing key, unexpected key and shape mismatch. Nothing was loaded.
    /// </exception>
    public static StateDictLoadResult LoadStateDict(this nn.Module module, IEnumerable<KeyValuePair<string, Tensor>> stateDict) =>
        LoadStateDict(module, stateDict, strict: true);

    /// <summary>
    /// Copies a state dict into the model, like PyTorch's <c>model.load_state_dict(state_dict, strict)</c>; values are
    /// converted to each parameter's dtype and device. Everything is checked before anything is copied.
    /// </summary>
    /// <param name="module">The model.</param>
    /// <param name="stateDict">A <see cref="TorchFluent.StateDict"/>, or any dictionary of names to tensors.</param>
    /// <param name="strict">
    /// True: every key must match. False: keys only in the model or only in the state dict are skipped and reported in
    /// the result. Shape mismatches are errors either way, as in PyTorch.
    /// </param>
    /// <returns>The keys that were missing or unexpected (both empty after a strict load).</returns>
    /// <exception cref="StateDictMismatchException">
    /// Keys or shapes do not match; lists every missing key, unexpected key and shape mismatch. Nothing was loaded.
    /// </exception>
    public static StateDictLoadResult LoadStateDict(this nn.Module module, IEnumerable<KeyValuePair<string, Tensor>> stateDict, bool strict)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(stateDict);
        TorchRuntime.EnsureLoaded();
        return StateDictLoader.Load(module, stateDict, strict);
    }
}
