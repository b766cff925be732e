using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Reads a model's state dict in PyTorch's order and copies a state dict into a model, checking keys and shapes
/// first. Raw TorchSharp's <c>load_state_dict</c> checks neither shapes (a [1, 1] weight broadcasts silently into a
/// [3, 1] one) nor reports which keys differ; PyTorch reports all of them in one error.
/// </summary>
internal static class StateDictLoader
{
    /// <summary>
    /// The model's parameters and persistent buffers, detached, in PyTorch's order: per module (pre-order, the model
    /// first) its own parameters, then its own buffers. TorchSharp's <c>state_dict()</c> lists all parameters of all
    /// modules before any buffer, so a BatchNorm model would come out in another order than PyTorch's.
    /// </summary>
    public static List<KeyValuePair<string, Tensor>> Live(nn.Module module)
    {
        var result = new List<KeyValuePair<string, Tensor>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Collect(module, "", result, seen);
        return result;
    }

    static void Collect(nn.Module module, string prefix, List<KeyValuePair<string, Tensor>> result, HashSet<string> seen)
    {
        foreach (var (name, parameter) in module.named_parameters(recurse: false))
            if (seen.Add(prefix + name)) result.Add(new(prefix + name, parameter));
        foreach (var (name, buffer) in module.named_buffers(recurse: false, include_nonpersistent: false))
            if (seen.Add(prefix + name)) result.Add(new(prefix + name, buffer));
        foreach (var (name, child) in module.named_children())
            Collect(child, prefix + name + ".", result, seen);
    }

    /// <summary>Detached handles of <see cref="Live"/>: what PyTorch's <c>state_dict()</c> returns.</summary>
    public static List<KeyValuePair<string, Tensor>> Detached(nn.Module module) =>
        Live(module).Select(e => new KeyValuePair<string, Tensor>(e.Key, e.Value.detach())).ToList();

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="module"/>. Checks everything first and throws one
    /// <see cref="StateDictMismatchException"/> listing every problem, with nothing copied; values are converted to the
    /// model's dtype and device, as PyTorch's <c>copy_</c> does.
    /// </summary>
    public static StateDictLoadResult Load(nn.Module module, IEnumerable<KeyValuePair<string, Tensor>> source, bool strict)
    {
        var target = Live(module);
        var targetByKey = target.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var sourceByKey = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var sourceOrder = new List<string>();
        foreach (var (key, tensor) in source)
        {
            if (key is null || tensor is null) throw new ArgumentException(Messages.StateDictNullEntry, nameof(source));
            if (sourceByKey.TryAdd(key, tensor)) sourceOrder.Add(key);
        }

        var missing = target.Where(e => !sourceByKey.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        var unexpected = sourceOrder.Where(k => !targetByKey.ContainsKey(k)).ToList();
        var mismatches = target
            .Where(e => sourceByKey.TryGetValue(e.Key, out var s) && !s.shape.SequenceEqual(e.Value.shape))
            .Select(e => new StateDictShapeMismatch(e.Key, sourceByKey[e.Key].shape, e.Value.shape))
            .ToList();

        // PyTorch: missing and unexpected keys are errors only when strict; a shape mismatch always is.
        if (mismatches.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
        {
            var reportMissing = strict ? missing : [];
            var reportUnexpected = strict ? unexpected : [];
            throw new StateDictMismatchException(
                Messages.StateDictMismatch(module.GetType().Name, reportMissing, reportUnexpected, mismatches, sourceByKey.Count, target.Count),
                reportMissing, reportUnexpected, mismatches);
        }

        // copy_ into a leaf that requires grad is an autograd error outside no_grad.
        using (no_grad())
        {
            foreach (var (key, destination) in target)
            {
                if (!sourceByKey.TryGetValue(key, out var value)) continue;
                try
                {
                    destination.copy_(value);
                }
                catch (System.Runtime.InteropServices.ExternalException e)
                {
                    throw new InvalidOperationException(Messages.StateDictCopyFailed(key, TensorBytes.PyTorchName(value.dtype),
                        TensorBytes.PyTorchName(destination.dtype), value.device.ToString(), destination.device.ToString(), e.Message), e);
                }
            }
        }
        return new StateDictLoadResult(missing, unexpected);
    }
}
