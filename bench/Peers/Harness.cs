using System.Diagnostics;

namespace Peers;

/// <summary>One way of running a workload: <c>Run(n)</c> runs n calls.</summary>
internal sealed record Contender(string Name, Action<int> Run, bool Native = false);

/// <summary>A contender's median time per call and the managed bytes it allocated per call.</summary>
internal sealed record Result(string Name, double Seconds, double Bytes, bool Native);

/// <summary>
/// Times contenders side by side: each is warmed up (long enough for tiered JIT to settle), then
/// every round runs one batch of each in turn (so that noise from the host falls on all of them
/// alike), and the median of the rounds is reported.
/// </summary>
internal static class Harness
{
    public static int Rounds = 15;
    private const double BatchSeconds = 0.02, WarmupSeconds = 0.6;

    public static List<Result> Measure(IReadOnlyList<Contender> contenders)
    {
        var batches = contenders.Select(Calibrate).ToArray();
        var times = contenders.Select(_ => new List<double>()).ToArray();
        var bytes = new double[contenders.Count];
        for (int r = 0; r < Rounds; r++)
        {
            for (int i = 0; i < contenders.Count; i++)
            {
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                long start = Stopwatch.GetTimestamp();
                contenders[i].Run(batches[i]);
                times[i].Add(Stopwatch.GetElapsedTime(start).TotalSeconds / batches[i]);
                bytes[i] = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)batches[i];
            }
        }
        return contenders.Select((c, i) => new Result(c.Name, Median(times[i]), bytes[i], c.Native)).ToList();
    }

    // Runs the contender for the warm-up time, then finds the calls a batch needs.
    private static int Calibrate(Contender c)
    {
        var clock = Stopwatch.StartNew();
        int n = 1;
        while (clock.Elapsed.TotalSeconds < WarmupSeconds)
        {
            long start = Stopwatch.GetTimestamp();
            c.Run(n);
            if (Stopwatch.GetElapsedTime(start).TotalSeconds < BatchSeconds) n *= 2;
        }
        return n;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>A Markdown table: median, bytes per call, and the time as a multiple of Eigen's and libtorch's.</summary>
    public static void Print(string title, IReadOnlyList<Result> results, string? extraHeader = null, Func<double, string>? extra = null)
    {
        var eigen = results.Where(r => r.Name.StartsWith("Eigen")).Select(r => r.Seconds).DefaultIfEmpty(double.NaN).Min();
        var torch = results.FirstOrDefault(r => r.Name.StartsWith("libtorch"))?.Seconds ?? double.NaN;
        Console.WriteLine($"\n### {title}\n");
        Console.WriteLine($"| contender | median | bytes/call | × Eigen | × libtorch |{(extra is null ? "" : $" {extraHeader} |")}");
        Console.WriteLine($"| --- | ---: | ---: | ---: | ---: |{(extra is null ? "" : " ---: |")}");
        foreach (var r in results)
        {
            string b = r.Native ? "native" : $"{r.Bytes:N0}";
            Console.WriteLine($"| {r.Name} | {Time(r.Seconds)} | {b} | {Ratio(r.Seconds, eigen)} | {Ratio(r.Seconds, torch)} |{(extra is null ? "" : $" {extra(r.Seconds)} |")}");
        }
    }

    public static string Time(double seconds) =>
        seconds >= 1e-3 ? $"{seconds * 1e3:F2} ms" : seconds >= 1e-6 ? $"{seconds * 1e6:F2} µs" : $"{seconds * 1e9:F1} ns";

    private static string Ratio(double x, double reference) => double.IsNaN(reference) ? "—" : $"{x / reference:F2}";
}
