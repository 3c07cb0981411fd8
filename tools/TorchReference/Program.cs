using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using TorchSharp;

namespace TorchReference;

/// <summary>What the run found besides the files: deviations of TorchSharp from PyTorch's recipes, skipped cases, notes.</summary>
internal sealed class Report
{
    public List<string> Deviations { get; } = [];

    public List<string> Skips { get; } = [];

    public List<string> Notes { get; } = [];

    public void Deviation(string s) => Deviations.Add(s);

    public void Skip(string s) => Skips.Add(s);

    public void Note(string s) => Notes.Add(s);

    public void Print()
    {
        Section("Deviations of TorchSharp from PyTorch (the files record PyTorch's behaviour)", Deviations);
        Section("Skipped cases", Skips);
        Section("Notes", Notes);
    }

    private static void Section(string title, List<string> lines)
    {
        Console.WriteLine($"{title}: {(lines.Count == 0 ? "none" : "")}");
        foreach (var line in lines) Console.WriteLine("  - " + line);
    }
}

/// <summary>The outcome of an error case run in a child process.</summary>
internal sealed record ChildResult(string? Message, string? Failure);

internal static class Program
{
    private const string ErrorSwitch = "--error-case";
    private const string ChildMarker = "TORCHREFERENCE-MESSAGE:";

    public static int Main(string[] args)
    {
        torch.set_num_threads(1);

        if (args.Length == 2 && args[0] == ErrorSwitch)
        {
            // Child process: one error case of ops.json. Its message goes to stdout as a JSON string.
            var message = Ops.RunErrorCase(args[1]);
            Console.Out.WriteLine(ChildMarker + JsonSerializer.Serialize(message));
            return 0;
        }
        if (Differential.IsWorker(args)) return Differential.Work(args);

        // --only FILE writes one file (e.g. --only differential.json).
        string? only = null;
        int at = Array.IndexOf(args, "--only");
        if (at >= 0 && at + 1 < args.Length)
        {
            only = args[at + 1];
            args = [.. args[..at], .. args[(at + 2)..]];
        }
        if (args.Length > 1 || (args.Length == 1 && args[0].StartsWith('-')))
        {
            Console.Error.WriteLine("usage: TorchReference [OUTPUT_DIR] [--only FILE]   (default: ../../tests/TensorDsl.Tests/Golden/Torch from the project folder)");
            return 2;
        }

        var outDir = Path.GetFullPath(args.Length == 1 ? args[0] : Path.Combine(ProjectDir(), "..", "..", "tests", "TensorDsl.Tests", "Golden", "Torch"));
        Directory.CreateDirectory(outDir);
        Console.WriteLine($"TorchReference: {GoldenFile.GeneratorName} (torch.__version__ {torch.__version__}), writing to {outDir}");

        s_only = only;
        var report = new Report();
        var total = Stopwatch.StartNew();
        Run("nn-init.json", () => NnInit.Write(outDir, report));
        Run("nn-forward.json", () => NnForward.Write(outDir));
        Run("losses.json", () => Losses.Write(outDir, report));
        Run("optim.json", () => Optim.Write(outDir, report));
        Run("ops.json", () => Ops.Write(outDir, report, RunChild));
        Run("inplace.json", () => Inplace.Write(outDir, report));
        Run("tutorials.json", () => Tutorials.Write(outDir));
        Run("randn.json", () => Randn.Write(outDir));
        Run(Differential.FileName, () => Differential.Write(outDir, report));
        total.Stop();

        report.Print();
        Console.WriteLine($"Total: {total.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static string? s_only;

    private static void Run(string name, Action write)
    {
        if (s_only is not null && s_only != name) return;
        var sw = Stopwatch.StartNew();
        write();
        Console.WriteLine($"  {name,-16} {sw.Elapsed.TotalSeconds,6:F1} s");
    }

    /// <summary>The folder of TorchReference.csproj: searched upwards from the binary, else the current folder.</summary>
    private static string ProjectDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TorchReference.csproj"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }

    /// <summary>Runs one ops error case in a child process (the same binary with --error-case NAME).</summary>
    private static ChildResult RunChild(string caseName)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") info.ArgumentList.Add(typeof(Program).Assembly.Location);
        info.ArgumentList.Add(ErrorSwitch);
        info.ArgumentList.Add(caseName);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + host);
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var stderr = stderrTask.Result;
        foreach (var line in stdout.Split('\n'))
        {
            if (line.StartsWith(ChildMarker, StringComparison.Ordinal) && process.ExitCode == 0)
            {
                return new ChildResult(JsonSerializer.Deserialize<string>(line[ChildMarker.Length..]), null);
            }
        }
        var firstLines = string.Join(" | ", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[..Math.Min(3, stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length)]);
        return new ChildResult(null, $"the child process ended with exit code {process.ExitCode} without a message ({firstLines})");
    }
}
