namespace TorchFluent.Benchmarks;

/// <summary>
/// The project's own benchmark programs (throughput and RSS runs that BenchmarkDotNet does not fit), by name.
/// Each concept registers its programs here: <c>["loader"] = Data.LoaderThroughput.Run</c>.
/// </summary>
public static class BenchmarkPrograms
{
    static readonly Dictionary<string, Action<string[]>> Programs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tensor-overhead"] = Tensors.OverheadProgram.Run,
        ["loader"] = Data.LoaderThroughput.Run,
        ["loader-memory"] = Data.LoaderMemory.Run,
        ["training"] = Training.TrainingThroughput.Run,
        ["training-compute"] = Training.TrainingCompute.Run,
        ["training-memory"] = Training.TrainingMemory.Run,
        ["optim-step"] = Optim.OptimizerStepInterleaved.Run,
    };

    /// <summary>Runs the program named by <paramref name="args"/>[0], if there is one.</summary>
    public static bool TryRun(string[] args)
    {
        if (!Programs.TryGetValue(args[0], out var program)) return false;
        TorchRuntime.EnsureLoaded();
        program(args[1..]);
        return true;
    }
}
