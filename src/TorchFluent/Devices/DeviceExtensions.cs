using System.Diagnostics.CodeAnalysis;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Devices, as in PyTorch: <c>Device.Cpu</c>, <c>Device.Cuda(1)</c>, <c>Device.Best</c>, <c>Device.Parse("cuda:1")</c>
/// on TorchSharp's own <see cref="Device"/> type, and <c>x.To(device)</c> / <c>model.To(device)</c>.
/// </summary>
/// <remarks>
/// These are static extension members of <c>TorchSharp.torch.Device</c>, so with <c>using static TorchSharp.torch;</c>
/// <c>Device.Cpu</c> compiles with no second Device type to clash with. Naming a device never needs the device
/// (PyTorch can name "cuda:0" on a machine without a GPU; TorchSharp's <c>torch.device("cuda:0")</c> throws there);
/// using it checks, and explains how to get CUDA when it is missing.
/// </remarks>
public static class DeviceExtensions
{
    // TorchSharp's DeviceType names, lowercased: the spellings PyTorch uses for the same device types.
    static readonly Dictionary<string, DeviceType> Types = new(StringComparer.Ordinal)
    {
        ["cpu"] = DeviceType.CPU,
        ["cuda"] = DeviceType.CUDA,
        ["mps"] = DeviceType.MPS,
        ["meta"] = DeviceType.META,
        ["mkldnn"] = DeviceType.MKLDNN,
        ["opengl"] = DeviceType.OPENGL,
        ["opencl"] = DeviceType.OPENCL,
        ["ideep"] = DeviceType.IDEEP,
        ["hip"] = DeviceType.HIP,
        ["fpga"] = DeviceType.FPGA,
        ["msnpu"] = DeviceType.MSNPU,
        ["xla"] = DeviceType.XLA,
    };

    extension(Device)
    {
        /// <summary>The CPU (PyTorch: <c>torch.device("cpu")</c>).</summary>
        public static Device Cpu
        {
            get
            {
                TorchRuntime.EnsureLoaded();
                return CPU;
            }
        }

