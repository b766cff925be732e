using System.Runtime.InteropServices;
using TorchSharp;

namespace TorchFluent;

/// <summary>
/// Loads TorchSharp's native backend with a diagnosis a person can act on. Every TorchFluent entry point calls
/// <see cref="EnsureLoaded"/>; call it yourself first when a program starts with raw TorchSharp calls.
/// </summary>
public static class TorchRuntime
{
    static readonly object Gate = new();
    static volatile bool loaded;

    /// <summary>True once the native backend has been loaded and initialised in this process.</summary>
    public static bool IsLoaded => loaded;

    /// <summary>
    /// Loads libLibTorchSharp and libtorch, then initialises TorchSharp's CPU backend. Cheap after the first call.
    /// </summary>
    /// <exception cref="NativeLoadException">
    /// The native library cannot be loaded; the message gives the dynamic loader's error and the fix.
    /// </exception>
    public static void EnsureLoaded()
    {
        if (loaded) return;
        lock (Gate)
        {
            if (loaded) return;
            Load();
            loaded = true;
        }
    }

    static void Load()
    {
        // Load the library ourselves before anything touches TorchSharp.torch: its static constructor loads the
        // backend too, and when that fails it prints a misleading "doesn't contain a reference to libtorch-cpu"
        // text to stdout and leaves the torch type unusable for the rest of the process.
        // typeof(...).Assembly does not run the static constructor.
        var assembly = typeof(torch).Assembly;
        try
        {
            NativeLibrary.Load("LibTorchSharp", assembly, null);
        }
        catch (DllNotFoundException e)
        {
            throw Diagnose(e.Message, e);
        }
        catch (BadImageFormatException e)
        {
            throw new NativeLoadException(Messages.NativeLoadOther(e.Message), e.Message, e);
        }

        try
        {
            // Now TorchSharp finds the library already loaded; this also runs torch's static constructor.
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            var inner = e is TypeInitializationException { InnerException: { } i } ? i : e;
            var firstLine = inner.Message.Split('\n')[0].Trim();
            throw new NativeLoadException(Messages.NativeInitFailed(firstLine), "", e);
        }
    }

    /// <summary>
    /// Turns .NET's "Unable to load shared library" text (one loader line per path it tried) into one message:
    /// the lines that are not plain "file not found" are the real reason.
    /// </summary>
    internal static NativeLoadException Diagnose(string dotnetMessage, Exception? inner)
    {
        var lines = dotnetMessage.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // A "not found" line about a path that does not exist is just one probe location; a line about a file that
        // exists (for example "<dir>/libLibTorchSharp.so: libtorch.so: cannot open shared object file") is a real reason.
        var reasons = lines.Skip(1)
            .Where(l => !IsProbeMiss(l))
            .Distinct()
            .ToList();
        if (reasons.Count == 0)
        {
            var searched = string.Join(", ", lines.Skip(1).Select(l => l.Split(':')[0]).Distinct().Take(4));
            return new NativeLoadException(Messages.NativeLoadMissing(searched.Length == 0 ? "the app's folders" : searched), "", inner);
        }
        var loaderError = string.Join("; ", reasons);
        var message = loaderError.Contains("GLIBCXX_", StringComparison.Ordinal)
            ? Messages.NativeLoadGlibcxx(loaderError)
            : Messages.NativeLoadOther(loaderError);
        return new NativeLoadException(message, loaderError, inner);
    }

    static bool IsProbeMiss(string line)
    {
        var notFound = line.EndsWith("No such file or directory", StringComparison.Ordinal)
                    || line.EndsWith("The specified module could not be found.", StringComparison.Ordinal);
        return notFound && !File.Exists(line.Split(": ")[0]);
    }
}
