using Peers;
using TorchSharp;

// The peers' bench: TensorDsl against Eigen, libtorch and TensorPrimitives. See docs/performance.md.
//   Peers.dll                      every workload, then the cold starts
//   Peers.dll mlp-s tanh …         those workloads only (mlp-s, mlp-l, matmul, matmul512, tanh, exp, tiny, cold)
//   Peers.dll --cold compiled 100  one cold-start child (used by the cold workload): mode, ms of setup
if (args.Length == 3 && args[0] == "--cold")
{
    ColdStart.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    return;
}
torch.set_num_threads(1);
var chosen = args.Length == 0 ? ["mlp-s", "mlp-l", "matmul", "matmul512", "tanh", "exp", "tiny", "cold"] : args;
Console.WriteLine($"# TensorDsl against its peers, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, libtorch threads {torch.get_num_threads()}; median of {Harness.Rounds} interleaved rounds");
foreach (var w in chosen)
{
    switch (w)
    {
        case "mlp-s": Workloads.Mlp("MLP-S", 16, 32, 64, 10); break;
        case "mlp-l": Workloads.Mlp("MLP-L", 64, 256, 256, 10); break;
        case "matmul": Workloads.MatMul(); break;
        case "matmul512": Workloads.MatMul512(); break;
        case "tanh" or "exp": Workloads.Elementwise(w); break;
        case "tiny": Workloads.TinySum(); break;
        case "cold": ColdStart.Report(); break;
        default: throw new ArgumentException($"unknown workload '{w}'");
    }
}
