using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Checkpoints;

// Inside TorchFluent's namespaces, TorchFluent.Sequential (the builder's model type) would win over TorchSharp's.
using Sequential = TorchSharp.Modules.Sequential;

/// <summary>Models and tensors shared by the checkpoint tests.</summary>
internal static class CheckpointTestData
{
    /// <summary>The reference text's Sequential (children "0", "1", "2", as PyTorch names them).</summary>
    public static Sequential Mlp() => nn.Sequential(("0", nn.Linear(10, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 1)));

    /// <summary>Sets every parameter to a distinct, seeded value so that two models can be told apart.</summary>
    public static T Seeded<T>(T model, long seed) where T : nn.Module
    {
        using var generator = new Generator((ulong)seed);
        using (no_grad())
        {
            foreach (var parameter in model.parameters())
            {
                using var values = randn(parameter.shape, generator: generator);
                parameter.copy_(values);
            }
        }
        return model;
    }

    /// <summary>One tensor of every dtype the formats carry (complex only with <paramref name="includeComplex"/>).</summary>
    public static List<KeyValuePair<string, Tensor>> EveryDType(bool includeComplex)
    {
        var entries = new List<KeyValuePair<string, Tensor>>
        {
            new("f64", tensor(new[] { 1.0 / 3, -1e300, double.Epsilon })),
            new("f32", tensor(new[,] { { 1.5f, -2.25f }, { float.MaxValue, float.NaN } })),
            new("f16", tensor(new[] { 0.5f, -65504f, 1.0009765625f }).to_type(ScalarType.Float16)),
            new("bf16", tensor(new[] { 1f, -3.140625f, 1e30f }).to_type(ScalarType.BFloat16)),
            new("i64", tensor(new[] { long.MinValue, 0L, long.MaxValue })),
            new("i32", tensor(new[] { int.MinValue, int.MaxValue })),
            new("i16", tensor(new short[] { short.MinValue, 12345, short.MaxValue })),
            new("i8", tensor(new sbyte[] { sbyte.MinValue, -1, sbyte.MaxValue })),
            new("u8", tensor(new byte[] { 0, 128, 255 })),
            new("bool", tensor(new[] { true, false, true })),
            new("scalar", tensor(3.5f)),
            new("empty", zeros(0, 3)),
        };
        if (includeComplex) entries.Add(new("c64", complex(tensor(new[] { 1f, -2f }), tensor(new[] { 0.5f, 4f }))));
        return entries;
    }

    /// <summary>True when both tensors have the same dtype, shape and bits (NaN equals NaN).</summary>
    public static bool SameBits(Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.SequenceEqual(b.shape)) return false;
        using var ca = a.contiguous();
        using var cb = b.contiguous();
        return ca.bytes.SequenceEqual(cb.bytes);
    }

    public static void DisposeAll(IEnumerable<KeyValuePair<string, Tensor>> entries)
    {
        foreach (var entry in entries) entry.Value.Dispose();
    }
}
