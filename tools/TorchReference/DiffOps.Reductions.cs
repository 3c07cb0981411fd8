using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

// Reductions over everything, one dim or several; softmax and log-softmax.
internal static partial class DiffOps
{
    private static CaseSpec OneDim(Draw d, Dt[] dtypes, bool keepDim = true, int maxRank = 3)
    {
        var s = d.Shape(0, maxRank);
        var x = d.Tensor(s, d.Dtype(dtypes));
        // Now and then a dim out of range.
        int dim = d.Coin(0.05) ? s.Length + 1 : d.Dim(s.Length);
        return keepDim ? C(x, dim, d.Coin()) : C(x, dim);
    }

    private static List<Tensor> Spread(Call c, string op, bool dim) => L((Tensor)Script(dim
        ? $"def f(x: Tensor):\n  return torch.{op}(x, {Lit(c.L(1))}, {Lit(c.B(2, true))}, {Lit(c.B(3, false))})"
        : $"def f(x: Tensor):\n  return torch.{op}(x, {Lit(c.B(1, true))})", c.T(0)));

    /// <summary>Distinct dims of a tensor of <paramref name="rank"/> (none, sometimes; a repeat, rarely).</summary>
    private static long[] Dims(Draw d, int rank)
    {
        if (rank == 0) return d.Pick<long[]>([], [0], [-1]);
        var dims = Enumerable.Range(0, rank).Where(_ => d.Coin()).Select(i => (long)(d.Coin() ? i : i - rank)).ToList();
        if (dims.Count == 0 && d.Coin(0.7)) dims.Add(d.Int(0, rank - 1));
        if (d.Coin(0.05)) dims.Add(dims.Count > 0 ? dims[0] : 0);
        return [.. dims];
    }

