namespace TorchFluent;

internal static partial class Messages
{
    internal const string NativeLoadIntro = "TorchSharp's native library (LibTorchSharp) could not be loaded, so libtorch cannot run.";

    internal static string NativeLoadGlibcxx(string loaderError) =>
        NativeLoadIntro + "\n" +
        "Loader error: " + loaderError + "\n" +
        "Expected: a libLibTorchSharp.so that this system's libstdc++ satisfies.\n" +
        "Received: a libLibTorchSharp.so that asks for a newer libstdc++ (GCC 13+) than this system has (Debian 12 and Ubuntu 22.04 ship GCC 12).\n" +
        "Fix: build the app with a reference to the TorchFluent package and without TorchFluentNativeCompatibility=false; " +
        "its build step marks that unused version need weak when it copies the library to the output folder. " +
        "Or install libstdc++ from GCC 13 or newer.";

    internal static string NativeLoadMissing(string searched) =>
        NativeLoadIntro + "\n" +
        "Loader error: libLibTorchSharp was not found (searched: " + searched + ").\n" +
        "Expected: the native libraries of a TorchSharp backend package next to the app.\n" +
        "Received: an app without a backend package.\n" +
        "Fix: add a package reference to TorchSharp-cpu 0.107.0 (or TorchSharp-cuda-linux / TorchSharp-cuda-windows) to the app, then rebuild.";

    internal static string NativeLoadOther(string loaderError) =>
        NativeLoadIntro + "\n" +
        "Loader error: " + loaderError + "\n" +
        "Expected: libLibTorchSharp and the libtorch libraries it needs, loadable by this system's dynamic loader.\n" +
        "Received: the loader error above.\n" +
        "Fix: check that every file the loader names exists and matches this machine's architecture; rebuild the app so its output folder holds a complete TorchSharp backend package.";

    internal static string NativeInitFailed(string detail) =>
        NativeLoadIntro + "\n" +
        "Loader error: LibTorchSharp loaded, but TorchSharp failed to initialise the CPU backend: " + detail + "\n" +
        "Expected: TorchSharp 0.107.0 with libtorch 2.10.0 (TorchSharp-cpu 0.107.0).\n" +
        "Received: the error above.\n" +
        "Fix: reference TorchSharp and its backend package at the same exact version (0.107.0), then rebuild.";
}
