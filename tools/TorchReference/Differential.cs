using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

/// <summary>
/// One public TensorDsl op (<see cref="Api"/>, its C# signature) with its case sampler and its
/// evaluation in libtorch: the ATen call PyTorch's Python code makes for the same thing.
/// <see cref="Grad"/>: float inputs require grad unless a case says otherwise.
/// </summary>
internal sealed record DiffOp(string Api, Func<Draw, CaseSpec> Sample, Func<Call, List<Tensor>> Run, int Count = 10, bool Grad = true)
{
    /// <summary>Cases written out rather than drawn (known differences, edge cases), after the drawn ones.</summary>
    public CaseSpec[] Fixed { get; init; } = [];
}

/// <summary>What a case's evaluation sees: its inputs (after their views) and arguments.</summary>
internal sealed class Call(CaseSpec spec, List<Tensor> inputs)
{
    public CaseSpec Spec => spec;

    public List<Tensor> Inputs => inputs;

    /// <summary>Where the gradient of an input is read when not from its leaf (module parameters).</summary>
    public Dictionary<int, Tensor> GradSources { get; } = [];

    public bool Has(int i) => i < spec.Args.Length && spec.Args[i] is not null;

    public object? Arg(int i) => i < spec.Args.Length ? spec.Args[i] : null;

    public Tensor T(int i) => inputs[((TRef)spec.Args[i]!).Index];

    public Tensor? MaybeT(int i) => Has(i) ? T(i) : null;

    public Tensor[] Ts(int i) => ((TList)spec.Args[i]!).Indices.Select(k => inputs[k]).ToArray();

    public long L(int i) => Convert.ToInt64(spec.Args[i]);

    public double D(int i) => Convert.ToDouble(spec.Args[i]);

    public bool B(int i, bool missing) => Has(i) ? (bool)spec.Args[i]! : missing;

    public string S(int i, string missing) => Has(i) ? (string)spec.Args[i]! : missing;

    public long[] Ls(int i) => (long[])spec.Args[i]!;

    public ScalarType? Dtype(int i) => Has(i) ? Diff.Scalar(((DTypeArg)spec.Args[i]!).Dtype) : null;

    public torch.Generator? Gen(int i) => Has(i) ? new torch.Generator((ulong)((GenArg)spec.Args[i]!).Seed) : null;
}

/// <summary>
/// differential.json: random cases of every public op, evaluated by libtorch. Cases are drawn from
/// a fixed seed before anything runs; a worker process evaluates them in order and prints one JSON
/// line per case, so an error that ends the process (some of TorchSharp's native glue aborts instead
/// of throwing) loses only that case: the parent reports it and starts a worker after it.
/// </summary>
internal static class Differential
{
    public const int Seed = 10;
    public const string FileName = "differential.json";
    private const string WorkerSwitch = "--differential-worker";
    private const string Marker = "TDSL-CASE ";
    private const string SkipPrefix = "SKIP ";

    public static bool IsWorker(string[] args) => args.Length == 2 && args[0] == WorkerSwitch;

    /// <summary>Every case, named <c>{api}#{k}</c>, in a fixed order.</summary>
    public static List<(DiffOp Op, CaseSpec Spec)> Cases()
    {
        var draw = new Draw(Seed);
        var cases = new List<(DiffOp, CaseSpec)>();
        foreach (var op in DiffOps.All())
        {
            for (int k = 0; k < op.Count + op.Fixed.Length; k++)
            {
                var spec = k < op.Count ? op.Sample(draw) : op.Fixed[k - op.Count];
                spec.Name = $"{op.Api}#{k}";
                foreach (var input in spec.Inputs) input.RequiresGrad = input.Grad ?? (op.Grad && input.Dtype.IsFloat());
                cases.Add((op, spec));
            }
        }
        return cases;
    }

