using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

/// <summary>
/// ops.json: comparisons, where/masked_fill, clamp, reductions, shape ops, gather/index_select, unary
/// functions, factories and the errors PyTorch raises for bad arguments. torch.manual_seed(5) once at the
/// start; random inputs and the G of each differentiable case are drawn case by case in the order of the
/// file (inputs first, G right after the forward). The randperm cases re-seed (their seed is in args), so
/// they come after every other random draw. Error cases have fixed inputs and run in a child process,
/// because some of TorchSharp's native errors end the process instead of throwing.
/// </summary>
internal static class Ops
{
    private sealed record Case(
        string Name,
        string Op,
        (string Key, object Value)[] Args,
        Func<List<Tensor>> Inputs,
        Func<List<Tensor>, List<Tensor>> Fn,
        bool Differentiable = true,
        bool ExpectError = false);

    private static (string, object)[] A(params (string, object)[] args) => args;

    private static List<Tensor> L(params Tensor[] t) => [.. t];

    private static Tensor Randn(params long[] shape) => torch.randn(shape);

    private static List<Case> Cases()
    {
        var cases = new List<Case>();

        // Comparisons. Broadcasting [3,1] vs [4] with equal elements at (0,1), (1,2) and (2,0).
        var cmpA = new float[] { -1, 0, 2 };
        var cmpB = new float[] { 2, -1, 0, 1 };
        var cmpScalar = new float[] { 0.5f, -1, 2, 0.25f, 0.5f, -0.5f };
        var comparisons = new (string Op, Func<Tensor, Tensor, Tensor> Tt, Func<Tensor, double, Tensor> Ts)[]
        {
            ("eq", (a, b) => a.eq(b), (a, s) => a.eq(s)),
            ("ne", (a, b) => a.ne(b), (a, s) => a.ne(s)),
            ("lt", (a, b) => a.lt(b), (a, s) => a.lt(s)),
            ("le", (a, b) => a.le(b), (a, s) => a.le(s)),
            ("gt", (a, b) => a.gt(b), (a, s) => a.gt(s)),
            ("ge", (a, b) => a.ge(b), (a, s) => a.ge(s)),
        };
        foreach (var (op, tt, ts) in comparisons)
        {
            cases.Add(new($"{op}-broadcast", op, A(), () => L(T.F32(cmpA, 3, 1), T.F32(cmpB, 4)), i => L(tt(i[0], i[1])), Differentiable: false));
            cases.Add(new($"{op}-scalar", op, A(("other", 0.5)), () => L(T.F32(cmpScalar, 2, 3)), i => L(ts(i[0], 0.5)), Differentiable: false));
            cases.Add(new($"{op}-int64-float32", op, A(), () => L(T.I64([-1, 0, 2], 3, 1), T.F32([2, -1, 0.5f, 0], 4)), i => L(tt(i[0], i[1])), Differentiable: false));
        }

        // where / masked_fill.
        cases.Add(new("where-broadcast", "where", A(),
            () => L(T.Bool([true, false, true], 3, 1), Randn(3, 4), Randn(4)),
            i => L(torch.where(i[0], i[1], i[2]))));
        cases.Add(new("masked_fill-float32", "masked_fill", A(("value", -1.5)),
            () => L(Randn(3, 4), T.Bool([true, false, false, true], 4)),
            i => L(i[0].masked_fill(i[1], -1.5))));
        cases.Add(new("masked_fill-int64", "masked_fill", A(("value", -1.5)),
            () => L(T.I64([1, -2, 3, 4, 5, -6], 2, 3), T.Bool([true, false, true, false, false, true], 2, 3)),
            i => L(i[0].masked_fill(i[1], -1.5))));

        // clamp: inputs on the bounds too (the gradient passes there).
        var clampInput = new float[] { -1.2f, -0.5f, -0.1f, 0f, 0.2f, 0.3f, 0.5f, 1.7f, -0.7f, 0.45f, 2.5f, -3f };
        cases.Add(new("clamp-min-max", "clamp", A(("min", -0.5), ("max", 0.5)), () => L(T.F32(clampInput, 3, 4)), i => L(i[0].clamp(-0.5, 0.5))));
        cases.Add(new("clamp-min", "clamp", A(("min", 0.0)), () => L(T.F32(clampInput, 3, 4)), i => L(i[0].clamp(min: 0.0))));
        cases.Add(new("clamp-max", "clamp", A(("max", 0.2)), () => L(T.F32(clampInput, 3, 4)), i => L(i[0].clamp(max: 0.2))));
        cases.Add(new("clamp-int64-double-bounds", "clamp", A(("min", -1.5), ("max", 2.5)), () => L(T.I64([-3, -1, 0, 2, 5], 5)), i => L(i[0].clamp(-1.5, 2.5))));

        // min / max / argmax / argmin with ties.
        var ties = new float[] { 1, 3, 3, -2, -4, 0, -4, 2, 5, 5, 5, 5 };
        cases.Add(new("max-all", "max", A(), () => L(T.F32(ties, 3, 4)), i => L(i[0].max())));
        cases.Add(new("min-all", "min", A(), () => L(T.F32(ties, 3, 4)), i => L(i[0].min())));
        foreach (var keepdim in new[] { false, true })
        {
            var suffix = keepdim ? "-keepdim" : "";
            cases.Add(new($"max-dim1{suffix}", "max", A(("dim", 1L), ("keepdim", keepdim)), () => L(T.F32(ties, 3, 4)), i =>
            {
                var (values, indices) = i[0].max(1, keepdim);
                return L(values, indices);
            }));
            cases.Add(new($"min-dim1{suffix}", "min", A(("dim", 1L), ("keepdim", keepdim)), () => L(T.F32(ties, 3, 4)), i =>
            {
                var (values, indices) = i[0].min(1, keepdim);
                return L(values, indices);
            }));
        }
        cases.Add(new("argmax-all", "argmax", A(), () => L(T.F32(ties, 3, 4)), i => L(i[0].argmax()), Differentiable: false));
        cases.Add(new("argmin-all", "argmin", A(), () => L(T.F32(ties, 3, 4)), i => L(i[0].argmin()), Differentiable: false));
        foreach (var dim in new long[] { 0, 1 })
        {
            foreach (var keepdim in new[] { false, true })
            {
                var suffix = keepdim ? "-keepdim" : "";
                cases.Add(new($"argmax-dim{dim}{suffix}", "argmax", A(("dim", dim), ("keepdim", keepdim)), () => L(T.F32(ties, 3, 4)), i => L(i[0].argmax(dim, keepdim)), Differentiable: false));
                cases.Add(new($"argmin-dim{dim}{suffix}", "argmin", A(("dim", dim), ("keepdim", keepdim)), () => L(T.F32(ties, 3, 4)), i => L(i[0].argmin(dim, keepdim)), Differentiable: false));
            }
        }

        // prod: no zero, one zero, two zeros (all-reduce), and per row.
        cases.Add(new("prod-all", "prod", A(), () => L(T.F32([1.5f, -2, 0.5f, 2, -0.5f, 3], 2, 3)), i => L(i[0].prod())));
        cases.Add(new("prod-all-one-zero", "prod", A(), () => L(T.F32([1.5f, -2, 0.5f, 2, 0, 3], 2, 3)), i => L(i[0].prod())));
        cases.Add(new("prod-all-two-zeros", "prod", A(), () => L(T.F32([1.5f, 0, 0.5f, 2, 0, 3], 2, 3)), i => L(i[0].prod())));
        cases.Add(new("prod-dim1", "prod", A(("dim", 1L)), () => L(T.F32([1.5f, -2, 0.5f, 2, 0, 3, 0, -1, 0], 3, 3)), i => L(i[0].prod(1))));
        cases.Add(new("prod-dim1-keepdim", "prod", A(("dim", 1L), ("keepdim", true)), () => L(T.F32([1.5f, -2, 0.5f, 2, 0, 3, 0, -1, 0], 3, 3)), i => L(i[0].prod(1, keepdim: true))));

        // var / std.
        foreach (var (op, all, dimF) in new (string, Func<Tensor, Tensor>, Func<Tensor, long, bool, bool, Tensor>)[]
        {
            ("var", t => t.var(), (t, d, u, k) => t.var(d, u, k)),
            ("std", t => t.std(), (t, d, u, k) => t.std(d, u, k)),
        })
        {
            cases.Add(new($"{op}-all", op, A(), () => L(Randn(3, 4)), i => L(all(i[0]))));
            cases.Add(new($"{op}-dim1", op, A(("dim", 1L)), () => L(Randn(3, 4)), i => L(dimF(i[0], 1, true, false))));
            cases.Add(new($"{op}-dim1-unbiased-false", op, A(("dim", 1L), ("unbiased", false)), () => L(Randn(3, 4)), i => L(dimF(i[0], 1, false, false))));
            cases.Add(new($"{op}-dim1-keepdim", op, A(("dim", 1L), ("keepdim", true)), () => L(Randn(3, 4)), i => L(dimF(i[0], 1, true, true))));
        }

        // norm (Tensor.norm goes to torch.linalg.vector_norm for a numeric p); a tie in |x| and a zero.
        var normInput = new float[] { 0.5f, -2.5f, 1, 2.5f, -0.25f, 0, 1.5f, -1, 0.75f };
        cases.Add(new("norm-default", "norm", A(), () => L(T.F32(normInput, 3, 3)), i => L(torch.linalg.vector_norm(i[0], 2))));
        cases.Add(new("norm-p1-dim1", "norm", A(("p", 1.0), ("dim", 1L)), () => L(T.F32(normInput, 3, 3)), i => L(torch.linalg.vector_norm(i[0], 1, [1]))));
        cases.Add(new("norm-inf", "norm", A(("p", double.PositiveInfinity)), () => L(T.F32(normInput, 3, 3)), i => L(torch.linalg.vector_norm(i[0], double.PositiveInfinity))));
        cases.Add(new("norm-p3-dim0-keepdim", "norm", A(("p", 3.0), ("dim", 0L), ("keepdim", true)), () => L(T.F32(normInput, 3, 3)), i => L(torch.linalg.vector_norm(i[0], 3, [0], keepdim: true))));

        // logsumexp with a large value in one row.
        var lse = new float[] { 1, 2, 3, 100, 0, -1, -2, -2, -2 };
        cases.Add(new("logsumexp-dim1", "logsumexp", A(("dim", 1L)), () => L(T.F32(lse, 3, 3)), i => L(i[0].logsumexp(1))));
        cases.Add(new("logsumexp-dim1-keepdim", "logsumexp", A(("dim", 1L), ("keepdim", true)), () => L(T.F32(lse, 3, 3)), i => L(i[0].logsumexp(1, keepdim: true))));

        // sum / mean over several dims.
        cases.Add(new("sum-dims02", "sum", A(("dim", new long[] { 0, 2 })), () => L(Randn(2, 3, 4)), i => L(i[0].sum([0, 2]))));
        cases.Add(new("sum-dims02-keepdim", "sum", A(("dim", new long[] { 0, 2 }), ("keepdim", true)), () => L(Randn(2, 3, 4)), i => L(i[0].sum([0, 2], keepdim: true))));
        cases.Add(new("mean-dims12", "mean", A(("dim", new long[] { 1, 2 })), () => L(Randn(2, 3, 4)), i => L(i[0].mean([1, 2]))));

        // Shape ops.
        cases.Add(new("expand-3x1-3x4", "expand", A(("size", new long[] { 3, 4 })), () => L(Randn(3, 1)), i => L(i[0].expand(3, 4))));
        cases.Add(new("expand-3-2x3", "expand", A(("size", new long[] { 2, 3 })), () => L(Randn(3)), i => L(i[0].expand(2, 3))));
        cases.Add(new("expand-minus1", "expand", A(("size", new long[] { -1, 4 })), () => L(Randn(3, 1)), i => L(i[0].expand(-1, 4))));
        cases.Add(new("repeat", "repeat", A(("repeats", new long[] { 2, 1, 3 })), () => L(Randn(2, 3)), i => L(i[0].repeat(2, 1, 3))));
        cases.Add(new("split-size2-dim1", "split", A(("split_size", 2L), ("dim", 1L)), () => L(Randn(3, 5)), i => [.. i[0].split(2, 1)]));
        cases.Add(new("split-sections", "split", A(("split_size", new long[] { 1, 3, 1 }), ("dim", 1L)), () => L(Randn(3, 5)), i => [.. i[0].split([1, 3, 1], 1)]));
        cases.Add(new("chunk-3-dim0", "chunk", A(("chunks", 3L), ("dim", 0L)), () => L(Randn(5, 2)), i => [.. i[0].chunk(3, 0)]));
        cases.Add(new("narrow", "narrow", A(("dim", 1L), ("start", 1L), ("length", 2L)), () => L(Randn(3, 5)), i => L(i[0].narrow(1, 1, 2))));

        // gather / index_select.
        cases.Add(new("gather-dim1", "gather", A(("dim", 1L)), () => L(Randn(3, 3), T.I64([0, 0, 1, 0, 2, 2], 3, 2)), i => L(i[0].gather(1, i[1]))));
        cases.Add(new("index_select-dim0", "index_select", A(("dim", 0L)), () => L(Randn(3, 4), T.I64([2, 0, 2], 3)), i => L(i[0].index_select(0, i[1]))));

        // Unary functions.
        cases.Add(new("log1p", "log1p", A(), () => L(Randn(2, 3).abs() + 0.1f), i => L(i[0].log1p())));
        cases.Add(new("sin", "sin", A(), () => L(Randn(2, 3)), i => L(i[0].sin())));
        cases.Add(new("cos", "cos", A(), () => L(Randn(2, 3)), i => L(i[0].cos())));
        cases.Add(new("square", "square", A(), () => L(Randn(2, 3)), i => L(i[0].square())));
        cases.Add(new("reciprocal", "reciprocal", A(), () => L(Randn(2, 3)), i => L(i[0].reciprocal())));
        cases.Add(new("rsqrt", "rsqrt", A(), () => L(Randn(2, 3).abs() + 0.1f), i => L(i[0].rsqrt())));

        // Factories.
        cases.Add(new("linspace-0-1-5", "linspace", A(("start", 0.0), ("end", 1.0), ("steps", 5L)), () => L(), _ => L(torch.linspace(0, 1, 5)), Differentiable: false));
        cases.Add(new("linspace-m2-3-7", "linspace", A(("start", -2.0), ("end", 3.0), ("steps", 7L)), () => L(), _ => L(torch.linspace(-2, 3, 7)), Differentiable: false));
        cases.Add(new("linspace-1-1-1", "linspace", A(("start", 1.0), ("end", 1.0), ("steps", 1L)), () => L(), _ => L(torch.linspace(1, 1, 1)), Differentiable: false));
        // Long enough for ATen's vectorized loop (chunks of two vectors) and a scalar tail.
        cases.Add(new("linspace-0-1-20", "linspace", A(("start", 0.0), ("end", 1.0), ("steps", 20L)), () => L(), _ => L(torch.linspace(0, 1, 20)), Differentiable: false));
        cases.Add(new("linspace-m3-2.7-41", "linspace", A(("start", -3.0), ("end", 2.7), ("steps", 41L)), () => L(), _ => L(torch.linspace(-3, 2.7, 41)), Differentiable: false));
        cases.Add(new("eye-3", "eye", A(("n", 3L)), () => L(), _ => L(torch.eye(3)), Differentiable: false));
        cases.Add(new("eye-2-4", "eye", A(("n", 2L), ("m", 4L)), () => L(), _ => L(torch.eye(2, 4)), Differentiable: false));
        cases.Add(new("full_like-int64", "full_like", A(("fill_value", 2.7)), () => L(T.I64([1, 2, 3, 4], 2, 2)), i => L(torch.full_like(i[0], 2.7)), Differentiable: false));
        cases.Add(new("full_like-float32", "full_like", A(("fill_value", 2.7)), () => L(T.F32([1, 2, 3, 4, 5, 6], 2, 3)), i => L(torch.full_like(i[0], 2.7)), Differentiable: false));
        cases.Add(new("randperm-10-seed0", "randperm", A(("n", 10L), ("seed", 0L)), () => L(), _ =>
        {
            torch.manual_seed(0);
            return L(torch.randperm(10));
        }, Differentiable: false));
        cases.Add(new("randperm-7-seed3", "randperm", A(("n", 7L), ("seed", 3L)), () => L(), _ =>
        {
            torch.manual_seed(3);
            return L(torch.randperm(7));
        }, Differentiable: false));

        // Errors (fixed inputs; evaluated in a child process).
        var e33 = new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
        cases.Add(new("error-gather-out-of-range", "gather", A(("dim", 1L)), () => L(T.F32(e33, 3, 3), T.I64([0, 3, 1, 0, 2, 2], 3, 2)), i => L(i[0].gather(1, i[1])), ExpectError: true));
        cases.Add(new("error-index_select-out-of-range", "index_select", A(("dim", 0L)), () => L(T.F32([.. e33, 9, 10, 11], 3, 4), T.I64([0, 3], 2)), i => L(i[0].index_select(0, i[1])), ExpectError: true));
        cases.Add(new("error-expand", "expand", A(("size", new long[] { 3, 4 })), () => L(T.F32([0, 1, 2, 3, 4, 5], 3, 2)), i => L(i[0].expand(3, 4)), ExpectError: true));
        cases.Add(new("error-narrow-out-of-range", "narrow", A(("dim", 1L), ("start", 4L), ("length", 2L)), () => L(T.F32([.. e33, 9, 10, 11, 12, 13, 14], 3, 5)), i => L(i[0].narrow(1, 4, 2)), ExpectError: true));
        cases.Add(new("error-split-size-0", "split", A(("split_size", 0L), ("dim", 1L)), () => L(T.F32([.. e33, 9, 10, 11, 12, 13, 14], 3, 5)), i => [.. i[0].split(0, 1)], ExpectError: true));

        return cases;
    }

