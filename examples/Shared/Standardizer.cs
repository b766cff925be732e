using static TorchSharp.torch;

namespace TorchFluent.Examples;

/// <summary>Column means and standard deviations of the training split, applied to every split (no test-set leakage).</summary>
internal sealed class Standardizer : IDisposable
{
    readonly Tensor mean;
    readonly Tensor std;

    public Standardizer(Tensor train)
    {
        mean = train.mean([0L], keepdim: true);
        using var raw = train.std(0, keepdim: true);
        std = raw.clamp_min(1e-6);
    }

    public Tensor Apply(Tensor x)
    {
        using var centered = x.sub(mean);
        return centered.div(std);
    }

    public void Dispose()
    {
        mean.Dispose();
        std.Dispose();
    }
}
