using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>CUDA availability, as PyTorch's <c>torch.cuda.is_available()</c> and <c>torch.cuda.device_count()</c>.</summary>
public static class Cuda
{
    // Asked once per process: availability does not change while a process runs, and TorchSharp's check walks its
    // native-loading logic on every call.
    static readonly Lazy<(bool Available, int Count)> State = new(Query);

    /// <summary>True when a CUDA GPU can be used: an NVIDIA driver and TorchSharp's CUDA backend are both present.</summary>
    public static bool IsAvailable => State.Value.Available;

    /// <summary>The number of usable CUDA GPUs (0 without CUDA).</summary>
    public static int DeviceCount => State.Value.Count;

    static (bool, int) Query()
    {
        TorchRuntime.EnsureLoaded();
        // With the CPU backend TorchSharp's probe finds no libtorch_cuda and answers false; it never throws here.
        var available = cuda.is_available();
        return (available, available ? cuda.device_count() : 0);
    }
}
