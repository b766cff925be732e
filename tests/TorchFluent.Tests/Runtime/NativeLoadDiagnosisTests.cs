using System.Runtime.InteropServices;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;

namespace TorchFluent.Tests.Runtime;

public sealed class NativeLoadDiagnosisTests
{
    const string GlibcxxLine = "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/runtimes/linux-x64/native/libLibTorchSharp.so)";

    const string DotnetGlibcxxMessage =
        "Unable to load shared library 'LibTorchSharp' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n" +
        "/app/runtimes/linux-x64/native/LibTorchSharp.so: cannot open shared object file: No such file or directory\n" +
        GlibcxxLine + "\n" +
        "/app/libLibTorchSharp.so: cannot open shared object file: No such file or directory\n";

    [Fact]
    public void Diagnose_GlibcxxMissing_GivesLoaderLineAndFix()
    {
        var error = TorchRuntime.Diagnose(DotnetGlibcxxMessage, null);

        error.LoaderError.Should().Be(GlibcxxLine);
        error.Message.Should().Be(
            "TorchSharp's native library (LibTorchSharp) could not be loaded, so libtorch cannot run.\n" +
            "Loader error: " + GlibcxxLine + "\n" +
            "Expected: a libLibTorchSharp.so that this system's libstdc++ satisfies.\n" +
            "Received: a libLibTorchSharp.so that asks for a newer libstdc++ (GCC 13+) than this system has (Debian 12 and Ubuntu 22.04 ship GCC 12).\n" +
            "Fix: build the app with a reference to the TorchFluent package and without TorchFluentNativeCompatibility=false; " +
            "its build step marks that unused version need weak when it copies the library to the output folder. " +
            "Or install libstdc++ from GCC 13 or newer.");
    }

    [Fact]
    public void Diagnose_LibraryAbsent_SaysWhichPackageToAdd()
    {
        const string message =
            "Unable to load shared library 'LibTorchSharp' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace.\n" +
            "/app/LibTorchSharp.so: cannot open shared object file: No such file or directory\n" +
            "/app/libLibTorchSharp.so: cannot open shared object file: No such file or directory\n";

        var error = TorchRuntime.Diagnose(message, null);

        error.LoaderError.Should().BeEmpty();
        error.Message.Should().Be(
            "TorchSharp's native library (LibTorchSharp) could not be loaded, so libtorch cannot run.\n" +
            "Loader error: libLibTorchSharp was not found (searched: /app/LibTorchSharp.so, /app/libLibTorchSharp.so).\n" +
            "Expected: the native libraries of a TorchSharp backend package next to the app.\n" +
            "Received: an app without a backend package.\n" +
            "Fix: add a package reference to TorchSharp-cpu 0.107.0 (or TorchSharp-cuda-linux / TorchSharp-cuda-windows) to the app, then rebuild.");
    }

    [Fact]
    public void Diagnose_OtherLoaderError_QuotesIt()
    {
        const string line = "/app/libtorch_cpu.so: file too short";
        var error = TorchRuntime.Diagnose("Unable to load shared library 'LibTorchSharp'.\n" + line + "\n", null);

        error.LoaderError.Should().Be(line);
        error.Message.Should().Be(
            "TorchSharp's native library (LibTorchSharp) could not be loaded, so libtorch cannot run.\n" +
            "Loader error: " + line + "\n" +
            "Expected: libLibTorchSharp and the libtorch libraries it needs, loadable by this system's dynamic loader.\n" +
            "Received: the loader error above.\n" +
            "Fix: check that every file the loader names exists and matches this machine's architecture; rebuild the app so its output folder holds a complete TorchSharp backend package.");
    }

    [Fact]
    public void Diagnose_DependencyMissingNextToExistingLibrary_QuotesItInsteadOfBlamingThePackage()
    {
        var library = typeof(NativeLoadDiagnosisTests).Assembly.Location; // any file that exists
        var line = library + ": libtorch.so: cannot open shared object file: No such file or directory";

        var error = TorchRuntime.Diagnose("Unable to load shared library 'LibTorchSharp'.\n" + line + "\n", null);

        error.LoaderError.Should().Be(line);
        error.Message.Should().StartWith("TorchSharp's native library (LibTorchSharp) could not be loaded, so libtorch cannot run.\nLoader error: " + line + "\nExpected: libLibTorchSharp and the libtorch libraries it needs");
    }

    [Fact]
    public void Diagnose_RealUnpatchedLibrary_NamesTheMissingGlibcxxVersion()
    {
        // A copy of the library exactly as TorchSharp ships it, loaded for real: the loader error must come through.
        var folder = TestPaths.NewTempFolder("tf-unpatched");
        try
        {
            // A complete output folder (libtorch symlinked from this test's own) whose LibTorchSharp is unpatched.
            var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
            foreach (var file in Directory.GetFiles(native).Where(f => Path.GetFileName(f) != "libLibTorchSharp.so"))
                File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(file)), file);
            var path = Path.Combine(folder, "libLibTorchSharp.so");
            File.Copy(TestPaths.OriginalLibTorchSharp, path);
            if (SystemHasGlibcxx("GLIBCXX_3.4.32"))
            {
                NativeLibrary.TryLoad(path, out _).Should().BeTrue("this system's libstdc++ is new enough to load it unpatched");
                return;
            }

            var thrown = FluentActions.Invoking(() => NativeLibrary.Load(path)).Should().Throw<DllNotFoundException>().Which;
            var error = TorchRuntime.Diagnose(thrown.Message, thrown);

            error.LoaderError.Should().Contain("version `GLIBCXX_3.4.32' not found").And.Contain(path);
            error.Message.Should().StartWith("TorchSharp's native library (LibTorchSharp) could not be loaded").And.Contain("Fix: build the app with a reference to the TorchFluent package");
            error.InnerException.Should().BeSameAs(thrown);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static bool SystemHasGlibcxx(string version)
    {
        var candidates = new[] { "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" };
        var path = candidates.FirstOrDefault(File.Exists);
        return path is not null && System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path)).Contains(version + "\0", StringComparison.Ordinal);
    }
}
