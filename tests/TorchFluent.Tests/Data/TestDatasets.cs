using static TorchSharp.torch;

namespace TorchFluent.Tests.Data;

/// <summary>The reference text's MyDataset: rows of two tensors, read one sample at a time (no batched fast path).</summary>
internal sealed class RowDataset(Tensor x, Tensor y) : Dataset<(Tensor X, Tensor Y)>
{
    int reads;

    public override int Count => (int)x.shape[0];

    /// <summary>How many samples have been read (thread-safe).</summary>
    public int Reads => Volatile.Read(ref reads);

    /// <summary>Called before each read with the index; may throw or block.</summary>
    public Action<int>? BeforeRead { get; set; }

    public override (Tensor X, Tensor Y) this[int index]
    {
        get
        {
            Interlocked.Increment(ref reads);
            BeforeRead?.Invoke(index);
            return (x[index], y[index]);
        }
    }
}

internal static class TestData
{
    /// <summary>n samples: x[i] = [3i, 3i+1, 3i+2] (float32), y[i] = i (int64).</summary>
    public static (Tensor X, Tensor Y) Rows(int n)
    {
        TorchRuntime.EnsureLoaded();
        return (arange(n * 3, ScalarType.Float32).reshape(n, 3), arange(n, ScalarType.Int64));
    }

    public static long[] Longs(Tensor t)
    {
        using var c = t.to_type(ScalarType.Int64).contiguous();
        return c.data<long>().ToArray();
    }

    public static float[] Floats(Tensor t)
    {
        using var c = t.to_type(ScalarType.Float32).contiguous();
        return c.data<float>().ToArray();
    }
}
