using System.Collections;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// An ordered map from names (<c>0.weight</c>, <c>fc1.bias</c>) to tensors: the parameters and persistent buffers of a
/// model, as PyTorch's <c>model.state_dict()</c> returns them, or the content of a checkpoint file, as
/// <c>torch.load(path)</c> returns it. It owns its tensor handles: dispose it (a <c>using</c>) when done. Tensors taken
/// from a model are detached views of the model's values (no gradient, memory shared, as in PyTorch).
/// </summary>
public sealed class StateDict : IReadOnlyDictionary<string, Tensor>, IDisposable
{
    readonly List<KeyValuePair<string, Tensor>> entries;
    readonly Dictionary<string, Tensor> lookup;
    bool disposed;

    StateDict(List<KeyValuePair<string, Tensor>> entries)
    {
        this.entries = entries;
        lookup = new Dictionary<string, Tensor>(entries.Count, StringComparer.Ordinal);
        foreach (var (key, tensor) in entries)
        {
            if (!lookup.TryAdd(key, tensor))
            {
                foreach (var entry in entries) entry.Value.Dispose();
                throw new ArgumentException(Messages.StateDictDuplicateKey(key), nameof(entries));
            }
        }
    }

    /// <summary>
    /// A state dict of the given tensors, in the given order. It takes new handles to them (<c>alias</c>), so
    /// disposing it leaves your tensors alive, and disposing yours leaves it intact.
    /// </summary>
    /// <param name="entries">Names and tensors, for example a <c>Dictionary&lt;string, Tensor&gt;</c> or another state dict.</param>
    /// <exception cref="ArgumentException">A name appears twice, or is null.</exception>
    public static StateDict From(IEnumerable<KeyValuePair<string, Tensor>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        TorchRuntime.EnsureLoaded();
        var list = new List<KeyValuePair<string, Tensor>>();
        foreach (var (key, tensor) in entries)
        {
            if (key is null || tensor is null)
            {
                foreach (var entry in list) entry.Value.Dispose();
                throw new ArgumentException(Messages.StateDictNullEntry, nameof(entries));
            }
            list.Add(new(key, tensor.alias()));
        }
        return new StateDict(list);
    }

    /// <summary>
    /// Reads a checkpoint file, like Python's <c>torch.load(path, weights_only=True)</c> of a state dict. The format
    /// is detected from the content: a PyTorch <c>.pth</c> (zip), TorchSharp's <c>.dat</c>, or safetensors. Tensors
    /// are loaded onto the CPU.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="format">
    /// <see cref="CheckpointFormat.Auto"/> (default) to accept any known format; another value to insist on it.
    /// </param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CheckpointException">
    /// The file is empty, truncated, of an unknown or unexpected format, holds something other than a state dict, or
    /// refers to Python code (refused, like <c>weights_only=True</c> refuses it). The message names the file.
    /// </exception>
    public static StateDict Load(string path, CheckpointFormat format = CheckpointFormat.Auto)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        TorchRuntime.EnsureLoaded();
        return new StateDict(CheckpointFiles.Read(path, format));
    }

    /// <summary>
    /// Writes the state dict to a file, atomically: a crash during the save leaves any previous file intact.
    /// </summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="format">
    /// <see cref="CheckpointFormat.Auto"/> (default) picks the format from the extension: <c>.safetensors</c>,
    /// <c>.dat</c> (TorchSharp), anything else PyTorch's <c>torch.save</c> format.
    /// </param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="NotSupportedException">A tensor's dtype cannot be stored in the format (complex in safetensors).</exception>
    public void Save(string path, CheckpointFormat format = CheckpointFormat.Auto)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowIfDisposed();
        CheckpointFiles.Write(path, format, entries);
    }

    /// <summary>
    /// A deep copy: new tensors with their own memory, the same names, order, dtypes and devices. Use it to keep a
    /// snapshot of a model's weights (a model's <c>StateDict()</c> shares memory and follows later updates), like
    /// <c>copy.deepcopy(model.state_dict())</c> in PyTorch.
    /// </summary>
    public StateDict Clone()
    {
        ThrowIfDisposed();
        var copies = new List<KeyValuePair<string, Tensor>>(entries.Count);
        foreach (var (key, tensor) in entries)
        {
            using var detached = tensor.detach();
            copies.Add(new(key, detached.clone()));
        }
        return new StateDict(copies);
    }

    /// <summary>The tensor stored under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No entry has that name; the message lists the names there are.</exception>
    public Tensor this[string key]
    {
        get
        {
            ThrowIfDisposed();
            return lookup.TryGetValue(key, out var tensor)
                ? tensor
                : throw new KeyNotFoundException(Messages.StateDictKeyNotFound(key, lookup.Keys));
        }
    }

    /// <summary>The names, in order.</summary>
    public IEnumerable<string> Keys => entries.Select(e => e.Key);

    /// <summary>The tensors, in the order of <see cref="Keys"/>.</summary>
    public IEnumerable<Tensor> Values => entries.Select(e => e.Value);

    /// <summary>The number of entries.</summary>
    public int Count => entries.Count;

    /// <summary>True when an entry has that name.</summary>
    public bool ContainsKey(string key) => lookup.ContainsKey(key);

    /// <summary>The tensor stored under <paramref name="key"/>, if any.</summary>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Tensor value) =>
        lookup.TryGetValue(key, out value);

    /// <summary>The entries, in order.</summary>
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator()
    {
        ThrowIfDisposed();
        return entries.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One line per entry: name, dtype and shape.</summary>
    public override string ToString() => string.Join(Environment.NewLine,
        entries.Select(e => $"{e.Key}: {TensorBytes.PyTorchName(e.Value.dtype)} [{string.Join(", ", e.Value.shape)}]"));

    /// <summary>Releases the tensor handles this state dict holds (a model's own parameters stay alive).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var entry in entries) entry.Value.Dispose();
    }

    internal static StateDict Own(List<KeyValuePair<string, Tensor>> entries) => new(entries);

    void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
