using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using TensorDsl.Ops;
using TensorDsl.Shapes;

namespace TensorDsl;

/// <summary>The result of <see cref="Tensor.Max(int, bool)"/>: the maxima and where they are, as PyTorch's <c>(values, indices)</c>.</summary>
public readonly record struct MaxResult(Tensor Values, Tensor Indices)
{
    // "max" or "min": the op that made it, for its printed name.
    internal string? Op { get; init; }

    /// <summary>PyTorch's repr of the named tuple: <c>torch.return_types.max(values=..., indices=...)</c> on three lines.</summary>
    public override string ToString() => $"torch.return_types.{Op ?? "max"}(\nvalues={Values},\nindices={Indices})";
}

// Reductions (sum, mean, max) and the normalizations along a dim (softmax, log-softmax).
public sealed partial class Tensor
{
    /// <summary>The sum of all elements (integers and bools sum to int64).</summary>
    public Tensor Sum()
    {
        var r = new Tensor(SumRows(this, Sizes.Length == 0 ? 0 : -1, out _), Array.Empty<int>());
        return Record(r, OpKind.Sum, [this]);
    }

    /// <summary>The sum over <paramref name="dim"/>, as <c>t.sum(dim, keepdim)</c>.</summary>
    public Tensor Sum(int dim, bool keepDim = false)
    {
        var sizes = Errors.Check(ShapeRules.Reduce(Sizes, dim, keepDim));
        var r = new Tensor(SumRows(this, Errors.Dim(dim, Sizes.Length), out _), sizes);
        return Record(r, OpKind.SumDim, [this], dim: dim, keepDim: keepDim);
    }

    /// <summary>The mean of all elements (floating dtypes only).</summary>
    public Tensor Mean()
    {
        RequireFloatingForMean();
        var r = Divide(SumRows(this, Sizes.Length == 0 ? 0 : -1, out _), Math.Max(Numel, 0), Array.Empty<int>());
        return Record(r, OpKind.Mean, [this]);
    }

    /// <summary>The mean over <paramref name="dim"/>, as <c>t.mean(dim, keepdim)</c>.</summary>
    public Tensor Mean(int dim, bool keepDim = false)
    {
        RequireFloatingForMean();
        var sizes = Errors.Check(ShapeRules.Reduce(Sizes, dim, keepDim));
        var sums = SumRows(this, Errors.Dim(dim, Sizes.Length), out int n);
        var r = Divide(sums, n, sizes);
        return Record(r, OpKind.MeanDim, [this], dim: dim, keepDim: keepDim);
    }

    /// <summary>The largest element, as <c>t.max()</c>.</summary>
    public Tensor Max() => Extreme(min: false, NodeName(OpKind.Max));

    /// <summary>The maxima over <paramref name="dim"/> and their indices (the first of ties), as <c>t.max(dim, keepdim)</c>.</summary>
    public MaxResult Max(int dim, bool keepDim = false) => Extreme(dim, keepDim, min: false, NodeName(OpKind.MaxDim));