    /// <summary>Child-process entry: runs one error case and returns the stripped libtorch message.</summary>
    public static string RunErrorCase(string name)
    {
        var c = Cases().Single(k => k.Name == name);
        var inputs = c.Inputs();
        return Errors.Capture(() => c.Fn(inputs));
    }

    public static void Write(string dir, Report report, Func<string, ChildResult> runChild)
    {
        var cases = Cases();
        using var file = new GoldenFile(dir, "ops.json");
        var w = file.W;
        w.WriteNumber("seed", 5);
        w.WritePropertyName("cases");
        w.WriteStartArray();
        torch.manual_seed(5);
        foreach (var c in cases)
        {
            var inputs = c.Inputs();
            string? error = null;
            List<Tensor>? outputs = null;
            List<Tensor?>? gradOuts = null;
            List<Tensor?>? inputGrads = null;

            if (c.ExpectError)
            {
                var result = runChild(c.Name);
                if (result.Message is null)
                {
                    report.Skip($"ops {c.Name}: {result.Failure}");
                    continue;
                }
                error = result.Message;
            }
            else
            {
                var grad = c.Differentiable && inputs.Any(T.IsFloat);
                if (grad)
                {
                    foreach (var t in inputs.Where(T.IsFloat)) t.requires_grad_(true);
                }
                try
                {
                    outputs = c.Fn(inputs);
                }
                catch (ExternalException e)
                {
                    error = Errors.Strip(e.Message);
                }
                if (outputs is not null && grad && outputs.Any(o => o.requires_grad))
                {
                    gradOuts = outputs.Select(o => o.requires_grad ? torch.randn(o.shape) : null).ToList();
                    Tensor? loss = null;
                    for (var k = 0; k < outputs.Count; k++)
                    {
                        if (gradOuts[k] is not { } g) continue;
                        var term = (outputs[k] * g).sum();
                        loss = loss is null ? term : loss + term;
                    }
                    var floatInputs = inputs.Where(T.IsFloat).ToList();
                    var grads = torch.autograd.grad([loss!], floatInputs, allow_unused: true);
                    var queue = new Queue<Tensor>(grads);
                    inputGrads = inputs.Select(t => T.IsFloat(t) ? queue.Dequeue() : null).ToList();
                }
            }

            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("op", c.Op);
            w.WritePropertyName("args");
            WriteArgs(w, c.Args);
            w.WriteTensorArray("inputs", inputs);
            if (error is not null)
            {
                w.WriteString("error", Errors.Python(error));
            }
            else
            {
                w.WriteTensorArray("outputs", outputs!);
                if (gradOuts is not null)
                {
                    w.WriteTensorArray("gradOuts", gradOuts);
                    w.WriteTensorArray("inputGrads", inputGrads!);
                }
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteArgs(Utf8JsonWriter w, (string Key, object Value)[] args)
    {
        w.WriteStartObject();
        foreach (var (key, value) in args)
        {
            w.WritePropertyName(key);
            switch (value)
            {
                case long l: w.WriteNumberValue(l); break;
                case double d: w.WriteDouble(d); break;
                case bool b: w.WriteBooleanValue(b); break;
                case string s: w.WriteStringValue(s); break;
                case long[] ls:
                    w.WriteStartArray();
                    foreach (var l in ls) w.WriteNumberValue(l);
                    w.WriteEndArray();
                    break;
                default: throw new NotSupportedException(value.GetType().Name);
            }
        }
        w.WriteEndObject();
    }
}