        /// <summary>
        /// A CUDA device: <c>Device.Cuda()</c> is "cuda" (the current GPU), <c>Device.Cuda(1)</c> is "cuda:1".
        /// Naming a device does not need a GPU; moving data there does.
        /// </summary>
        /// <param name="index">The GPU's index (0 is the first), or null for the current GPU.</param>
        /// <returns>The device.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
        public static Device Cuda(int? index = null)
        {
            if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), Messages.CudaIndexNegative(index.Value));
            return new Device(DeviceType.CUDA, index ?? -1);
        }

        /// <summary>
        /// The fastest device available: "cuda" when <see cref="TorchFluent.Cuda.IsAvailable"/>, else "mps" on Apple
        /// Silicon, else the CPU (PyTorch's idiom <c>"cuda" if torch.cuda.is_available() else "cpu"</c>).
        /// </summary>
        public static Device Best
        {
            get
            {
                if (TorchFluent.Cuda.IsAvailable) return new Device(DeviceType.CUDA, -1);
                return mps_is_available() ? new Device(DeviceType.MPS, -1) : CPU;
            }
        }

        /// <summary>Parses a device string as PyTorch does: "cpu", "cuda", "cuda:1", "mps".</summary>
        /// <param name="text">A lowercase device type, optionally followed by ':' and an index of 0 or more.</param>
        /// <returns>The device.</returns>
        /// <exception cref="ArgumentException"><paramref name="text"/> is not a device string.</exception>
        public static Device Parse(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            return TryParse(text, out var device, out var reason)
                ? device
                : throw new ArgumentException(Messages.DeviceParse(text, reason), nameof(text));
        }

        /// <summary>Parses a device string, returning false instead of throwing when it is not one.</summary>
        /// <param name="text">A device string such as "cuda:1".</param>
        /// <param name="device">The device, when the text is valid.</param>
        /// <returns>Whether <paramref name="text"/> is a device string.</returns>
        public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Device? device)
        {
            if (text is not null && TryParse(text, out var parsed, out _))
            {
                device = parsed;
                return true;
            }
            device = null;
            return false;
        }
    }

    extension(Device device)
    {
        /// <summary>The device index, or null when the device has none (PyTorch: <c>device.index</c>; TorchSharp stores -1).</summary>
        public int? Index => device.index < 0 ? null : device.index;
    }

    extension(Tensor input)
    {
        /// <summary>
        /// This tensor on <paramref name="device"/> (PyTorch: <c>x.to(device)</c>): the same object when it is already
        /// there, else a copy on that device.
        /// </summary>
        /// <param name="device">The target device, for example <c>Device.Best</c>.</param>
        /// <returns>The tensor itself or a copy on the device.</returns>
        /// <exception cref="InvalidOperationException">The device is not available here (no CUDA, index too high, no MPS).</exception>
        /// <exception cref="TorchOperationException">libtorch refused the move.</exception>
        public Tensor To(Device device)
        {
            ArgumentNullException.ThrowIfNull(device);
            if (DeviceGuard.IsOn(TensorMetadata.DeviceType(input), TensorMetadata.DeviceIndex(input), device)) return input;
            DeviceGuard.EnsureUsable(device);
            try
            {
                return input.to(device);
            }
            catch (Exception e) when (TorchOperationException.IsNative(e))
            {
                throw TorchOperationException.Create("To", e, input);
            }
        }

        /// <summary>This tensor on the device named by <paramref name="device"/>: <c>x.To("cpu")</c>, <c>x.To("cuda:1")</c>.</summary>
        /// <param name="device">A device string, as <see cref="Parse"/> reads it.</param>
        /// <returns>The tensor itself or a copy on the device.</returns>
        /// <exception cref="ArgumentException"><paramref name="device"/> is not a device string.</exception>
        /// <exception cref="InvalidOperationException">The device is not available here.</exception>
        public Tensor To(string device) => input.To(ParseArgument(device, nameof(device)));

        /// <summary>This tensor on <paramref name="device"/> as <paramref name="dtype"/>, in one step (PyTorch: <c>x.to(device, dtype)</c>).</summary>
        /// <param name="device">The target device.</param>
        /// <param name="dtype">The target dtype.</param>
        /// <returns>The tensor itself when both already match, else a new tensor.</returns>
        /// <exception cref="InvalidOperationException">The device is not available here.</exception>
        /// <exception cref="TorchOperationException">libtorch refused the conversion.</exception>
        public Tensor To(Device device, ScalarType dtype)
        {
            ArgumentNullException.ThrowIfNull(device);
            var here = DeviceGuard.IsOn(TensorMetadata.DeviceType(input), TensorMetadata.DeviceIndex(input), device);
            if (here) return input.To(dtype);
            DeviceGuard.EnsureUsable(device);
            try
            {
                return input.to(dtype, device);
            }
            catch (Exception e) when (TorchOperationException.IsNative(e))
            {
                throw TorchOperationException.Create("To", e, input);
            }
        }
    }

    extension<TModule>(TModule module) where TModule : nn.Module
    {
        /// <summary>Moves the module's parameters and buffers to <paramref name="device"/> in place and returns the module (PyTorch: <c>model.to(device)</c>).</summary>
        /// <param name="device">The target device.</param>
        /// <returns>The same module.</returns>
        /// <exception cref="InvalidOperationException">The device is not available here.</exception>
        public TModule To(Device device)
        {
            ArgumentNullException.ThrowIfNull(module);
            ArgumentNullException.ThrowIfNull(device);
            // A field that was never registered would stay behind on the old device: fail loudly instead.
            ModuleTree.ThrowIfUnregistered(module, "To(device)");
            DeviceGuard.EnsureUsable(device);
            try
            {
                return module.to(device);
            }
            catch (Exception e) when (TorchOperationException.IsNative(e))
            {
                throw TorchOperationException.Create("Module.To", e, []);
            }
        }

        /// <summary>Moves the module to the device named by <paramref name="device"/>: <c>model.To("cuda")</c>.</summary>
        /// <param name="device">A device string, as <see cref="Parse"/> reads it.</param>
        /// <returns>The same module.</returns>
        /// <exception cref="ArgumentException"><paramref name="device"/> is not a device string.</exception>
        /// <exception cref="InvalidOperationException">The device is not available here.</exception>
        public TModule To(string device) => module.To(ParseArgument(device, nameof(device)));
    }

    static Device ParseArgument(string text, string parameter)
    {
        ArgumentNullException.ThrowIfNull(text, parameter);
        return TryParse(text, out var device, out var reason)
            ? device
            : throw new ArgumentException(Messages.DeviceParse(text, reason), parameter);
    }

    static bool TryParse(string text, [NotNullWhen(true)] out Device? device, out string reason)
    {
        device = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var typeName = colon < 0 ? text : text[..colon];
        if (!Types.TryGetValue(typeName, out var type))
        {
            reason = typeName.Length == 0
                ? "the device type is missing"
                : Types.ContainsKey(typeName.ToLowerInvariant())
                    ? $"device types are lowercase ('{typeName.ToLowerInvariant()}')"
                    : $"'{typeName}' is not a device type";
            return false;
        }
        var index = -1;
        if (colon >= 0)
        {
            var digits = text.AsSpan(colon + 1);
            if (digits.Length > 0 && digits[0] == '-')
            {
                reason = "a device index must not be negative";
                return false;
            }
            if (digits.Length == 0 || digits.Length > 9 || !IsDigits(digits))
            {
                reason = $"'{digits}' after ':' is not a device index";
                return false;
            }
            index = int.Parse(digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        }
        reason = "";
        device = new Device(type, index);
        return true;
    }

    static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9') return false;
        }
        return true;
    }
}