    private static IEnumerable<DiffOp> Reductions()
    {
        yield return new("Tensor.Sum()", d => AnyTensor(d), c => L(c.T(0).sum()), Count: 12);
        yield return new("Tensor.Sum(int, bool)", d => OneDim(d, Draw.All), c => L(c.T(0).sum(c.L(1), c.B(2, false))), Count: 14);
        yield return new("Tensor.Sum(int[], bool)", d =>
        {
            var s = d.Shape(0, 3);
            return C(d.Tensor(s, d.Dtype(Draw.All)), Dims(d, s.Length), d.Coin());
        }, c => L(c.T(0).sum(c.Ls(1), c.B(2, false))), Count: 14);
        yield return new("Tensor.Mean()", d => AnyTensor(d), c => L(c.T(0).mean()), Count: 12);
        yield return new("Tensor.Mean(int, bool)", d => OneDim(d, Draw.All), c => L(c.T(0).mean([c.L(1)], c.B(2, false))), Count: 14);
        yield return new("Tensor.Mean(int[], bool)", d =>
        {
            var s = d.Shape(0, 3);
            return C(d.Tensor(s, d.Dtype(Draw.All)), Dims(d, s.Length), d.Coin());
        }, c => L(c.T(0).mean(c.Ls(1), c.B(2, false))), Count: 14);

        // max()/min() of everything; max(dim)/min(dim) give (values, indices); ties and NaN included.
        yield return new("Tensor.Max()", d => AnyTensor(d), c => L(c.T(0).max()), Count: 12);
        yield return new("Tensor.Min()", d => AnyTensor(d), c => L(c.T(0).min()), Count: 12);
        yield return new("Tensor.Max(int, bool)", d => OneDim(d, Draw.All), c =>
        {
            var (values, indices) = c.T(0).max(c.L(1), c.B(2, false));
            return L(values, indices);
        }, Count: 14);
        yield return new("Tensor.Min(int, bool)", d => OneDim(d, Draw.All), c =>
        {
            var (values, indices) = c.T(0).min(c.L(1), c.B(2, false));
            return L(values, indices);
        }, Count: 14);
        yield return new("Tensor.ArgMax()", d => AnyTensor(d), c => L(c.T(0).argmax()), Count: 10);
        yield return new("Tensor.ArgMin()", d => AnyTensor(d), c => L(c.T(0).argmin()), Count: 10);
        yield return new("Tensor.ArgMax(int, bool)", d => OneDim(d, Draw.All), c => L(c.T(0).argmax(c.L(1), c.B(2, false))), Count: 12);
        yield return new("Tensor.ArgMin(int, bool)", d => OneDim(d, Draw.All), c => L(c.T(0).argmin(c.L(1), c.B(2, false))), Count: 12);

        yield return new("Tensor.Prod()", d => AnyTensor(d), c => L(c.T(0).prod()), Count: 12);
        yield return new("Tensor.Prod(int, bool)", d => OneDim(d, Draw.All), c => L(c.T(0).prod(c.L(1), c.B(2, false))), Count: 12);

        // var/std(unbiased) and var/std(dim, unbiased, keepdim): the legacy overloads Python's calls pick.
        // (through TorchScript: TorchSharp's var/std along a dim end the process on integer input).
        yield return new("Tensor.Var(bool)", d => C(d.Tensor(d.Shape(), d.Dtype(Draw.All)), d.Coin(0.7)), c => Spread(c, "var", false), Count: 12);
        yield return new("Tensor.Std(bool)", d => C(d.Tensor(d.Shape(), d.Dtype(Draw.All)), d.Coin(0.7)), c => Spread(c, "std", false), Count: 12);
        CaseSpec SpreadCase(Draw d)
        {
            var s = d.Shape(0, 3);
            return C(d.Tensor(s, d.Dtype(Draw.All)), d.Dim(s.Length), d.Coin(0.7), d.Coin());
        }
        yield return new("Tensor.Var(int, bool, bool)", SpreadCase, c => Spread(c, "var", true), Count: 12);
        yield return new("Tensor.Std(int, bool, bool)", SpreadCase, c => Spread(c, "std", true), Count: 12);

        // Python's t.norm(p, dim, keepdim) is torch.linalg.vector_norm for a numeric p (torch/functional.py).
        double P(Draw d) => d.Pick(1.0, 2.0, 3.0, 0.0, double.PositiveInfinity, double.NegativeInfinity, 0.5);
        yield return new("Tensor.Norm()", d => AnyTensor(d), c => L(linalg.vector_norm(c.T(0), 2)), Count: 10);
        yield return new("Tensor.Norm(double)", d => C(d.Tensor(d.Shape(), d.Dtype(Draw.All)), P(d)), c => L(linalg.vector_norm(c.T(0), c.D(1))), Count: 12);
        yield return new("Tensor.Norm(double, int, bool)", d =>
        {
            var s = d.Shape(0, 3);
            return C(d.Tensor(s, d.Dtype(Draw.All)), P(d), d.Dim(s.Length), d.Coin());
        }, c => L(linalg.vector_norm(c.T(0), c.D(1), [c.L(2)], c.B(3, false))), Count: 12);

        yield return new("Tensor.LogSumExp(int, bool)", d => OneDim(d, Draw.All), c => L(c.T(0).logsumexp(c.L(1), c.B(2, false))), Count: 12);

        // Integer inputs (an error, unless empty) written out too.
        yield return new("Tensor.Softmax(int)", d => OneDim(d, Draw.All, keepDim: false), c => L(c.T(0).softmax(c.L(1))), Count: 14)
        {
            Fixed = [C(Fix(Dt.Int64, [2, 3]), 1), C(Fix(Dt.Int64, [0]), 0), C(Fix(Dt.Int64, [2, 0]), -1)],
        };
        yield return new("Tensor.LogSoftmax(int)", d => OneDim(d, Draw.All, keepDim: false), c => L(c.T(0).log_softmax(c.L(1))), Count: 14)
        {
            Fixed = [C(Fix(Dt.Int64, [2, 3]), 1), C(Fix(Dt.Int64, [0]), 0)],
        };
        yield return new("Functional.Softmax(Tensor, int)", d => OneDim(d, Draw.All, keepDim: false), c => L(c.T(0).softmax(c.L(1))), Count: 8);
        yield return new("Functional.LogSoftmax(Tensor, int)", d => OneDim(d, Draw.All, keepDim: false), c => L(c.T(0).log_softmax(c.L(1))), Count: 8);
    }
}