    // max() or min() of all elements.
    private Tensor Extreme(bool min, string node)
    {
        if (Numel == 0)
            throw Errors.Argument($"{(min ? "min" : "max")}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
        var (values, _) = MaxRows(Reshape(-1).Detach(), 0, min);
        var r = new Tensor(values, Array.Empty<int>());
        // The gradient is shared evenly among tied extremes, as PyTorch's evenly_distribute_backward.
        return Record(r, node, [this], g =>
        {
            var mask = EqualMask(this, r);
            return [mask * (g / mask.Sum())];
        });
    }

    // max(dim) or min(dim): values and the index of the first extreme of each row.
    private MaxResult Extreme(int dim, bool keepDim, bool min, string node)
    {
        var sizes = Errors.Check(ShapeRules.Reduce(Sizes, dim, keepDim));
        int d = Errors.Dim(dim, Sizes.Length);
        if (Sizes.Length > 0 && Sizes[d] == 0)
            throw Errors.Argument($"{(min ? "min" : "max")}(): Expected reduction dim {d} to have non-zero size.");
        var (values, indices) = MaxRows(this, Sizes.Length == 0 ? 0 : d, min);
        var v = new Tensor(values, sizes);
        var idx = new Tensor(indices, (int[])sizes.Clone());
        Record(v, node, [this], g =>
        {
            // Each gradient goes to the position its extreme came from.
            var full = Torch.Zeros(Sizes, DType);
            var gi = ExpandReduced(g, dim, keepDim).Read<double>();
            var moved = Sizes.Length == 0 ? full : full.MoveDimLast(d);
            var offsets = moved.ElementOffsets();
            int len = Sizes.Length == 0 ? 1 : Sizes[d];
            var target = full.Read<double>();
            for (int row = 0; row < indices.Length; row++)
            {
                int at = offsets[row * len + (int)indices[row]];
                target[at] = gi[at];
            }
            return [new Tensor(target, (int[])Sizes.Clone()).Cast(DType)];
        });
        return new MaxResult(v, idx) { Op = min ? "min" : "max" };
    }

    /// <summary><c>exp(t) / sum(exp(t))</c> along <paramref name="dim"/>.</summary>
    public Tensor Softmax(int dim)
    {
        var r = Normalize(dim, log: false, "softmax");
        return Record(r, OpKind.Softmax, [this], dim: dim, keepDim: true);
    }

    /// <summary><c>t - log(sum(exp(t)))</c> along <paramref name="dim"/>.</summary>
    public Tensor LogSoftmax(int dim)
    {
        var r = Normalize(dim, log: true, "log_softmax");
        return Record(r, OpKind.LogSoftmax, [this], dim: dim, keepDim: true);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void RequireFloatingForMean()
    {
        if (!DType.IsFloatingPoint())
            throw Errors.Argument($"mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {Errors.KernelTypeName(DType)}");
    }

    // A view with dim d moved last, outside the graph: its row-major elements are rows along d.
    internal Tensor MoveDimLast(int d)
    {
        var sizes = new int[Sizes.Length];
        var strides = new int[Sizes.Length];
        for (int i = 0, j = 0; i < Sizes.Length; i++)
        {
            if (i == d) continue;
            sizes[j] = Sizes[i];
            strides[j++] = Strides[i];
        }
        sizes[^1] = Sizes[d];
        strides[^1] = Strides[d];
        return AsStrided(sizes, strides, Offset);
    }

    // A reduced gradient broadcast back over the reduced dim.
    internal Tensor ExpandReduced(Tensor g, int dim, bool keepDim)
    {
        if (Sizes.Length == 0) return g.ExpandTo(Sizes);
        int d = Errors.Dim(dim, Sizes.Length);
        return (keepDim ? g : g.Unsqueeze(d)).ExpandTo(Sizes);
    }

    // Sums of the rows along dim d (d = -1: all elements as one row). Floats accumulate in double,
    // integers and bools in int64, as PyTorch's sum promotes them.
    private static Array SumRows(Tensor t, int d, out int rowLength)
    {
        if (t.DType == DType.Float32 && t.Storage is float[] && t.IsContiguous() && Vector256.IsHardwareAccelerated)
            return FloatSums(t, d < 0 || t.Sizes.Length == 0 ? -1 : d, out rowLength);
        var source = d < 0 || t.Sizes.Length == 0 ? t : t.MoveDimLast(d);
        rowLength = d < 0 || t.Sizes.Length == 0 ? t.Numel : t.Sizes[d];
        int len = rowLength;
        int rows = 1;
        if (d >= 0 && t.Sizes.Length > 0)
            for (int i = 0; i < t.Sizes.Length; i++) rows *= i == d ? 1 : t.Sizes[i];
        if (t.DType.IsFloatingPoint())
        {
            var sums = RowSums<double>(source.Read<double>(), len, rows);
            if (t.DType == DType.Float64) return sums;
            var f = new float[sums.Length];
            for (int i = 0; i < f.Length; i++) f[i] = (float)sums[i];
            return f;
        }
        return RowSums<long>(source.Read<long>(), len, rows);
    }

    // The sums of a contiguous float32 tensor along dim d (all of it for -1), read in place and added
    // in double as the general path does, four lanes at a time; a dim before the last is summed as
    // whole rows of what follows it.
    private static float[] FloatSums(Tensor t, int d, out int rowLength)
    {
        var x = t.FloatSpan();
        int outer = 1, len = x.Length, inner = 1;
        if (d >= 0)
        {
            for (int i = 0; i < d; i++) outer *= t.Sizes[i];
            len = t.Sizes[d];
            for (int i = d + 1; i < t.Sizes.Length; i++) inner *= t.Sizes[i];
        }
        rowLength = len;
        var sums = new double[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            if (inner == 1)
            {
                sums[o] = SumWidened(x.Slice(o * len, len));
                continue;
            }
            var acc = sums.AsSpan(o * inner, inner);
            for (int i = 0; i < len; i++) AddWidened(x.Slice((o * len + i) * inner, inner), acc);
        }
        var r = new float[sums.Length];
        for (int i = 0; i < r.Length; i++) r[i] = (float)sums[i];
        return r;
    }

    private static double SumWidened(ReadOnlySpan<float> x)
    {
        var (s0, s1) = (Vector256<double>.Zero, Vector256<double>.Zero);
        int i = 0;
        for (; i + 8 <= x.Length; i += 8)
        {
            var (lo, hi) = Vector256.Widen(Vector256.Create(x.Slice(i, 8)));
            s0 += lo;
            s1 += hi;
        }
        double sum = Vector256.Sum(s0 + s1);
        for (; i < x.Length; i++) sum += x[i];
        return sum;
    }

    private static void AddWidened(ReadOnlySpan<float> x, Span<double> acc)
    {
        int i = 0;
        for (; i + 8 <= x.Length; i += 8)
        {
            var (lo, hi) = Vector256.Widen(Vector256.Create(x.Slice(i, 8)));
            (Vector256.Create<double>(acc.Slice(i, 4)) + lo).CopyTo(acc.Slice(i, 4));
            (Vector256.Create<double>(acc.Slice(i + 4, 4)) + hi).CopyTo(acc.Slice(i + 4, 4));
        }
        for (; i < x.Length; i++) acc[i] += x[i];
    }

    private static T[] RowSums<T>(T[] data, int len, int rows) where T : INumber<T>
    {
        var sums = new T[rows];
        for (int r = 0; r < rows; r++)
        {
            T acc = T.Zero;
            for (int i = r * len, end = i + len; i < end; i++) acc += data[i];
            sums[r] = acc;
        }
        return sums;
    }

    private Tensor Divide(Array sums, int n, int[] sizes)
    {
        if (sums is double[] d)
        {
            for (int i = 0; i < d.Length; i++) d[i] /= n;
            return new Tensor(d, sizes);
        }
        var f = (float[])sums;
        for (int i = 0; i < f.Length; i++) f[i] /= n;
        return new Tensor(f, sizes);
    }

    // The maxima (or minima) of rows along dim d and their first indices; NaN wins, as in PyTorch.
    private static (Array Values, long[] Indices) MaxRows(Tensor t, int d, bool min = false)
    {
        var source = t.Sizes.Length == 0 ? t : t.MoveDimLast(d);
        int len = t.Sizes.Length == 0 ? 1 : t.Sizes[d];
        return t.DType switch
        {
            DType.Float32 => Rows(source.Read<float>(), len, min),
            DType.Float64 => Rows(source.Read<double>(), len, min),
            DType.Int64 => Rows(source.Read<long>(), len, min),
            DType.Int32 => Rows(source.Read<int>(), len, min),
            _ => RowsBool(source.Read<int>(), len, min),
        };

        static (Array, long[]) Rows<T>(T[] data, int len, bool min) where T : INumber<T>
        {
            int rows = data.Length / len;
            var values = new T[rows];
            var indices = new long[rows];
            for (int r = 0; r < rows; r++)
            {
                int best = 0;
                T max = data[r * len];
                for (int i = 1; i < len && !T.IsNaN(max); i++)
                {
                    var v = data[r * len + i];
                    if ((min ? v < max : v > max) || T.IsNaN(v)) { max = v; best = i; }
                }
                values[r] = max;
                indices[r] = best;
            }
            return (values, indices);
        }

        static (Array, long[]) RowsBool(int[] data, int len, bool min)
        {
            var (values, indices) = Rows(data, len, min);
            var b = new bool[values.Length];
            for (int i = 0; i < b.Length; i++) b[i] = ((int[])values)[i] != 0;
            return (b, indices);
        }
    }

    // 1 where t equals the scalar m, else 0, in t's dtype.
    private static Tensor EqualMask(Tensor t, Tensor m)
    {
        var x = t.Read<double>();
        double v = m.ScalarAsDouble();
        for (int i = 0; i < x.Length; i++) x[i] = x[i] == v || (double.IsNaN(v) && double.IsNaN(x[i])) ? 1 : 0;
        return new Tensor(x, (int[])t.Sizes.Clone()).Cast(t.DType);
    }

    private Tensor Normalize(int dim, bool log, string name)
    {
        var sizes = Errors.Check(ShapeRules.SameShapeAlong(Sizes, dim));
        int d = Sizes.Length == 0 ? 0 : Errors.Dim(dim, Sizes.Length);
        if (!DType.IsFloatingPoint())
        {
            // The kernels dispatch on dtype only when there is something to compute; the last
            // dim has kernels of its own, and log_softmax shares softmax's for the others.
            if (Numel == 0) return new Tensor(Allocate(DType, 0), sizes);
            string kernel = d == Sizes.Length - 1 || Sizes.Length == 0 ? $"{name}_lastdim_kernel_impl" : "softmax_kernel_impl";
            throw Errors.Argument($"\"{kernel}\" not implemented for '{Errors.KernelTypeName(DType)}'");
        }
        var moved = Sizes.Length == 0 ? this : MoveDimLast(d);
        int len = Sizes.Length == 0 ? 1 : Sizes[d];
        Array data = DType == DType.Float64
            ? NormalizeRows(moved.Read<double>(), len, log)
            : NormalizeRows(moved.Read<float>(), len, log);
        if (Sizes.Length == 0) return new Tensor(data, sizes);
        // The rows were computed with d last; put d back in place.
        var rows = new Tensor(data, moved.Sizes);
        var back = new int[Sizes.Length];
        for (int i = 0, j = 0; i < back.Length; i++) back[i] = i == d ? Sizes.Length - 1 : j++;
        var strides = new int[back.Length];
        for (int i = 0; i < back.Length; i++) strides[i] = rows.Strides[back[i]];
        return new Tensor(rows.AsStrided(sizes, strides, 0).ContiguousData(), sizes);
    }

    private static T[] NormalizeRows<T>(T[] x, int len, bool log) where T : IFloatingPointIeee754<T>
    {
        if (len == 0) return x;
        for (int start = 0; start < x.Length; start += len)
        {
            var row = x.AsSpan(start, len);
            T max = T.NegativeInfinity;
            foreach (var v in row) if (v > max || T.IsNaN(v)) max = v;
            T sum = T.Zero;
            foreach (var v in row) sum += T.Exp(v - max);
            if (log)
            {
                T logSum = T.Log(sum);
                for (int i = 0; i < row.Length; i++) row[i] = row[i] - max - logSum;
            }
            else
            {
                for (int i = 0; i < row.Length; i++) row[i] = T.Exp(row[i] - max) / sum;
            }
        }
        return x;
    }
}
