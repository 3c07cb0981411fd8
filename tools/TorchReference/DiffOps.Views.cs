using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

// Views and copies: transpose, permute, view/reshape/flatten, squeeze/unsqueeze, select/slice/narrow,
// expand/repeat, split/chunk, contiguous/clone/detach.
internal static partial class DiffOps
{
    // The written-out cases: views taken under no_grad of a leaf that requires grad (which keep
    // requires_grad), view(2, -3), clones of transposed and permuted tensors.

    /// <summary>A shape of the same element count as <paramref name="s"/>, with one -1 now and then (and now and then a wrong one).</summary>
    private static long[] Reshaped(Draw d, long[] s)
    {
        long n = Draw.Numel(s);
        var r = new List<long>();
        long left = n;
        foreach (var p in new long[] { 2, 3, 2, 1 })
        {
            if (r.Count >= 3 || d.Coin(0.3)) break;
            if (left % p == 0 && left > 0) { r.Add(p); left /= p; }
            else if (p == 1) r.Add(1);
        }
        if (left != 1 || r.Count == 0 || n == 0) r.Add(left);
        r = [.. r.OrderBy(_ => d.Uniform())];
        if (d.Coin(0.3) && r.Count > 0) r[d.Int(0, r.Count - 1)] = -1;
        if (d.Coin(0.06)) r.Add(d.Pick(2L, -1L, -3L));
        return [.. r];
    }

