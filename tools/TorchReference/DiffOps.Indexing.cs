using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using TensorIndex = TorchSharp.torch.TensorIndex;

namespace TorchReference;

// Indexing: gather, index_select, the indexers t[i], t[^i], t[i, j], t[a..b], t[a..b, i], t[i, a..b],
// t[a..b, c..d], t[mask], t[indices] and their setters (Python's t[...] = v).
internal static partial class DiffOps
{
    private static InputSpec IndexTensor(Draw d, long[] shape, long size, double outP = 0.04) =>
        new() { Dtype = d.Coin(0.85) ? Dt.Int64 : d.Pick(Dt.Int32, Dt.Float32), Shape = shape, Values = d.Indices(Draw.Numel(shape), size, outP, negative: false) };

    private static IEnumerable<DiffOp> Indexing()
    {
        yield return new("Tensor.Gather(int, Tensor)", d =>
        {
            var s = d.Shape(0, 3);
            int dim = d.Dim(s.Length);
            int k = dim < 0 ? dim + s.Length : dim;
            long size = s.Length == 0 ? 1 : s[k];
            // index: any size along dim, at most the input's size elsewhere.
            var shape = s.Select((n, i) => i == k ? (long)d.Int(0, 3) : d.Int(Math.Min(1, (int)n), (int)n)).ToArray();
            if (d.Coin(0.05) && shape.Length > 0) shape = shape[1..];
            return C(d.Tensor(s, d.Dtype(Draw.All)), dim, IndexTensor(d, shape, size));
        }, c => L(c.T(0).gather(c.L(1), c.T(2))), Count: 14);
        yield return new("Tensor.IndexSelect(int, Tensor)", d =>
        {
            var s = d.Shape(0, 3);
            int dim = d.Dim(s.Length);
            long size = s.Length == 0 ? 1 : s[dim < 0 ? dim + s.Length : dim];
            long[] shape = d.Coin(0.85) ? [d.Int(0, 4)] : d.Coin() ? [] : [2, 2];
            return C(d.Tensor(s, d.Dtype(Draw.All)), dim, IndexTensor(d, shape, size));
        }, c => L(c.T(0).index_select(c.L(1), c.T(2))), Count: 14);

        // The getters: Python's t[...] (TensorIndex keeps Python's semantics; TorchSharp's t[long] is select).
        foreach (var (signature, sample) in Indexers())
        {
            yield return new($"Tensor.get_At({signature})", d =>
            {
                var (x, indices) = sample(d);
                return C([x, .. indices]);
            }, c => L(c.T(0).index(PythonIndex(c, 1, c.Spec.Args.Length))), Count: 12);
        }

        // The setters: t[...] = v on a clone (an in-place write into a leaf that requires grad is an
        // error, checked now and then), v broadcast to the selected part. The receiver is no view:
        // writing through a view makes libtorch regenerate the view's grad_fn (AsStridedBackward0),
        // which TensorDsl does not. v requires grad only with a float receiver (an int tensor written
        // through a view can come out requiring grad in libtorch).
        foreach (var (signature, sample) in Indexers())
        {
            yield return new($"Tensor.set_At({signature}, Tensor)", d =>
            {
                var (x, indices) = sample(d);
                var s = ViewShape(x);
                var receiver = new InputSpec { Dtype = x.Dtype, Shape = s, Values = d.Values(x.Dtype, Draw.Numel(s)), View = d.Coin(0.1) ? [] : [new("clone", [])] };
                var dt = d.Dtype(Draw.All);
                long[] shape = d.Coin(0.7) ? [] : [d.Pick(1L, 2L)];
                var value = new InputSpec { Dtype = dt, Shape = shape, Values = d.Values(dt, Draw.Numel(shape), ValueKind.Finite), Grad = dt.IsFloat() && x.Dtype.IsFloat() };
                return C([receiver, .. indices, value]);
            }, c =>
            {
                var x = c.T(0);
                x.index_put_(c.T(c.Spec.Args.Length - 1), PythonIndex(c, 1, c.Spec.Args.Length - 1));
                return L(x);
            }, Count: 10);
        }

        // matmul of every rank pairing, batch broadcasting, size-0/1 dims, views, mixed dtypes.
        yield return new("Tensor.MatMul(Tensor)", d =>
        {
            int ra = d.Int(1, 4), rb = d.Int(1, 4);
            long n = d.Size(), k = d.Size(), m = d.Size();
            if (d.Coin(0.08)) k = d.Int(2, 3);
            var batch = d.Shape(0, Math.Max(ra, rb) - 2, 8);
            long[] Operand(int rank, long rows, long cols, bool left) =>
                rank == 1 ? [left ? cols : rows] : [.. batch.Skip(Math.Max(0, batch.Length - (rank - 2))).Select(b => d.Coin(0.2) ? 1 : b), rows, cols];
            var a = Operand(ra, n, k, true);
            long kb = d.Coin(0.06) ? k + 1 : k;
            var b = Operand(rb, kb, m, false);
            var dt = d.Coin(0.85) ? Dt.Float32 : d.Dtype(Draw.All);
            return C(d.Tensor(a, dt, viewP: 0.4), d.Tensor(b, d.Coin(0.9) ? dt : d.Dtype(Draw.All), viewP: 0.4));
        }, c => L((Tensor)Script("def f(a: Tensor, b: Tensor):\n  return torch.matmul(a, b)", c.T(0), c.T(1))), Count: 40)
        {
            // Size-1 dims (the node), mixed dtypes and bools on each path (the messages), and a
            // non-contiguous 3-D·1-D inner mismatch.
            Fixed =
            [
                C(Fix(Dt.Float32, [1, 4]), Fix(Dt.Float32, [2, 4, 3])),
                C(Fix(Dt.Float32, [3]), Fix(Dt.Float64, [3])),
                C(Fix(Dt.Float32, [2, 3]), Fix(Dt.Float64, [3])),
                C(Fix(Dt.Float32, [2, 3]), Fix(Dt.Float64, [3, 2])),
                C(Fix(Dt.Float32, [2, 2, 3]), Fix(Dt.Float64, [2, 3, 2])),
                C(Fix(Dt.Bool, [3]), Fix(Dt.Bool, [3])),
                C(Fix(Dt.Bool, [2, 3]), Fix(Dt.Bool, [3])),
                C(Fix(Dt.Bool, [2, 2, 3]), Fix(Dt.Bool, [2, 3, 2])),
                C(Fix(Dt.Float32, [3, 2, 4], Transposed), Fix(Dt.Float32, [5])),
            ],
        };
    }

