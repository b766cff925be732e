using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Checks that a device can be used before anything is allocated or moved there, so a missing GPU is reported with
/// how to check and what to install, instead of TorchSharp's "did not initialise" text with its loader trace.
/// </summary>
internal static class DeviceGuard
{
    internal static void EnsureUsable(Device device)
    {
        switch (device.type)
        {
            case DeviceType.CUDA:
                if (!Cuda.IsAvailable) throw new InvalidOperationException(Messages.CudaUnavailable(device.ToString()));
                if (device.index >= Cuda.DeviceCount)
                    throw new InvalidOperationException(Messages.CudaIndexOutOfRange(device.ToString(), Cuda.DeviceCount));
                break;
            case DeviceType.MPS:
                if (!mps_is_available()) throw new InvalidOperationException(Messages.MpsUnavailable(device.ToString()));
                break;
        }
    }

    /// <summary>True when a tensor on (type, index) is already on <paramref name="device"/>.</summary>
    internal static bool IsOn(DeviceType type, int index, Device device)
    {
        if (type != device.type) return false;
        if (type == DeviceType.CPU || device.index == index) return true;
        // "cuda" without an index means the current GPU; TorchSharp offers no way to change it from device 0.
        return device.index < 0 && index == 0;
    }
}
