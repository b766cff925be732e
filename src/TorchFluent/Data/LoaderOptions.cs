using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>A loader's options, as chosen on its builder (PyTorch's defaults until changed).</summary>
internal sealed class LoaderOptions
{
    public int BatchSize { get; set; } = 1;
    public bool Shuffle { get; set; }
    public long? Seed { get; set; }
    public bool DropLast { get; set; }
    public int Workers { get; set; }
    public int Prefetch { get; set; } = 2;
    public Device? Device { get; set; }
    public bool KeepBatches { get; set; }

    public LoaderOptions Clone() => (LoaderOptions)MemberwiseClone();
}
