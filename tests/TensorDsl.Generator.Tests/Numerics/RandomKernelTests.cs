using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using TensorDsl;
using TensorDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Generators.Tests.Numerics;

/// <summary>
/// Kernels nobody wrote by hand: a seeded random program writer composes ops (element-wise with
/// broadcasting and scalars, reductions, softmax, views, products, joins, detach, locals read
/// several times), the generator compiles them in memory, and each compiled Forward and Backward
/// must equal the eager body and eager autograd. The eager runtime decides which programs are
/// valid (a candidate op it rejects is not written), so every program is one the generator must
/// accept. Finite differences are left to the hand-written kernels: random bodies detach paths
/// that differences cannot see, and grow values until float32 gradients lose digits that
/// float64 differences keep.
/// </summary>
public class RandomKernelTests
{
    private const int KernelsPerSeed = 30;

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 12).Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomKernelsMatchEager(int seed)
    {
        var (source, kernels) = Program(seed);

        var (output, diagnostics, _) = GeneratorHarness.Run(source);
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics) + "\n" + source);
        var errors = GeneratorHarness.CompilerDiagnostics(output);
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Take(10)) + "\n" + source);

        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var type = Assembly.Load(stream.ToArray()).GetType("RandomKernels")!;
        for (int i = 0; i < KernelsPerSeed; i++)
        {
            var method = type.GetMethod($"K{i}")!;
            try
            {
                // Random compositions (exp of sums, divisions) amplify float32 rounding more than the
                // hand-written kernels: 1e-4 relative on the forward value.
                KernelNumericsTests.Check(method, forwardTolerance: 1e-4, finiteDifferences: false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}, kernel K{i}:\n{kernels[i]}\n{e.Message}");
            }
        }
    }

    /// <summary>The random kernels of <paramref name="seed"/>: a class's source, and each kernel's text.</summary>
    internal static (string Source, List<string> Kernels) Program(int seed, string className = "RandomKernels")
    {
        var rng = new Random(seed);
        var kernels = Enumerable.Range(0, KernelsPerSeed).Select(i => new KernelWriter(rng, $"K{i}").Write()).ToList();
        return ($"using TensorDsl;\n\npublic static partial class {className}\n{{\n" + string.Join("\n", kernels) + "}\n", kernels);
    }

    /// <summary>The programs of every seed, together, use every op a kernel may contain.</summary>
    [Fact]
    public void RandomKernelsUseEveryOp()
    {
        var sources = Seeds().Select(s => Program((int)s[0], "RandomKernels" + s[0]).Source);
        var (_, _, result) = GeneratorHarness.Run(string.Join("\n", sources));
        var used = result.Results.Single().TrackedSteps[KernelGenerator.Steps.Models]
            .SelectMany(step => step.Outputs).SelectMany(o => ((Model.KernelModel)o.Value).Nodes).Select(n => n.Op).ToHashSet();
        // Embedding and Pick read int64 indices, which random kernels (float inputs only) do not make;
        // IndexKernels checks them against eager and finite differences.
        var indexOps = new[] { global::TensorDsl.Ops.OpKind.Embedding, global::TensorDsl.Ops.OpKind.Pick };
        var missing = global::TensorDsl.Ops.OpTable.Rows.Where(r => r.InKernels && !indexOps.Contains(r.Kind) && !used.Contains(r.Kind)).Select(r => r.Kind);
        Assert.Empty(missing);
    }

    /// <summary>Writes one random [Kernel] method, checking each op on sample tensors as it goes.</summary>
    private sealed class KernelWriter(Random rng, string name)
    {
        private static readonly int[] Sizes = [1, 2, 3, 4, 5, 8, 9, 17, 33];
        private const int MaxElements = 600;

        private readonly List<(string Name, int[] Shape, bool NoGrad)> _parameters = new();
        private readonly List<string> _statements = new();
        private readonly List<Expr> _locals = new();
        private bool _usesScalar;

        // Code, and a sample value of the expression's shape (ones: only shapes matter here).
        private sealed record Expr(string Code, Tensor Value)
        {
            public int[] Shape => Value.Shape.ToArray();

            public int Rank => Value.Dim;
        }

        public string Write()
        {
            var result = Generate(rng.Next(3, 7));
            var body = new StringBuilder();
            foreach (var statement in _statements) body.Append("        ").Append(statement).Append('\n');
            body.Append("        return ").Append(result.Code).Append(";\n");
            string text = body.ToString();

            // Parameters that a rejected candidate created but nothing reads are dropped.
            var used = _parameters.Where(p => Regex.IsMatch(text, $@"\b{p.Name}\b")).ToList();
            if (used.Count == 0) used.Add(_parameters[0]);
            var parameters = used.Select(p =>
                $"[Shape({string.Join(", ", p.Shape)}){(p.NoGrad ? ", NoGrad" : "")}] Tensor {p.Name}").ToList();
            if (_usesScalar) parameters.Add("float s");
            string limit = rng.Next(4) switch { 0 => "(UnrollLimit = 0)", 1 => "(UnrollLimit = 4096)", _ => "" };
            return $"    [Kernel{limit}]\n    public static Tensor {name}({string.Join(", ", parameters)})\n    {{\n{text}    }}\n";
        }

        private Expr Generate(int depth)
        {
            if (depth == 0 || rng.Next(12) == 0) return Leaf();
            var operand = Generate(depth - 1);
            Expr? e = rng.Next(12) switch
            {
                0 or 1 or 2 => Unary(operand),
                3 or 4 or 5 => Binary(operand, depth),
                6 => Reduce(operand),
                7 or 8 => Layout(operand),
                9 => Product(operand),
                10 => Join(operand),
                _ => Scalar(operand),
            };
            e ??= Unary(operand)!;
            if (e.Value.Numel > MaxElements) e = Try($"{e.Code}.Sum(0)", () => e.Value.Sum(0)) ?? e;
            return Bind(e);
        }

        // Half the subexpressions become locals, so later ops can read them again; some overwrite a
        // local or parameter of the same shape (x = …; x += …;), so later reads see the new value.
        private Expr Bind(Expr e)
        {
            if (rng.Next(2) == 0) return e;
            if (rng.Next(4) == 0)
            {
                var names = _locals.Select(l => (l.Code, l.Shape)).Concat(_parameters.Select(p => (Code: p.Name, p.Shape)))
                    .Where(v => v.Shape.SequenceEqual(e.Shape)).Select(v => v.Code).Distinct().ToList();
                if (names.Count > 0)
                {
                    string target = names[rng.Next(names.Count)];
                    _statements.Add(rng.Next(2) == 0 ? $"{target} = {e.Code};" : $"{target} += {e.Code};");
                    return e with { Code = target };
                }
            }
            string local = $"t{_statements.Count}";
            _statements.Add($"var {local} = {e.Code};");
            var bound = e with { Code = local };
            _locals.Add(bound);
            return bound;
        }

        // An input or a value already computed (read again: its gradient accumulates), or a new input.
        private Expr Leaf()
        {
            if (_parameters.Count + _locals.Count > 0 && rng.Next(3) != 0)
            {
                int k = rng.Next(_parameters.Count + _locals.Count);
                if (k >= _parameters.Count) return _locals[k - _parameters.Count];
                var p = _parameters[k];
                return new Expr(p.Name, Torch.Ones(p.Shape));
            }
            return Parameter(RandomShape());
        }

        private Expr Parameter(int[] shape)
        {
            string p = $"p{_parameters.Count}";
            _parameters.Add((p, shape, rng.Next(8) == 0));
            return new Expr(p, Torch.Ones(shape));
        }

        private int[] RandomShape()
        {
            int rank = rng.Next(10) switch { 0 => 0, 1 or 2 or 3 => 1, 4 or 5 or 6 or 7 => 2, _ => 3 };
            var shape = new int[rank];
            long n = 1;
            for (int d = 0; d < rank; d++)
            {
                shape[d] = Sizes[rng.Next(Sizes.Length)];
                if (n * shape[d] > MaxElements / 2) shape[d] = 1;
                n *= shape[d];
            }
            return shape;
        }

        // The op, if the eager runtime accepts it on the samples.
        private static Expr? Try(string code, Func<Tensor> value)
        {
            try
            {
                using (Torch.NoGrad()) return new Expr(code, value());
            }
            catch (ArgumentException)
            {
                return null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private Expr? Unary(Expr e)
        {
            string c = $"({e.Code})";
            var v = e.Value;
            return rng.Next(19) switch
            {
                0 => Try($"{c}.Tanh().Exp()", () => v.Tanh().Exp()),
                1 => Try($"{c}.Tanh()", () => v.Tanh()),
                2 => Try($"{c}.Sigmoid()", () => v.Sigmoid()),
                3 => Try($"{c}.Relu()", () => v.Relu()),
                4 => Try($"{c}.Abs()", () => v.Abs()),
                5 => Try($"(-{c})", () => -v),
                6 => Try($"({c} * {c} + 1).Sqrt()", () => (v * v + 1).Sqrt()),
                7 => Try($"({c} * {c} + 1).Log()", () => (v * v + 1).Log()),
                8 => Try($"{c}.Tanh().Pow(3)", () => v.Tanh().Pow(3)),
                9 => Try($"({c} * {c} + 0.5).Pow(-1)", () => (v * v + 0.5).Pow(-1)),
                10 => Try($"({c} * {c} + 1).Pow(1.5)", () => (v * v + 1).Pow(1.5)),
                11 => Try($"{c}.Tanh().Sin()", () => v.Tanh().Sin()),
                12 => Try($"{c}.Tanh().Cos()", () => v.Tanh().Cos()),
                13 => Try($"({c} * {c}).Log1p()", () => (v * v).Log1p()),
                14 => Try($"{c}.Tanh().Square()", () => v.Tanh().Square()),
                15 => Try($"({c} * {c} + 0.5).Reciprocal()", () => (v * v + 0.5).Reciprocal()),
                16 => Try($"({c} * {c} + 0.5).Rsqrt()", () => (v * v + 0.5).Rsqrt()),
                17 => Try($"({c}.Sign() * {c})", () => v.Sign() * v),
                _ => Try($"{c}.Pow(2)", () => v.Pow(2)),
            };
        }

        private Expr? Binary(Expr e, int depth)
        {
            var other = rng.Next(4) switch
            {
                0 => Unary(e),
                1 => Leaf(),
                2 => Generate(depth - 1),
                _ => Parameter(BroadcastPartner(e.Shape)),
            };
            if (other is null) return null;
            var (a, b) = rng.Next(2) == 0 ? (e, other) : (other, e);
            string ca = $"({a.Code})", cb = $"({b.Code})";
            return rng.Next(4) switch
            {
                0 => Try($"({ca} + {cb})", () => a.Value + b.Value),
                1 => Try($"({ca} - {cb})", () => a.Value - b.Value),
                2 => Try($"({ca} * {cb})", () => a.Value * b.Value),
                _ => Try($"({ca} / ({cb} * {cb} + 1))", () => a.Value / (b.Value * b.Value + 1)),
            };
        }

        // A shape that broadcasts with the given one: leading dims dropped, some sizes set to 1,
        // or a new leading dim.
        private int[] BroadcastPartner(int[] shape)
        {
            var partner = shape.Skip(rng.Next(shape.Length + 1)).ToList();
            for (int d = 0; d < partner.Count; d++)
                if (rng.Next(3) == 0) partner[d] = 1;
            if (rng.Next(4) == 0 && shape.Length < 3) partner.Insert(0, Sizes[rng.Next(4)]);
            return partner.ToArray();
        }

        private Expr? Reduce(Expr e)
        {
            string c = $"({e.Code})";
            var v = e.Value;
            int d = e.Rank == 0 ? 0 : rng.Next(-e.Rank, e.Rank);
            if (e.Rank == 0) return Try($"{c}.Sum()", () => v.Sum());
            return rng.Next(9) switch
            {
                0 => Try($"{c}.Sum()", () => v.Sum()),
                1 => Try($"{c}.Sum({d})", () => v.Sum(d)),
                2 => Try($"{c}.Sum({d}, keepDim: true)", () => v.Sum(d, keepDim: true)),
                3 => Try($"{c}.Mean()", () => v.Mean()),
                4 => Try($"{c}.Mean({d}, keepDim: true)", () => v.Mean(d, keepDim: true)),
                5 => Try($"{c}.Max({d}).Values", () => v.Max(d).Values),
                6 => Try($"{c}.Max()", () => v.Max()),
                7 => Try($"{c}.Softmax({d})", () => v.Softmax(d)),
                _ => Try($"{c}.LogSoftmax({d})", () => v.LogSoftmax(d)),
            };
        }

        private Expr? Layout(Expr e)
        {
            string c = $"({e.Code})";
            var v = e.Value;
            int r = e.Rank;
            int Dim() => r == 0 ? 0 : rng.Next(-r, r);
            switch (rng.Next(15))
            {
                case 0: return Try($"{c}.T()", () => v.T());
                case 1: { int a = Dim(), b = Dim(); return Try($"{c}.Transpose({a}, {b})", () => v.Transpose(a, b)); }
                case 2:
                {
                    var perm = Enumerable.Range(0, r).OrderBy(_ => rng.Next()).ToArray();
                    return Try($"{c}.Permute({string.Join(", ", perm)})", () => v.Permute(perm));
                }
                case 3: { int d = rng.Next(-r - 1, r + 1); return Try($"{c}.Unsqueeze({d})", () => v.Unsqueeze(d)); }
                case 4: return Try($"{c}.Flatten()", () => v.Flatten());
                case 5: return Try($"{c}.Reshape(-1)", () => v.Reshape(-1));
                case 6:
                {
                    // Two dims merged, or the whole tensor as a column.
                    var s = e.Shape;
                    int[] target = s.Length >= 2 ? [s[0] * s[1], .. s[2..]] : [-1, 1];
                    return Try($"{c}.Contiguous().View({string.Join(", ", target)})", () => v.Contiguous().View(target));
                }
                case 7: { int i = r == 0 ? 0 : rng.Next(e.Shape[0]); return Try($"{c}[{i}]", () => v[i]); }
                case 8:
                {
                    int n = r == 0 ? 1 : e.Shape[0], start = rng.Next(n), stop = start + 1 + rng.Next(n - start);
                    return Try($"{c}[{start}..{stop}]", () => v[start..stop]);
                }
                case 9: return Try($"{c}.Squeeze()", () => v.Squeeze());
                case 10: { int d = Dim(); return Try($"{c}.Squeeze({d})", () => v.Squeeze(d)); }
                case 11: return Try($"{c}.Clone()", () => v.Clone());
                case 12:
                {
                    int d = Dim(), size = r == 0 ? 1 : e.Shape[d < 0 ? d + r : d], i = rng.Next(-size, size);
                    return Try($"{c}.Select({d}, {i})", () => v.Select(d, i));
                }
                case 13:
                {
                    int d = Dim(), size = r == 0 ? 1 : e.Shape[d < 0 ? d + r : d], start = rng.Next(size + 1), stop = rng.Next(start, size + 2);
                    return Try($"{c}.Slice({d}, {start}..{stop})", () => v.Slice(d, start..stop));
                }
                default: return Try($"{c}.Detach()", () => v.Detach());
            }
        }

        private Expr? Product(Expr e)
        {
            if (e.Rank == 0) return null;
            var s = e.Shape;
            int m = Sizes[rng.Next(Sizes.Length)];
            int[] right = rng.Next(4) switch
            {
                0 => [s[^1]],
                1 when s.Length == 3 => [s[0], s[^1], m],
                _ => [s[^1], m],
            };
            var w = Parameter(right);
            if (e.Rank == 2 && rng.Next(3) == 0)
            {
                // The sample on the left instead: [n, rows] · e.
                var left = Parameter([Sizes[rng.Next(Sizes.Length)], s[0]]);
                return Try($"{left.Code}.MatMul({e.Code})", () => left.Value.MatMul(e.Value));
            }
            return Try($"({e.Code}).MatMul({w.Code})", () => e.Value.MatMul(w.Value));
        }

        private Expr? Join(Expr e)
        {
            var other = Unary(e);
            if (other is null) return null;
            int r = e.Rank;
            if (rng.Next(2) == 0)
            {
                int d = rng.Next(-r - 1, r + 1);
                return Try($"Torch.Stack([{e.Code}, {other.Code}], {d})", () => Torch.Stack([e.Value, other.Value], d));
            }
            if (r == 0) return null;
            int dim = rng.Next(-r, r);
            var shape = e.Shape;
            shape[dim < 0 ? dim + r : dim] = Sizes[rng.Next(5)];
            var third = Parameter(shape);
            return Try($"Torch.Cat([{e.Code}, {third.Code}, {other.Code}], {dim})", () => Torch.Cat([e.Value, third.Value, other.Value], dim));
        }

        private Expr? Scalar(Expr e)
        {
            string c = $"({e.Code})";
            var v = e.Value;
            switch (rng.Next(4))
            {
                case 0:
                    _usesScalar = true;
                    return Try($"({c} * s)", () => v * 0.75f);
                case 1: return Try($"(1.5 - {c})", () => 1.5 - v);
                case 2: return Try($"({c} / 4)", () => v / 4);
                default: return Try($"({c} * 0.5 + 2)", () => v * 0.5 + 2);
            }
        }
    }
}