    /// <summary>The index arguments of each indexer, drawn for a tensor drawn with them.</summary>
    private static IEnumerable<(string Signature, Func<Draw, (InputSpec X, object[] Indices)> Sample)> Indexers()
    {
        InputSpec X(Draw d, int minRank) => d.Tensor(d.Shape(minRank, 3), d.Dtype(Draw.All));
        int Index(Draw d, InputSpec x, int dim) => (int)d.Indices(1, ViewShape(x).Length > dim ? ViewShape(x)[dim] : 0, outP: 0.08, negative: true)[0];
        yield return ("int", d => { var x = X(d, 0); return (x, [Index(d, x, 0)]); });
        yield return ("Index", d => { var x = X(d, 0); return (x, [new IndexArg(d.Int(0, 3), d.Coin())]); });
        yield return ("int[]", d =>
        {
            var x = X(d, 0);
            // t[] is not C#: one index or more.
            int count = d.Int(1, Math.Max(1, ViewShape(x).Length) + (d.Coin(0.08) ? 1 : 0));
            return (x, [Enumerable.Range(0, count).Select(i => (long)Index(d, x, i)).ToArray()]);
        });
        yield return ("Range", d => (X(d, 0), [RangeOf(d)]));
        yield return ("Range, int", d => { var x = X(d, 1); return (x, [RangeOf(d), Index(d, x, 1)]); });
        yield return ("int, Range", d => { var x = X(d, 1); return (x, [Index(d, x, 0), RangeOf(d)]); });
        yield return ("Range, Range", d => (X(d, 1), [RangeOf(d), RangeOf(d)]));
        yield return ("Tensor", d =>
        {
            var x = X(d, 1);
            var s = ViewShape(x);
            if (d.Coin(0.5))
            {
                // A bool mask over the leading dims (now and then a wrong size).
                int k = d.Int(1, s.Length);
                var shape = s[..k].ToArray();
                if (d.Coin(0.08)) shape[^1] += 1;
                return (x, [new InputSpec { Dtype = Dt.Bool, Shape = shape, Values = d.Values(Dt.Bool, Draw.Numel(shape)) }]);
            }
            return (x, [IndexTensor(d, d.Shape(0, 2, 6), s[0], outP: 0.08)]);
        });
    }

    /// <summary>The shape of an input after its view steps (views keep the drawn shape: recompute from the steps).</summary>
    private static long[] ViewShape(InputSpec x)
    {
        var s = x.Shape.ToList();
        foreach (var step in x.View)
        {
            var a = step.Args;
            switch (step.Op)
            {
                case "transpose": (s[(int)a[0]], s[(int)a[1]]) = (s[(int)a[1]], s[(int)a[0]]); break;
                case "permute": s = a.Select(i => s[(int)i]).ToList(); break;
                case "narrow": s[(int)a[0]] = a[2]; break;
                case "expand": s = [.. a]; break;
                case "select": s.RemoveAt((int)a[0]); break;
            }
        }
        return [.. s];
    }

    private static long? PyBound(int value, bool fromEnd) => !fromEnd ? value : value == 0 ? null : -value;

    // Python's index for the C# indexer arguments Args[from..to): ints (^k as -k; ^0 as the size, out of range), ranges as slices, tensors.
    private static TensorIndex[] PythonIndex(Call c, int from, int to)
    {
        var x = c.T(0);
        var r = new List<TensorIndex>();
        for (int i = from; i < to; i++)
        {
            long size = r.Count < x.dim() ? x.shape[r.Count] : 0;
            switch (c.Arg(i))
            {
                case long v: r.Add(TensorIndex.Single(v)); break;
                case long[] vs: r.AddRange(vs.Select(v => TensorIndex.Single(v))); break;
                case IndexArg ix: r.Add(TensorIndex.Single(ix.FromEnd ? (ix.Value == 0 ? size : -ix.Value) : ix.Value)); break;
                // An end of ^0 is Python's None (not "the length" for the optimization that skips a
                // slice covering a whole dim); a start of ^0 is the length.
                case RangeArg g: r.Add(TensorIndex.Slice(g.StartFromEnd && g.Start == 0 ? size : PyBound(g.Start, g.StartFromEnd), PyBound(g.End, g.EndFromEnd))); break;
                case TRef: r.Add(TensorIndex.Tensor(c.T(i))); break;
                default: throw new NotSupportedException(c.Arg(i)?.GetType().Name);
            }
        }
        return [.. r];
    }
}
