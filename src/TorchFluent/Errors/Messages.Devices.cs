namespace TorchFluent;

internal static partial class Messages
{
    internal const string DeviceTypes = "cpu, cuda, mps, meta, mkldnn, opengl, opencl, ideep, hip, fpga, msnpu, xla";

    internal static string DeviceParse(string text, string reason) =>
        $"'{text}' is not a device: {reason}.\n" +
        "Expected: a device type, optionally followed by ':' and an index of 0 or more, spelled as in PyTorch: 'cpu', 'cuda', 'cuda:0', 'cuda:1', 'mps'.\n" +
        $"Received: '{text}'.\n" +
        $"Fix: use one of the lowercase device types ({DeviceTypes}), or Device.Cpu, Device.Cuda(index), Device.Best.";

    internal static string CudaIndexNegative(int index) =>
        $"Device.Cuda: index {index} is negative.\n" +
        "Expected: a CUDA device index of 0 or more (cuda:0 is the first GPU), or no index for the current GPU.\n" +
        $"Received: {index}.\n" +
        "Fix: pass 0 for the first GPU, or call Device.Cuda() without an index.";

    internal static string CudaUnavailable(string device) =>
        $"Cannot use device '{device}': CUDA is not available in this process.\n" +
        "Expected: an NVIDIA GPU with its driver, and TorchSharp's CUDA backend package referenced by the app.\n" +
        "Received: Cuda.IsAvailable is false (PyTorch: torch.cuda.is_available() returns False); the app runs the CPU backend or has no usable GPU.\n" +
        "Fix: check Cuda.IsAvailable first, or use Device.Best, which falls back to the CPU; " +
        "to run on a GPU, install the NVIDIA driver and reference TorchSharp-cuda-linux (or TorchSharp-cuda-windows) 0.107.0 instead of TorchSharp-cpu " +
        "(in this repository: build with -p:TorchBackend=cuda).";

    internal static string CudaIndexOutOfRange(string device, int count) =>
        $"Cannot use device '{device}': this machine has {count} CUDA device{(count == 1 ? "" : "s")}.\n" +
        $"Expected: an index from 0 to {count - 1}.\n" +
        $"Received: '{device}'.\n" +
        "Fix: check Cuda.DeviceCount (PyTorch: torch.cuda.device_count()) and pick an index below it.";

    internal static string MpsUnavailable(string device) =>
        $"Cannot use device '{device}': Apple's Metal (MPS) backend is only available on Apple Silicon Macs.\n" +
        "Expected: macOS on an Apple Silicon machine.\n" +
        "Received: another platform.\n" +
        "Fix: use Device.Best, which picks CUDA, then MPS, then the CPU, whichever is available.";
}
