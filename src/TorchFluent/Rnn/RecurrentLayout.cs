using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// What a TorchSharp recurrent module was created with, read back from the module: sizes, layers and directions from
/// its parameters (named as in PyTorch: weight_ih_l0, weight_hh_l0, weight_ih_l0_reverse ...), batch_first from the
/// module itself, because no parameter records it.
/// </summary>
internal sealed record RecurrentLayout(long InputSize, long HiddenSize, long Layers, bool Bidirectional, bool BatchFirst, ScalarType DType)
{
    static readonly ConcurrentDictionary<Type, FieldInfo?> BatchFirstFields = new();

    // Sizes, layers, directions and batch_first are fixed when TorchSharp creates the module: read them once per module.
    // The dtype is not (module.to(float64) changes it), so Of re-reads it from weight_ih_l0 on every call.
    static readonly ConditionalWeakTable<nn.Module, RecurrentLayout> Cache = new();

    /// <summary>Directions times layers: the first dimension of h0 and h_n.</summary>
    public long StateLayers => Layers * (Bidirectional ? 2 : 1);

    /// <summary>The hidden size times directions: the last dimension of the output.</summary>
    public long OutputSize => HiddenSize * (Bidirectional ? 2 : 1);

    public static RecurrentLayout Of(nn.Module module, string kind)
    {
        if (Cache.TryGetValue(module, out var cached))
        {
            var dtype = module.get_parameter("weight_ih_l0")?.dtype ?? cached.DType;
            return dtype == cached.DType ? cached : cached with { DType = dtype };
        }
        var layout = Read(module, kind);
        Cache.AddOrUpdate(module, layout);
        return layout;
    }

    static RecurrentLayout Read(nn.Module module, string kind)
    {
        Tensor? ih0 = null, hh0 = null;
        long layers = 0;
        var bidirectional = false;
        foreach (var (name, parameter) in module.named_parameters(recurse: false))
        {
            if (name == "weight_ih_l0") ih0 = parameter;
            else if (name == "weight_hh_l0") hh0 = parameter;
            if (name.StartsWith("weight_ih_l", StringComparison.Ordinal))
            {
                if (name.EndsWith("_reverse", StringComparison.Ordinal)) bidirectional = true;
                else layers++;
            }
        }
        if (ih0 is null || hh0 is null)
            throw new InvalidOperationException(Messages.RnnUnknownLayout(kind, "it has no weight_ih_l0 / weight_hh_l0 parameters"));

        // TorchSharp keeps batch_first in a private field and exposes it nowhere else; TorchSharp is pinned to one
        // exact version, and a test fails if the field ever disappears.
        var field = BatchFirstFields.GetOrAdd(module.GetType(),
            static t => t.GetField("_batch_first", BindingFlags.Instance | BindingFlags.NonPublic));
        if (field?.GetValue(module) is not bool batchFirst)
            throw new InvalidOperationException(Messages.RnnUnknownLayout(kind, "its batch_first setting is not readable"));

        return new RecurrentLayout(ih0.shape[1], hh0.shape[1], layers, bidirectional, batchFirst, ih0.dtype);
    }
}
