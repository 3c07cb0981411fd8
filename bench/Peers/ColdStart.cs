using System.Diagnostics;
using System.Globalization;
using TensorDsl;

namespace Peers;

/// <summary>
/// What a user sees in a fresh process: the first call (JIT included), the mean of the first 100
/// and first 2,000 calls, and the steady time (the mean of calls 15,001–20,000, the same statistic
/// as the first calls'), for the MLP-S step. The first call comes either at once, as the process
/// starts, or after 100 ms of setup that touches TensorDsl (what loading data and building a model
/// take at least), which leaves the background warm-up time to finish. Each measurement is a child
/// process of its own; the parent reports the median of five.
/// </summary>
internal static class ColdStart
{
    private const int Calls = 20_001, Processes = 5;

    public static void Report()
    {
        Console.WriteLine("\n### Cold start: MLP-S step in a fresh process (median of 5 processes)\n");
        Console.WriteLine("| contender | first call | call 1 | mean of calls 1–100 | mean of calls 1–2,000 | steady | 1–2,000 ÷ steady |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var mode in new[] { "compiled", "eager" })
        {
            foreach (int setup in new[] { 0, 100 })
            {
                var runs = Enumerable.Range(0, Processes).Select(_ => Child(mode, setup)).ToArray();
                double M(int i) => Harness.Median(runs.Select(r => r[i]));
                double first = M(0), m100 = M(1), m2000 = M(2), steady = M(3);
                double ratio = Harness.Median(runs.Select(r => r[2] / r[3]));
                string when = setup == 0 ? "at start" : $"after {setup} ms of setup";
                Console.WriteLine($"| TensorDsl {mode} | {when} | {Harness.Time(first)} | {Harness.Time(m100)} | {Harness.Time(m2000)} | {Harness.Time(steady)} | {ratio:F2} |");
            }
        }
    }

    private static double[] Child(string mode, int setup)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        start.ArgumentList.Add(typeof(ColdStart).Assembly.Location);
        start.ArgumentList.Add("--cold");
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(setup.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        string line = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"cold child '{mode}' failed: {line}");
        return line.Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The child: times every call and prints first, mean of 1–100, mean of 1–2,000, steady (seconds).</summary>
    public static void Run(string mode, int setup)
    {
        var random = new Random(1);
        float[] R(int n) { var v = new float[n]; for (int i = 0; i < n; i++) v[i] = (float)(random.NextDouble() * 2 - 1); return v; }
        var (x, w1, b1, w2, y) = (R(16 * 32), R(32 * 64), R(64), R(64 * 10), R(16 * 10));
        var (g1, gb, g2) = (new float[w1.Length], new float[b1.Length], new float[w2.Length]);
        Action step;
        if (mode == "compiled")
        {
            step = () =>
            {
                Array.Clear(g1); Array.Clear(gb); Array.Clear(g2);
                Kernels.MlpSKernel.Backward(x, w1, b1, w2, y, g1, gb, g2);
            };
        }
        else
        {
            var ex = Torch.Tensor(x).Reshape(16, 32);
            var (ew1, eb1, ew2) = (Torch.Tensor(w1).Reshape(32, 64).RequiresGrad_(), Torch.Tensor(b1).RequiresGrad_(), Torch.Tensor(w2).Reshape(64, 10).RequiresGrad_());
            var ey = Torch.Tensor(y).Reshape(16, 10);
            step = () =>
            {
                var d = (ex.MatMul(ew1) + eb1).Tanh().MatMul(ew2) - ey;
                (d * d).Mean().Backward();
                ew1.Grad = null; eb1.Grad = null; ew2.Grad = null;
            };
        }
        if (setup > 0)
        {
            GC.KeepAlive(Torch.Zeros([1]));
            Thread.Sleep(setup);
        }
        var t = new long[Calls + 1];
        t[0] = Stopwatch.GetTimestamp();
        for (int i = 1; i <= Calls; i++)
        {
            step();
            t[i] = Stopwatch.GetTimestamp();
        }
        double S(long ticks) => ticks / (double)Stopwatch.Frequency;
        double steady = S(t[Calls] - t[15_000]) / (Calls - 15_000);
        Console.WriteLine(string.Join(" ", new[] { S(t[1] - t[0]), S(t[100] - t[0]) / 100, S(t[2000] - t[0]) / 2000, steady }
            .Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
    }
}
