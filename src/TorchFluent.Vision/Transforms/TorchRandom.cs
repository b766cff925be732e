using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Random draws made exactly as torchvision makes them, from libtorch's global generator: after
/// <c>torch.manual_seed(s)</c> a random transform takes the same decisions as PyTorch's after <c>torch.manual_seed(s)</c>.
/// </summary>
internal static class TorchRandom
{
    /// <summary><c>torch.rand(1).item()</c>: a float32 in [0, 1).</summary>
    public static float Rand()
    {
        using var t = rand(1);
        return t.item<float>();
    }

    /// <summary><c>torch.rand(1) &lt; p</c>, compared in float32 as PyTorch compares a float tensor with a Python float.</summary>
    public static bool Chance(double p) => Rand() < (float)p;

    /// <summary><c>torch.empty(1).uniform_(low, high).item()</c>: a float32 drawn in [low, high).</summary>
    public static double Uniform(double low, double high)
    {
        using var t = empty(1);
        t.uniform_(low, high);
        return t.item<float>();
    }

    /// <summary><c>torch.randint(low, high, size=(1,)).item()</c>.</summary>
    public static long RandInt(long low, long high)
    {
        using var t = randint(low, high, [1]);
        return t.item<long>();
    }

    /// <summary><c>torch.randperm(n)</c> as an array.</summary>
    public static long[] RandPerm(long n)
    {
        using var t = randperm(n);
        return t.data<long>().ToArray();
    }
}
