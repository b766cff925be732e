// Benchmarks. Two kinds of entry:
//   dotnet run -c Release --project benchmarks/TorchFluent.Benchmarks -- --filter '*Tensor*'   (BenchmarkDotNet suites)
//   dotnet run -c Release --project benchmarks/TorchFluent.Benchmarks -- <program> [options]    (own benchmark programs,
//       for side-by-side runs with the PyTorch peer scripts in benchmarks/peers/; see benchmarks/README.md)
using BenchmarkDotNet.Running;
using TorchFluent.Benchmarks;

if (args.Length > 0 && BenchmarkPrograms.TryRun(args))
    return;
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkPrograms).Assembly).Run(args);