    public static void Write(string dir, Report report)
    {
        GradFn.SelfCheck();
        var cases = Cases();
        var lines = new string?[cases.Count];
        int start = 0;
        while (start < cases.Count)
        {
            var (next, failure) = RunWorker(start, lines);
            if (next >= cases.Count) break;
            report.Skip($"differential {cases[next].Spec.Name} (args {ArgsText(cases[next].Spec)}): {failure}");
            start = next + 1;
        }

        var sb = new StringBuilder();
        sb.Append("{\n\"generator\": \"").Append(GoldenFile.GeneratorName).Append("\",\n\"seed\": ").Append(Seed).Append(",\n\"cases\": [\n");
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i] is { } l && l.StartsWith(SkipPrefix, StringComparison.Ordinal))
            {
                report.Skip($"differential {cases[i].Spec.Name}: {l[SkipPrefix.Length..]}");
                lines[i] = null;
            }
        }
        var written = lines.Where(l => l is not null).ToList();
        sb.AppendJoin(",\n", written);
        sb.Append("\n]\n}\n");
        File.WriteAllText(Path.Combine(dir, FileName), sb.ToString());
        int inputs = cases.Sum(c => c.Spec.Inputs.Count);
        report.Note($"differential: {DiffOps.All().Count} ops, {written.Count} cases, {inputs} inputs");
    }

    private static string ArgsText(CaseSpec spec)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var a in spec.Args) DiffJson.WriteArg(w, a);
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // Runs a worker from case `start`; fills lines; returns the index of the first case it did not finish.
    private static (int Next, string? Failure) RunWorker(int start, string?[] lines)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") info.ArgumentList.Add(typeof(Program).Assembly.Location);
        info.ArgumentList.Add(WorkerSwitch);
        info.ArgumentList.Add(start.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + host);
        var stderrTask = process.StandardError.ReadToEndAsync();
        int next = start;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (!line.StartsWith(Marker, StringComparison.Ordinal)) continue;
            int space = line.IndexOf(' ', Marker.Length);
            int index = int.Parse(line[Marker.Length..space], System.Globalization.CultureInfo.InvariantCulture);
            lines[index] = line[(space + 1)..];
            next = index + 1;
        }
        process.WaitForExit();
        var stderr = stderrTask.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (next, $"the worker ended with exit code {process.ExitCode} ({string.Join(" | ", stderr.Take(3))})");
    }

    /// <summary>Worker: evaluates cases from args[1] on and prints each as a line.</summary>
    public static int Work(string[] args)
    {
        int start = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var cases = Cases();
        var stdout = Console.Out;
        for (int i = start; i < cases.Count; i++)
        {
            string line;
            try
            {
                using (torch.NewDisposeScope()) line = Evaluate(cases[i].Op, cases[i].Spec, i);
            }
            catch (Exception e) when (e is not ExternalException)
            {
                // TorchSharp's own managed checks are not libtorch's behaviour: the case is left out.
                line = SkipPrefix + e.GetType().Name + ": " + e.Message.Split('\n')[0];
            }
            stdout.Write(Marker + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + line + "\n");
            stdout.Flush();
        }
        return 0;
    }

    private static string Evaluate(DiffOp op, CaseSpec spec, int index)
    {
        var bases = spec.Inputs.Select(Diff.Base).ToList();
        var inputs = spec.Inputs.Select((s, k) => Diff.ApplyView(bases[k], s.View)).ToList();
        var call = new Call(spec, inputs);
        if (spec.Seed is { } seed) torch.manual_seed(seed);

        string? error = null;
        List<Tensor>? outputs = null;
        try
        {
            using (spec.NoGrad ? torch.no_grad() : null) outputs = op.Run(call);
        }
        catch (ExternalException e)
        {
            error = Diff.ErrorText(e);
        }

        // The upstream gradient of each float output that requires grad, from the case's own random numbers.
        var gradRandom = new Draw(Seed * 1_000_003 + index);
        List<Tensor?>? gradOuts = null;
        string? backwardError = null;
        if (outputs is not null && !spec.NoGrad && outputs.Any(o => o.requires_grad && o.is_floating_point()))
        {
            gradOuts = outputs.Select(o => o.requires_grad && o.is_floating_point() ? Diff.Tensor(Diff.DtOf(o.dtype), o.shape, gradRandom.Values(Diff.DtOf(o.dtype), o.numel(), ValueKind.Finite)) : null).ToList();
            try
            {
                Tensor? loss = null;
                for (int k = 0; k < outputs.Count; k++)
                {
                    if (gradOuts[k] is not { } g) continue;
                    var term = (outputs[k] * g).sum();
                    loss = loss is null ? term : loss + term;
                }
                loss!.backward();
            }
            catch (ExternalException e)
            {
                backwardError = Diff.ErrorText(e);
            }
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("name", spec.Name);
            w.WriteString("api", op.Api);
            if (spec.Module is not null)
            {
                w.WritePropertyName("module");
                DiffJson.WriteModule(w, spec.Module);
            }
            w.WritePropertyName("inputs");
            w.WriteStartArray();
            for (int k = 0; k < spec.Inputs.Count; k++) DiffJson.WriteInput(w, spec.Inputs[k], inputs[k].stride());
            w.WriteEndArray();
            w.WritePropertyName("args");
            w.WriteStartArray();
            foreach (var a in spec.Args) DiffJson.WriteArg(w, a);
            w.WriteEndArray();
            if (spec.Seed is { } s) w.WriteNumber("seed", s);
            if (!spec.CompareValues) w.WriteBoolean("compareValues", false);
            if (spec.NoGrad) w.WriteBoolean("noGrad", true);
            if (error is not null)
            {
                w.WriteString("error", error);
            }
            else
            {
                w.WritePropertyName("outputs");
                w.WriteStartArray();
                foreach (var o in outputs!) Diff.WriteOutput(w, o);
                w.WriteEndArray();
                if (gradOuts is not null)
                {
                    w.WritePropertyName("gradOuts");
                    w.WriteStartArray();
                    foreach (var g in gradOuts) Diff.WritePlain(w, g);
                    w.WriteEndArray();
                    if (backwardError is not null)
                    {
                        w.WriteString("backwardError", backwardError);
                    }
                    else
                    {
                        w.WritePropertyName("inputGrads");
                        w.WriteStartArray();
                        for (int k = 0; k < spec.Inputs.Count; k++)
                        {
                            var source = call.GradSources.TryGetValue(k, out var p) ? p : spec.Inputs[k].RequiresGrad ? bases[k] : null;
                            Diff.WritePlain(w, source?.grad);
                        }
                        w.WriteEndArray();
                    }
                }
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>Tensors of the differential files: building inputs, reading outputs.</summary>
internal static class Diff
{
    public static ScalarType Scalar(Dt d) => d switch
    {
        Dt.Float32 => ScalarType.Float32,
        Dt.Float64 => ScalarType.Float64,
        Dt.Int64 => ScalarType.Int64,
        Dt.Int32 => ScalarType.Int32,
        _ => ScalarType.Bool,
    };

    public static Dt DtOf(ScalarType s) => s switch
    {
        ScalarType.Float32 => Dt.Float32,
        ScalarType.Float64 => Dt.Float64,
        ScalarType.Int64 => Dt.Int64,
        ScalarType.Int32 => Dt.Int32,
        ScalarType.Bool => Dt.Bool,
        _ => throw new NotSupportedException($"dtype {s} in a differential file"),
    };

    /// <summary>
    /// libtorch's message as Python shows it; for an op run through TorchScript, the op's own message
    /// without the interpreter's traceback ("…\nRuntimeError: message").
    /// </summary>
    public static string ErrorText(ExternalException e)
    {
        var message = Errors.Strip(e.Message);
        if (message.StartsWith("The following operation failed in the TorchScript interpreter.", StringComparison.Ordinal))
        {
            var match = System.Text.RegularExpressions.Regex.Match(message, @"\n[A-Za-z]*Error: ", System.Text.RegularExpressions.RegexOptions.RightToLeft);
            if (match.Success) message = message[(match.Index + match.Length)..];
        }
        return Errors.Python(message);
    }

    /// <summary>A contiguous tensor of the given values: a tensor of its own (reshape's view is cloned), so a leaf, not a view.</summary>
    public static Tensor Tensor(Dt dtype, long[] shape, double[] values)
    {
        Tensor flat = dtype switch
        {
            Dt.Float32 => torch.tensor(values.Select(v => (float)v).ToArray()),
            Dt.Float64 => torch.tensor(values),
            Dt.Int64 => torch.tensor(values.Select(v => (long)v).ToArray()),
            Dt.Int32 => torch.tensor(values.Select(v => (int)v).ToArray()),
            _ => torch.tensor(values.Select(v => v != 0).ToArray()),
        };
        return flat.reshape(shape).clone();
    }

    public static Tensor Base(InputSpec s)
    {
        var t = Tensor(s.Dtype, s.Shape, s.Values);
        return s.RequiresGrad ? t.requires_grad_(true) : t;
    }

    public static Tensor ApplyView(Tensor t, List<ViewStep> steps)
    {
        foreach (var step in steps)
        {
            var a = step.Args;
            t = step.Op switch
            {
                "transpose" => t.transpose(a[0], a[1]),
                "permute" => t.permute(a),
                "narrow" => t.narrow(a[0], a[1], a[2]),
                "expand" => t.expand(a),
                "select" => t.select(a[0], a[1]),
                "clone" => t.clone(),
                _ => throw new NotSupportedException(step.Op),
            };
        }
        return t;
    }

    /// <summary>Row-major values of a tensor, as doubles (bools as 0/1).</summary>
    public static double[] Values(Tensor t)
    {
        if (t.numel() == 0) return [];
        using var c = t.detach().contiguous();
        return t.dtype switch
        {
            ScalarType.Float32 => c.data<float>().ToArray().Select(v => (double)v).ToArray(),
            ScalarType.Float64 => c.data<double>().ToArray(),
            ScalarType.Int64 => c.data<long>().ToArray().Select(v => (double)v).ToArray(),
            ScalarType.Int32 => c.data<int>().ToArray().Select(v => (double)v).ToArray(),
            ScalarType.Bool => c.data<bool>().ToArray().Select(v => v ? 1.0 : 0.0).ToArray(),
            _ => throw new NotSupportedException(t.dtype.ToString()),
        };
    }

    /// <summary>A tensor as shape, dtype and values; null as null.</summary>
    public static void WritePlain(Utf8JsonWriter w, Tensor? t)
    {
        if (t is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        WriteBody(w, t);
        w.WriteEndObject();
    }

    /// <summary>An output: shape, dtype, values, strides, requires_grad and grad_fn.</summary>
    public static void WriteOutput(Utf8JsonWriter w, Tensor t)
    {
        w.WriteStartObject();
        WriteBody(w, t);
        w.WritePropertyName("strides");
        DiffJson.WriteLongs(w, t.stride());
        w.WriteBoolean("requiresGrad", t.requires_grad);
        if (GradFn.Name(t) is { } name) w.WriteString("gradFn", name);
        w.WriteEndObject();
    }

    private static void WriteBody(Utf8JsonWriter w, Tensor t)
    {
        w.WritePropertyName("shape");
        DiffJson.WriteLongs(w, t.shape);
        var dt = DtOf(t.dtype);
        w.WriteString("dtype", dt.Name());
        w.WritePropertyName("values");
        DiffJson.WriteValues(w, dt, Values(t));
    }
}
