using System.Text.Json;

namespace TorchFluent.Conformance.Infrastructure;

/// <summary>One named case of a golden file: a JSON object whose members are tensors, numbers, strings or lists.</summary>
public sealed class GoldenCase(string name, JsonElement element)
{
    /// <summary>"area/case", for assertion messages.</summary>
    public string Name { get; } = name;

    /// <summary>The raw JSON, for values without a typed accessor.</summary>
    public JsonElement Element { get; } = element;

    JsonElement Get(string key) =>
        Element.TryGetProperty(key, out var value) ? value : throw new KeyNotFoundException($"Golden {Name} has no '{key}'.");

    /// <summary>A tensor member.</summary>
    public GoldenTensor Tensor(string key) => GoldenTensor.From(Get(key), $"{Name}.{key}");

    /// <summary>A list of tensors.</summary>
    public IReadOnlyList<GoldenTensor> Tensors(string key) =>
        Get(key).EnumerateArray().Select((e, i) => GoldenTensor.From(e, $"{Name}.{key}[{i}]")).ToList();

    /// <summary>A list of integers (for example a torch.Size).</summary>
    public long[] Longs(string key) => Get(key).EnumerateArray().Select(e => e.GetInt64()).ToArray();

    /// <summary>A list of numbers.</summary>
    public double[] Doubles(string key) => Get(key).EnumerateArray().Select(GoldenTensor.ReadDouble).ToArray();

    /// <summary>A number.</summary>
    public double Double(string key) => GoldenTensor.ReadDouble(Get(key));

    /// <summary>An integer.</summary>
    public long Long(string key) => Get(key).GetInt64();

    /// <summary>A boolean.</summary>
    public bool Bool(string key) => Get(key).GetBoolean();

    /// <summary>A string (dtype names, error texts, reprs).</summary>
    public string String(string key) => Get(key).GetString()!;

    /// <summary>A list of strings (state-dict keys, child names).</summary>
    public string[] Strings(string key) => Get(key).EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>A nested case (an object member).</summary>
    public GoldenCase Case(string key) => new($"{Name}.{key}", Get(key));

    /// <summary>True when the member exists.</summary>
    public bool Has(string key) => Element.TryGetProperty(key, out _);
}
