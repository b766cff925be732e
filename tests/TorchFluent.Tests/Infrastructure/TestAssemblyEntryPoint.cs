using TorchFluent.Tests.Checkpoints;

namespace TorchFluent.Tests.Infrastructure;

/// <summary>
/// The test assembly's entry point. `dotnet test` never calls it; tests start the built assembly as a child process
/// (<c>dotnet TorchFluent.Tests.dll &lt;command&gt; ...</c>) when they need a real process they can kill. Re-using the
/// test assembly avoids another project that would copy libtorch (~490 MB) into its own output folder.
/// </summary>
public static class TestAssemblyEntryPoint
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == CrashDuringSaveChild.Command) return CrashDuringSaveChild.Run(args[1..]);
        Console.Error.WriteLine("TorchFluent.Tests is a test assembly: run it with `dotnet test`. Child commands: " + CrashDuringSaveChild.Command);
        return 2;
    }

    /// <summary>The built test assembly, to start as a child process with <c>dotnet</c>.</summary>
    public static string AssemblyPath => typeof(TestAssemblyEntryPoint).Assembly.Location;
}
