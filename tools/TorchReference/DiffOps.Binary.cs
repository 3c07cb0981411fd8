using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

// Ops of two operands with broadcasting and type promotion: arithmetic (with C# numbers on either
// side), comparisons, logical and/or, where, masked_fill.
internal static partial class DiffOps
{
    private static CaseSpec TwoTensors(Draw d, Dt[] dtypes)
    {
        var (a, b) = d.BroadcastPair();
        return C(d.Tensor(a, d.Dtype(dtypes)), d.Tensor(b, d.Dtype(dtypes)));
    }

    private static double Number(Draw d) => d.Pick(2.5, -1.0, 0.0, 0.5, 3.0, -0.75, 1e-3);

    private static long Integer(Draw d) => d.Pick(2L, -1L, 0L, 3L, 1L, -4L);

    private static IEnumerable<DiffOp> Binary()
    {
        // Python: a + b, a + 2.5, 2.5 + a (a.__radd__: add(a, 2.5)); the same for integers.
        var arithmetic = new (string Op, Func<Tensor, Tensor, Tensor> F)[]
        {
            ("op_Addition", (a, b) => a + b), ("op_Subtraction", (a, b) => a - b), ("op_Multiply", (a, b) => a * b), ("op_Division", (a, b) => a / b),
        };
        foreach (var (op, f) in arithmetic)
        {
            yield return new($"Tensor.{op}(Tensor, Tensor)", d => TwoTensors(d, Draw.All), c => L(f(c.T(0), c.T(1))), Count: 24);
            yield return new($"Tensor.{op}(Tensor, double)", d => C(d.Tensor(d.Shape(), d.Dtype(Draw.All)), Number(d)), c => L(f(c.T(0), Num(c.T(0), c.D(1)))), Count: 12)
            {
                // A transposed input: the result keeps its layout.
                Fixed = [C(Fix(Dt.Float32, [2, 3], Transposed), 2.0)],
            };
            yield return new($"Tensor.{op}(Tensor, long)", d => C(d.Tensor(d.Shape(), d.Dtype(Draw.All)), Integer(d)), c => L(f(c.T(0), Num(c.T(0), c.L(1)))), Count: 12);
            Func<Call, object, List<Tensor>> reversed = op switch
            {
                // number - t is torch.rsub(t, number) (rsub.Scalar: RsubBackward1), which TorchSharp lacks.
                "op_Subtraction" => (c, n) => L((Tensor)Script(n is long ? "def f(x: Tensor, n: int):\n  return torch.rsub(x, n)" : "def f(x: Tensor, n: float):\n  return torch.rsub(x, n)", c.T(1), n)),
                // number / t is t.reciprocal() * number (torch/_tensor.py, __rtruediv__).
                "op_Division" => (c, n) =>
                {
                    var r = c.T(1).reciprocal();
                    return L(r * Num(r, n));
                },
                _ => (c, n) => L(f(c.T(1), Num(c.T(1), n))),
            };
            yield return new($"Tensor.{op}(double, Tensor)", d => C(Number(d), d.Tensor(d.Shape(), d.Dtype(Draw.All))), c => reversed(c, c.D(0)), Count: 12);
            yield return new($"Tensor.{op}(long, Tensor)", d => C(Integer(d), d.Tensor(d.Shape(), d.Dtype(Draw.All))), c => reversed(c, c.L(0)), Count: 12);
        }

        // Comparisons: the operators and the methods; 2.5 > a is Python's a < 2.5.
        var comparisons = new (string Op, string Method, Func<Tensor, Tensor, Tensor> F, Func<Tensor, double, Tensor> Fs, Func<Tensor, double, Tensor> Mirrored)[]
        {
            ("op_GreaterThan", "Gt", (a, b) => a.gt(b), (a, s) => a.gt(s), (a, s) => a.lt(s)),
            ("op_GreaterThanOrEqual", "Ge", (a, b) => a.ge(b), (a, s) => a.ge(s), (a, s) => a.le(s)),
            ("op_LessThan", "Lt", (a, b) => a.lt(b), (a, s) => a.lt(s), (a, s) => a.gt(s)),
            ("op_LessThanOrEqual", "Le", (a, b) => a.le(b), (a, s) => a.le(s), (a, s) => a.ge(s)),
        };
        foreach (var (op, method, f, fs, mirrored) in comparisons)
        {
            yield return new($"Tensor.{op}(Tensor, Tensor)", d => TwoTensors(d, Draw.All), c => L(f(c.T(0), c.T(1))), Count: 8);
            yield return new($"Tensor.{op}(Tensor, double)", d => C(d.Tensor(d.Shape(), d.Dtype(Draw.All)), Number(d)), c => L(fs(c.T(0), c.D(1))), Count: 6);
            yield return new($"Tensor.{op}(double, Tensor)", d => C(Number(d), d.Tensor(d.Shape(), d.Dtype(Draw.All))), c => L(mirrored(c.T(1), c.D(0))), Count: 6);
            yield return new($"Tensor.{method}(Tensor)", d => TwoTensors(d, Draw.All), c => L(f(c.T(0), c.T(1))), Count: 8);
            yield return new($"Tensor.{method}(double)", d => C(d.Tensor(d.Shape(), d.Dtype(Draw.All)), Number(d)), c => L(fs(c.T(0), c.D(1))), Count: 6);
        }
        yield return new("Tensor.Eq(Tensor)", d => TwoTensors(d, Draw.All), c => L(c.T(0).eq(c.T(1))), Count: 8);
        yield return new("Tensor.Eq(double)", d => C(d.Tensor(d.Shape(), d.Dtype(Draw.All)), Number(d)), c => L(c.T(0).eq(c.D(1))), Count: 6);
        yield return new("Tensor.Ne(Tensor)", d => TwoTensors(d, Draw.All), c => L(c.T(0).ne(c.T(1))), Count: 8);
        yield return new("Tensor.Ne(double)", d => C(d.Tensor(d.Shape(), d.Dtype(Draw.All)), Number(d)), c => L(c.T(0).ne(c.D(1))), Count: 6);

        // a & b and a | b: bitwise_and / bitwise_or (logical for bools; floats are an error).
        yield return new("Tensor.op_BitwiseAnd(Tensor, Tensor)", d => TwoTensors(d, Draw.Integral), c => L(c.T(0).bitwise_and(c.T(1))), Count: 10);
        yield return new("Tensor.op_BitwiseOr(Tensor, Tensor)", d => TwoTensors(d, Draw.Integral), c => L(c.T(0).bitwise_or(c.T(1))), Count: 10);

        // where: the condition is bool (else an error), broadcast with both values.
        CaseSpec WhereCase(Draw d, bool numberA, bool numberB)
        {
            var s = d.Shape(0, 3, 16);
            var cond = d.Tensor(Broadcastable(d, s), d.Coin(0.9) ? Dt.Bool : Dt.Int64);
            object a = numberA ? Number(d) : d.Tensor(Broadcastable(d, s), d.Dtype(Draw.All));
            object b = numberB ? Number(d) : d.Tensor(Broadcastable(d, s), d.Dtype(Draw.All));
            return C(cond, a, b);
        }
        yield return new("Torch.Where(Tensor, Tensor, Tensor)", d => WhereCase(d, false, false), c => Where(c.T(0), c.T(1), c.T(2)), Count: 16);
        yield return new("Torch.Where(Tensor, Tensor, double)", d => WhereCase(d, false, true), c => Where(c.T(0), c.T(1), Num(c.T(1), c.D(2))), Count: 10);
        yield return new("Torch.Where(Tensor, double, Tensor)", d => WhereCase(d, true, false), c => Where(c.T(0), Num(c.T(2), c.D(1)), c.T(2)), Count: 10);
        // x.where(condition, other) is torch.where(condition, x, other).
        yield return new("Tensor.Where(Tensor, Tensor)", d =>
        {
            var s = d.Shape(0, 3, 16);
            var cond = d.Tensor(Broadcastable(d, s), d.Coin(0.9) ? Dt.Bool : Dt.Int64);
            return C(d.Tensor(Broadcastable(d, s), d.Dtype(Draw.All)), cond, d.Tensor(Broadcastable(d, s), d.Dtype(Draw.All)));
        }, c => Where(c.T(1), c.T(0), c.T(2)), Count: 12);

        // masked_fill(mask, value): the mask broadcasts to x (not the other way round).
        yield return new("Tensor.MaskedFill(Tensor, double)", d =>
        {
            var s = d.Shape(0, 3, 16);
            var mask = d.Tensor(d.Coin(0.9) ? Broadcastable(d, s) : [.. s, 2], d.Coin(0.9) ? Dt.Bool : Dt.Int64);
            return C(d.Tensor(s, d.Dtype(Draw.All)), mask, Number(d));
        }, c => L(c.T(0).masked_fill(c.T(1), c.D(2))), Count: 14);
    }

    // torch.where through TorchScript: TorchSharp checks the condition's dtype itself, with a message of its own.
    private static List<Tensor> Where(Tensor condition, Tensor a, Tensor b) =>
        L((Tensor)Script("def f(c: Tensor, a: Tensor, b: Tensor):\n  return torch.where(c, a, b)", condition, a, b));

    /// <summary>A shape that broadcasts to <paramref name="s"/>: some dims 1, some leading dims dropped.</summary>
    private static long[] Broadcastable(Draw d, long[] s)
    {
        var r = (long[])s.Clone();
        for (int i = 0; i < r.Length; i++)
            if (d.Coin(0.3)) r[i] = 1;
        return r[(d.Coin(0.3) ? d.Int(0, r.Length) : 0)..];
    }
}
