// dotnet run -c Release --project bench/TensorDsl.Benchmarks -- --filter '*'
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(TensorDsl.Benchmarks.MlpStep).Assembly).Run(args);