    private static IEnumerable<DiffOp> Views()
    {
        yield return new("Tensor.T()", d => AnyTensor(d, maxRank: 3), c => L(c.T(0).t()), Count: 10)
        {
            Fixed = [NoGradCase(Fix(Dt.Float32, [2, 3]))],
        };
        yield return new("Tensor.Transpose(int, int)", d =>
        {
            var s = d.Shape(0, 4);
            return C(d.Tensor(s, d.Dtype(Draw.All)), d.Dim(s.Length), d.Coin(0.05) ? s.Length + 1 : d.Dim(s.Length));
        }, c => L(c.T(0).transpose(c.L(1), c.L(2))), Count: 12)
        {
            Fixed = [NoGradCase(Fix(Dt.Float32, [2, 3]), 0, 1)],
        };
        yield return new("Tensor.Permute(int[])", d =>
        {
            var s = d.Shape(0, 4);
            var dims = Enumerable.Range(0, s.Length).OrderBy(_ => d.Uniform()).Select(i => (long)(d.Coin(0.3) ? i - s.Length : i)).ToList();
            if (d.Coin(0.08)) dims.Add(0);
            return C(d.Tensor(s, d.Dtype(Draw.All)), dims.ToArray());
        }, c => L(c.T(0).permute(c.Ls(1))), Count: 12)
        {
            Fixed = [NoGradCase(Fix(Dt.Float32, [2, 3, 2]), new long[] { 2, 0, 1 })],
        };
        yield return new("Tensor.View(int[])", d =>
        {
            var s = d.Shape(0, 3);
            return C(d.Tensor(s, d.Dtype(Draw.All)), Reshaped(d, s));
        }, c => L(c.T(0).view(c.Ls(1))), Count: 16)
        {
            Fixed = [NoGradCase(Fix(Dt.Float32, [2, 3]), new long[] { 3, 2 }), C(Fix(Dt.Float32, [6]), new long[] { 2, -3 })],
        };
        yield return new("Tensor.Reshape(int[])", d =>
        {
            var s = d.Shape(0, 3);
            return C(d.Tensor(s, d.Dtype(Draw.All), viewP: 0.5), Reshaped(d, s));
        }, c => L(c.T(0).reshape(c.Ls(1))), Count: 16)
        {
            Fixed = [NoGradCase(Fix(Dt.Float32, [2, 3]), new long[] { 6 })],
        };
        yield return new("Tensor.Flatten(int, int)", d =>
        {
            var s = d.Shape(0, 4);
            int a = d.Dim(s.Length), b = d.Dim(s.Length);
            return d.Coin(0.2) ? C(d.Tensor(s, d.Dtype(Draw.All), viewP: 0.5)) : C(d.Tensor(s, d.Dtype(Draw.All), viewP: 0.5), a, b);
        }, c => L(c.T(0).flatten(c.Has(1) ? c.L(1) : 0, c.Has(2) ? c.L(2) : -1)), Count: 14)
        {
            Fixed = [NoGradCase(Fix(Dt.Float32, [2, 3]), 0, -1)],
        };
        yield return new("Tensor.Squeeze()", d => AnyTensor(d, maxRank: 4), c => L(c.T(0).squeeze()), Count: 10);
        yield return new("Tensor.Squeeze(int)", d => OneDim(d, Draw.All, keepDim: false, maxRank: 4), c => L(c.T(0).squeeze(c.L(1))), Count: 12)
        {
            Fixed = [NoGradCase(Fix(Dt.Float32, [2, 1]), 1)],
        };
        yield return new("Tensor.Unsqueeze(int)", d =>
        {
            var s = d.Shape(0, 3);
            return C(d.Tensor(s, d.Dtype(Draw.All)), d.Int(-s.Length - 1 - (d.Coin(0.05) ? 1 : 0), s.Length));
        }, c => L(c.T(0).unsqueeze(c.L(1))), Count: 12)
        {
            Fixed = [NoGradCase(Fix(Dt.Float32, [2, 3]), 0)],
        };
        yield return new("Tensor.Contiguous()", d => AnyTensor(d), c => L(c.T(0).contiguous()), Count: 10);
        yield return new("Tensor.Clone()", d => AnyTensor(d), c => L(c.T(0).clone()), Count: 10)
        {
            Fixed = [C(Fix(Dt.Float32, [2, 3], Transposed)), C(Fix(Dt.Float32, [2, 3, 2], new ViewStep("permute", [2, 0, 1])))],
        };
        yield return new("Tensor.Detach()", d => AnyTensor(d), c => L(c.T(0).detach()), Count: 6);

        yield return new("Tensor.Select(int, int)", d =>
        {
            var s = d.Shape(0, 3);
            int dim = d.Dim(s.Length);
            long size = s.Length == 0 ? 0 : s[dim < 0 ? dim + s.Length : dim];
            return C(d.Tensor(s, d.Dtype(Draw.All)), dim, (int)d.Indices(1, size, outP: 0.1, negative: true)[0]);
        }, c => L(c.T(0).select(c.L(1), c.L(2))), Count: 14)
        {
            Fixed = [NoGradCase(Fix(Dt.Float32, [2, 3]), 0, 1)],
        };
        // Slice(dim, a..b): aten::slice with Python's bounds (^k is -k, ^0 the size), clamped.
        yield return new("Tensor.Slice(int, Range)", d =>
        {
            var s = d.Shape(0, 3);
            return C(d.Tensor(s, d.Dtype(Draw.All)), d.Dim(s.Length), RangeOf(d));
        }, c =>
        {
            var x = c.T(0);
            var r = (RangeArg)c.Arg(2)!;
            long dim = c.L(1);
            long size = x.dim() == 0 ? 0 : x.shape[dim < 0 ? dim + x.dim() : dim];
            return L(x.slice(dim, Bound(r.Start, r.StartFromEnd, size), Bound(r.End, r.EndFromEnd, size), 1));
        }, Count: 14)
        {
            Fixed = [NoGradCase(Fix(Dt.Float32, [4, 3]), 0, new RangeArg(1, false, 3, false))],
        };
        yield return new("Tensor.Narrow(int, int, int)", d =>
        {
            var s = d.Shape(0, 3);
            int dim = d.Dim(s.Length);
            long size = s.Length == 0 ? 1 : s[dim < 0 ? dim + s.Length : dim];
            int start = d.Int(-(int)size, (int)size + (d.Coin(0.1) ? 1 : 0));
            long maxLength = Math.Max(0, size - (start < 0 ? start + size : start));
            return C(d.Tensor(s, d.Dtype(Draw.All)), dim, start, d.Int(d.Coin(0.05) ? -1 : 0, (int)maxLength + (d.Coin(0.1) ? 1 : 0)));
        }, c => L(c.T(0).narrow(c.L(1), c.L(2), c.L(3))), Count: 14)
        {
            Fixed = [NoGradCase(Fix(Dt.Float32, [4, 3]), 1, 0, 2)],
        };

        yield return new("Tensor.Expand(int[])", d =>
        {
            var s = d.Shape(0, 3, 12);
            var target = s.Select(n => n == 1 ? d.Pick(1L, 2L, 3L, -1L) : d.Coin(0.15) ? -1 : n).ToList();
            int extra = d.Int(0, 2);
            for (int i = 0; i < extra; i++) target.Insert(0, d.Pick(1L, 2L, 0L));
            if (d.Coin(0.08) && target.Count > 0) target[^1] = target[^1] == 2 ? 3 : 2;
            return C(d.Tensor(s, d.Dtype(Draw.All)), target.ToArray());
        }, c => L(c.T(0).expand(c.Ls(1))), Count: 14)
        {
            Fixed = [NoGradCase(Fix(Dt.Float32, [3, 1]), new long[] { 3, 4 })],
        };
        yield return new("Tensor.Repeat(int[])", d =>
        {
            var s = d.Shape(0, 3, 12);
            int rank = Math.Max(0, s.Length + d.Int(d.Coin(0.1) ? -1 : 0, 1));
            return C(d.Tensor(s, d.Dtype(Draw.All)), Enumerable.Range(0, rank).Select(_ => (long)d.Pick(1, 2, 3, 0)).ToArray());
        }, c => L(c.T(0).repeat(c.Ls(1))), Count: 12);

        yield return new("Tensor.Split(int, int)", d =>
        {
            var s = d.Shape(1, 3);
            return C(d.Tensor(s, d.Dtype(Draw.All)), d.Int(d.Coin(0.05) ? -1 : 0, 4), d.Dim(s.Length));
        }, c => [.. c.T(0).split(c.L(1), (int)c.L(2))], Count: 12);
        yield return new("Tensor.Split(int[], int)", d =>
        {
            var s = d.Shape(1, 3);
            int dim = d.Dim(s.Length);
            long size = s[dim < 0 ? dim + s.Length : dim];
            var sections = new List<long>();
            for (long left = size; left > 0;) { long k = d.Int(0, (int)left); sections.Add(k); left -= k; }
            if (d.Coin(0.1)) sections.Add(1);
            return C(d.Tensor(s, d.Dtype(Draw.All)), sections.ToArray(), dim);
        }, c => [.. c.T(0).split(c.Ls(1), c.L(2))], Count: 12);
        yield return new("Tensor.Chunk(int, int)", d =>
        {
            var s = d.Shape(1, 3);
            return C(d.Tensor(s, d.Dtype(Draw.All)), d.Int(d.Coin(0.05) ? 0 : 1, 5), d.Dim(s.Length));
        }, c => [.. c.T(0).chunk(c.L(1), c.L(2))], Count: 12);
    }

    private static RangeArg RangeOf(Draw d) => new(d.Int(0, 4), d.Coin(0.3), d.Int(0, 4), d.Coin(0.4));

    // A C# Index as the Python bound aten::slice reads: ^k is -k (clamped by slice), ^0 the size.
    private static long Bound(int value, bool fromEnd, long size) => !fromEnd ? value : value == 0 ? size : -value;
}
