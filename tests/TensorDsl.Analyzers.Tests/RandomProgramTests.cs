using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using TensorDsl.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

/// <summary>
/// The analyzers against the runtime on programs nobody wrote by hand: a seeded writer produces
/// straight-line methods of constant-size factories and shape ops with random (often wrong)
/// sizes and dims, running each statement eagerly as it writes it and stopping at the first one
/// that throws. Every shape in such a method is known, so the analyzers must report exactly
/// that statement, with the runtime's message, and nothing anywhere else.
/// </summary>
public class RandomProgramTests
{
    private const int MethodsPerSeed = 40;

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 100).Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DiagnosticsAreExactlyTheRuntimesErrors(int seed)
    {
        var rng = new Random(seed);
        var methods = Enumerable.Range(0, MethodsPerSeed).Select(i => new ProgramWriter(rng, $"M{i}").Write()).ToList();
        var source = new StringBuilder("public static class RandomPrograms\n{\n");
        var failingLines = new Dictionary<int, string>();  // 0-based line of a failing statement → the runtime's message
        int line = 2;
        foreach (var method in methods)
        {
            source.Append(method.Text);
            if (method.Error is { } error) failingLines[line + method.FailingLine] = error;
            line += method.Text.Count(c => c == '\n');
        }
        source.Append("}\n");

        var diagnostics = AnalyzerVerifier.Diagnose(TestCompilation.Create(source.ToString()));
        string Context() => $"seed {seed}\n{source}";
        foreach (var d in diagnostics)
        {
            int at = d.Location.GetLineSpan().StartLinePosition.Line;
            Assert.True(failingLines.TryGetValue(at, out var message), $"Unexpected {d} on line {at + 1}\n{Context()}");
            Assert.True(message == d.GetMessage(), $"Line {at + 1}: analyzer says '{d.GetMessage()}', the runtime '{message}'\n{Context()}");
        }
        foreach (var (at, message) in failingLines)
        {
            Assert.True(diagnostics.Any(d => d.Location.GetLineSpan().StartLinePosition.Line == at),
                $"No diagnostic on line {at + 1}, where the runtime throws '{message}'\n{Context()}");
        }
        // Not vacuous: a good share of the methods fail and are reported.
        Assert.InRange(failingLines.Count, MethodsPerSeed / 5, MethodsPerSeed);
    }

    /// <summary>A method of statements <c>var vN = …;</c>, each run eagerly as it is written.</summary>
    private sealed class ProgramWriter(Random rng, string name)
    {
        private static readonly int[] Sizes = [1, 2, 3, 4, 5, 6];
        private readonly List<(string Name, Tensor Value)> _values = new();
        private readonly List<string> _statements = new();

        public (string Text, int FailingLine, string? Error) Write()
        {
            string? error = null;
            int statements = rng.Next(3, 9);
            while (_statements.Count < statements && error is null)
            {
                var (code, run) = Next();
                try
                {
                    var value = run();
                    _values.Add(($"v{_values.Count}", value));
                    _statements.Add($"var v{_values.Count - 1} = {code};");
                }
                catch (ArgumentException e)
                {
                    // ArgumentOutOfRangeException (PyTorch's IndexError) included: its Message is the rule's.
                    error = e.Message;
                    _statements.Add($"var v{_values.Count} = {code};");
                }
            }
            var text = new StringBuilder($"    public static void {name}()\n    {{\n");
            foreach (var s in _statements) text.Append("        ").Append(s).Append('\n');
            text.Append("    }\n");
            // Line of the last statement, counted from the method's first line.
            return (text.ToString(), 1 + _statements.Count, error);
        }

        private int Size() => Sizes[rng.Next(Sizes.Length)];

        private int[] Shape(int maxRank = 3)
        {
            var shape = new int[rng.Next(1, maxRank + 1)];
            for (int d = 0; d < shape.Length; d++) shape[d] = Size();
            return shape;
        }

        private (string Name, Tensor Value) Pick() => _values[rng.Next(_values.Count)];

        // A dim that is usually in range: [-rank - 1, rank] (one past either end, sometimes).
        private int Dim(int rank) => rng.Next(-rank - 1, rank + 1);

        private (string, Func<Tensor>) Next()
        {
            if (_values.Count == 0 || rng.Next(5) == 0)
            {
                var shape = Shape();
                string args = string.Join(", ", shape);
                return rng.Next(3) switch
                {
                    0 => ($"Torch.Zeros({args})", () => Torch.Zeros(shape)),
                    1 => ($"Torch.Ones({args})", () => Torch.Ones(shape)),
                    _ => ($"Torch.Randn({args})", () => Torch.Randn(shape)),
                };
            }
            var (a, x) = Pick();
            var (b, y) = Pick();
            int r = x.Dim;
            switch (rng.Next(26))
            {
                case 0: return ($"{a} + {b}", () => x + y);
                case 1: return ($"{a} * {b}", () => x * y);
                case 2: return ($"{a} / {b}", () => x / y);
                case 3: return ($"{a}.MatMul({b})", () => x.MatMul(y));
                case 4: { int d = Dim(r); return ($"Torch.Cat([{a}, {b}], {d})", () => Torch.Cat([x, y], d)); }
                case 5: { int d = Dim(r + 1); return ($"Torch.Stack([{a}, {b}], {d})", () => Torch.Stack([x, y], d)); }
                case 6:
                {
                    // Sizes that multiply to the element count about half the time.
                    int[] sizes = rng.Next(2) == 0 ? Factor((int)x.Numel) : Shape();
                    if (rng.Next(3) == 0) sizes[rng.Next(sizes.Length)] = -1;
                    string args = string.Join(", ", sizes);
                    return rng.Next(2) == 0 ? ($"{a}.View({args})", () => x.View(sizes)) : ($"{a}.Reshape({args})", () => x.Reshape(sizes));
                }
                case 7: { int d = Dim(r); return ($"{a}.Sum({d})", () => x.Sum(d)); }
                case 8: { int d = Dim(r); return ($"{a}.Mean({d}, keepDim: true)", () => x.Mean(d, keepDim: true)); }
                case 9: { int d = Dim(r); return ($"{a}.Softmax({d})", () => x.Softmax(d)); }
                case 10: { int d0 = Dim(r), d1 = Dim(r); return ($"{a}.Transpose({d0}, {d1})", () => x.Transpose(d0, d1)); }
                case 11: { int d = Dim(r + 1); return ($"{a}.Unsqueeze({d})", () => x.Unsqueeze(d)); }
                case 12: return ($"{a}.T()", () => x.T());
                case 13:
                {
                    // An index one past either end, sometimes.
                    int d = Dim(r), size = r == 0 ? 1 : x.Shape[((d % r) + r) % r], i = rng.Next(-size - 1, size + 1);
                    return ($"{a}.Select({d}, {i})", () => x.Select(d, i));
                }
                case 14: return ($"{a}.Squeeze()", () => x.Squeeze());
                case 15: { int d = Dim(r); return ($"{a}.Squeeze({d})", () => x.Squeeze(d)); }
                case 16: { int s0 = Dim(r), e0 = Dim(r); return ($"{a}.Flatten({s0}, {e0})", () => x.Flatten(s0, e0)); }
                case 17 when r > 0:
                {
                    // In range: an index past the end is an IndexError the analyzers do not check.
                    int i = rng.Next(x.Shape[0]);
                    return rng.Next(2) == 0 ? ($"{a}[{i}]", () => x[i]) : ($"{a}[^{i + 1}]", () => x[^(i + 1)]);
                }
                case 18 when r > 0:
                {
                    // Not empty, which would make later indexing an IndexError, and Max a reduction error.
                    int start = rng.Next(x.Shape[0]), stop = start + 1 + rng.Next(x.Shape[0] + 1 - start);
                    return ($"{a}[{start}..{stop}]", () => x[start..stop]);
                }
                case 19: return rng.Next(2) == 0 ? ($"{a}.Detach()", () => x.Detach()) : ($"{a}.Contiguous()", () => x.Contiguous());
                case 20: return rng.Next(2) == 0 ? ($"{a}.Clone()", () => x.Clone()) : ($"Torch.ZerosLike({a})", () => Torch.ZerosLike(x));
                case 21: { int d = Dim(r); return ($"{a}.Max({d}).Values", () => x.Max(d).Values); }
                case 22: return ($"{a}.To(DType.Float32)", () => x.To(DType.Float32));  // one dtype: MatMul of two is another error
                case 23:
                {
                    // Not empty (see case 18), along a dim that may be out of range.
                    int d = Dim(r), size = r == 0 ? 1 : x.Shape[((d % r) + r) % r], start = rng.Next(size), stop = start + 1 + rng.Next(size + 1 - start);
                    return ($"{a}.Slice({d}, {start}..{stop})", () => x.Slice(d, start..stop));
                }
                case 24:
                    return rng.Next(7) switch
                    {
                        0 => ($"{a}.Sin()", () => x.Sin()),
                        1 => ($"{a}.Cos()", () => x.Cos()),
                        2 => ($"{a}.Log1p()", () => x.Log1p()),
                        3 => ($"{a}.Square()", () => x.Square()),
                        4 => ($"{a}.Reciprocal()", () => x.Reciprocal()),
                        5 => ($"{a}.Rsqrt()", () => x.Rsqrt()),
                        _ => ($"{a}.Sign()", () => x.Sign()),
                    };
                default:
                {
                    var perm = Enumerable.Range(0, Math.Max(0, r + rng.Next(-1, 2))).Select(_ => rng.Next(r + 1)).ToArray();
                    if (rng.Next(2) == 0) perm = Enumerable.Range(0, r).OrderBy(_ => rng.Next()).ToArray();
                    return ($"{a}.Permute({string.Join(", ", perm)})", () => x.Permute(perm));
                }
            }
        }

        // A random factorization of n into 1 to 3 sizes.
        private int[] Factor(int n)
        {
            var sizes = new List<int>();
            while (sizes.Count < 2 && n > 1)
            {
                var divisors = Enumerable.Range(1, n).Where(k => n % k == 0).ToArray();
                int k = divisors[rng.Next(divisors.Length)];
                sizes.Add(k);
                n /= k;
            }
            sizes.Add(n);
            return sizes.ToArray();
        }
    }
}
