using System;
using System.Numerics;
using TensorDsl.Ops;
using TensorDsl.Shapes;

namespace TensorDsl;

// More reductions: min, argmax/argmin, prod, var/std, norm, logsumexp, and sum/mean over several dims.
public sealed partial class Tensor
{
    /// <summary>The smallest element, as <c>t.min()</c>.</summary>
    public Tensor Min() => Extreme(min: true, NodeName(OpKind.Min));

    /// <summary>The minima over <paramref name="dim"/> and their indices (the first of ties), as <c>t.min(dim, keepdim)</c>.</summary>
    public MaxResult Min(int dim, bool keepDim = false) => Extreme(dim, keepDim, min: true, NodeName(OpKind.MinDim));

    /// <summary>The index of the largest element of the flattened tensor (the first of ties), int64.</summary>
    public Tensor ArgMax() => ArgExtreme(min: false);

    /// <summary>The indices of the maxima along <paramref name="dim"/>, as <c>t.argmax(dim, keepdim)</c>.</summary>
    public Tensor ArgMax(int dim, bool keepDim = false) => ArgExtreme(dim, keepDim, min: false);

    /// <summary>The index of the smallest element of the flattened tensor, int64.</summary>
    public Tensor ArgMin() => ArgExtreme(min: true);

    /// <summary>The indices of the minima along <paramref name="dim"/>, as <c>t.argmin(dim, keepdim)</c>.</summary>
    public Tensor ArgMin(int dim, bool keepDim = false) => ArgExtreme(dim, keepDim, min: true);

    private Tensor ArgExtreme(bool min)
    {
        string name = min ? "argmin" : "argmax";
        RequireNotBool(name);
        if (Numel == 0) throw Errors.Argument($"{name}(): Expected reduction dim to be specified for input.numel() == 0.");
        var (_, indices) = MaxRows(Reshape(-1).Detach(), 0, min);
        return new Tensor(indices, Array.Empty<int>());
    }

    private Tensor ArgExtreme(int dim, bool keepDim, bool min)
    {
        RequireNotBool(min ? "argmin" : "argmax");
        var sizes = Errors.Check(ShapeRules.Reduce(Sizes, dim, keepDim));
        int d = Errors.Dim(dim, Sizes.Length);
        if (Sizes.Length > 0 && Sizes[d] == 0)
            throw Errors.Argument($"{(min ? "argmin" : "argmax")}(): Expected reduction dim {d} to have non-zero size.");
        var (_, indices) = MaxRows(Detach(), Sizes.Length == 0 ? 0 : d, min);
        return new Tensor(indices, sizes);
    }

    private void RequireNotBool(string name)
    {
        if (DType == DType.Bool) throw Errors.Argument($"{name}(): does not support bool input");
    }

    // ---- sum and mean over several dims ---------------------------------------------------------

    /// <summary>The sum over <paramref name="dims"/> (all dims when empty), as <c>t.sum(dims, keepdim)</c>.</summary>
    public Tensor Sum(int[] dims, bool keepDim = false)
    {
        var (sums, shape, _) = SumOver(dims, keepDim);
        return Record(new Tensor(sums, shape), NodeName(OpKind.SumDims), [this], g => [Unreduce(g, dims)], savesTensors: false);
    }

    /// <summary>The mean over <paramref name="dims"/> (all dims when empty), as <c>t.mean(dims, keepdim)</c>.</summary>
    public Tensor Mean(int[] dims, bool keepDim = false)
    {
        RequireFloatingForMean();
        var (sums, shape, count) = SumOver(dims, keepDim);
        var r = Divide(sums, count, shape);
        return Record(r, NodeName(OpKind.MeanDims), [this], g => [Unreduce(g, dims) / Math.Max(count, 0)], savesTensors: false);
    }

    // Sums over several dims: the reduced dims moved last and merged into one row per result element.
    private (Array Sums, int[] Shape, int Count) SumOver(int[] dims, bool keepDim)
    {
        var shape = Errors.Check(ShapeRules.ReduceDims(Sizes, dims, keepDim, out var reduced));
        var (rows, count) = ReducedRows(reduced);
        return (SumRows(rows, rows.Sizes.Length - 1, out _), shape, count);
    }

    // This tensor (outside the graph) with its reduced dims moved last and merged: [kept…, reduced].
    private (Tensor Rows, int Count) ReducedRows(bool[] reduced)
    {
        if (Sizes.Length == 0) return (Detach().Reshape(1, 1), 1);
        var order = new int[Sizes.Length];
        int k = 0, count = 1;
        var kept = new System.Collections.Generic.List<int>();
        for (int i = 0; i < Sizes.Length; i++)
            if (!reduced[i]) { order[k++] = i; kept.Add(Sizes[i]); }
        for (int i = 0; i < Sizes.Length; i++)
            if (reduced[i]) { order[k++] = i; count *= Sizes[i]; }
        kept.Add(count);
        using var _ = Autograd.GradMode.Disable();
        return (Permute(order).Reshape([.. kept]), count);
    }

    // A gradient of a reduction over `dims` broadcast back to this shape.
    private Tensor Unreduce(Tensor g, int[] dims)
    {
        var kept = Errors.Check(ShapeRules.ReduceDims(Sizes, dims, keepDim: true, out _));
        return g.Reshape(kept).ExpandTo(Sizes);
    }

    // ---- prod ------------------------------------------------------------------------------

    /// <summary>The product of all elements (integers and bools give int64), as <c>t.prod()</c>.</summary>
    public Tensor Prod() => ProdOver([], keepDim: false, NodeName(OpKind.Prod));

    /// <summary>The product along <paramref name="dim"/>, as <c>t.prod(dim, keepdim)</c>.</summary>
    public Tensor Prod(int dim, bool keepDim = false)
    {
        Errors.Check(ShapeRules.Reduce(Sizes, dim, keepDim));
        return ProdOver([dim], keepDim, NodeName(OpKind.ProdDim));
    }

    private Tensor ProdOver(int[] dims, bool keepDim, string node)
    {
        var shape = Errors.Check(ShapeRules.ReduceDims(Sizes, dims, keepDim, out var reduced));
        var (rows, len) = ReducedRows(reduced);
        int count = (int)ShapeRules.Numel(shape);
        Array values = DType switch
        {
            DType.Float32 => RowProducts(rows.Read<float>(), len, count),
            DType.Float64 => RowProducts(rows.Read<double>(), len, count),
            _ => RowProducts(rows.Read<long>(), len, count),
        };
        var r = new Tensor(values, shape);
        return Record(r, node, [this], g =>
        {
            // As PyTorch's prod_backward: a 0-dim input passes the gradient; without a zero anywhere,
            // result / x; otherwise the product of the other elements of each row (prefix times
            // suffix products, so that zeros need no division).
            if (Sizes.Length == 0) return [g];
            var x = rows.Read<double>();
            var others = new double[x.Length];
            bool anyZero = Array.IndexOf(x, 0.0) >= 0;
            var products = r.Read<double>();
            for (int start = 0, row = 0; start < x.Length; start += Math.Max(len, 1), row++)
            {
                if (!anyZero)
                {
                    for (int i = 0; i < len; i++) others[start + i] = products[row] / x[start + i];
                    continue;
                }
                double prefix = 1;
                for (int i = 0; i < len; i++) { others[start + i] = prefix; prefix *= x[start + i]; }
                double suffix = 1;
                for (int i = len - 1; i >= 0; i--) { others[start + i] *= suffix; suffix *= x[start + i]; }
            }
            var othersT = new Tensor(others, rows.Sizes).Cast(DType);
            var moved = othersT * g.Reshape([.. rows.Sizes[..^1], 1]);
            return [FromRows(moved, reduced)];
        });
    }

    // A [kept…, reduced] tensor (see ReducedRows) laid back out in this tensor's dims.
    private Tensor FromRows(Tensor rows, bool[] reduced)
    {
        if (Sizes.Length == 0) return rows.Reshape(Sizes);
        var order = new int[Sizes.Length];
        var movedSizes = new int[Sizes.Length];
        int k = 0;
        for (int i = 0; i < Sizes.Length; i++) if (!reduced[i]) { order[k] = i; movedSizes[k++] = Sizes[i]; }
        for (int i = 0; i < Sizes.Length; i++) if (reduced[i]) { order[k] = i; movedSizes[k++] = Sizes[i]; }
        var inverse = new int[order.Length];
        for (int i = 0; i < order.Length; i++) inverse[order[i]] = i;
        return rows.Reshape(movedSizes).Permute(inverse).Contiguous();
    }

    // The product of each of `rows` rows of `len` elements (1 for an empty row).
    private static T[] RowProducts<T>(T[] x, int len, int rows) where T : INumber<T>
    {
        var r = new T[rows];
        for (int i = 0; i < rows; i++)
        {
            T acc = T.One;
            for (int j = 0; j < len; j++) acc *= x[i * len + j];
            r[i] = acc;
        }
        return r;
    }

    // ---- var and std -------------------------------------------------------------------------

    /// <summary>The variance of all elements (unbiased: divided by N − 1 unless <paramref name="unbiased"/> is false).</summary>
    public Tensor Var(bool unbiased = true) => Moments([], unbiased, keepDim: false, std: false);

    /// <summary>The variance along <paramref name="dim"/>, as <c>t.var(dim, unbiased, keepdim)</c>.</summary>
    public Tensor Var(int dim, bool unbiased = true, bool keepDim = false) => Moments([dim], unbiased, keepDim, std: false);

    /// <summary>The standard deviation of all elements (unbiased unless <paramref name="unbiased"/> is false).</summary>
    public Tensor Std(bool unbiased = true) => Moments([], unbiased, keepDim: false, std: true);

    /// <summary>The standard deviation along <paramref name="dim"/>, as <c>t.std(dim, unbiased, keepdim)</c>.</summary>
    public Tensor Std(int dim, bool unbiased = true, bool keepDim = false) => Moments([dim], unbiased, keepDim, std: true);

    private Tensor Moments(int[] dims, bool unbiased, bool keepDim, bool std)
    {
        if (!DType.IsFloatingPoint()) throw Errors.Argument("std and var only support floating point and complex dtypes");
        var shape = Errors.Check(ShapeRules.ReduceDims(Sizes, dims, keepDim, out var reduced));
        var (rows, len) = ReducedRows(reduced);
        var x = rows.Read<double>();
        int n = Math.Max(len, 1);
        int count = (int)ShapeRules.Numel(shape);
        var values = new double[count];
        var means = new double[count];
        double divisor = Math.Max(len - (unbiased ? 1 : 0), 0);
        for (int r = 0; r < count; r++)
        {
            // In double, two passes: PyTorch accumulates float inputs in double too (Welford).
            double mean = 0;
            for (int i = 0; i < len; i++) mean += x[r * len + i];
            mean /= len;
            double ss = 0;
            for (int i = 0; i < len; i++) ss += (x[r * len + i] - mean) * (x[r * len + i] - mean);
            means[r] = mean;
            values[r] = std ? Math.Sqrt(ss / divisor) : ss / divisor;
        }
        var result = new Tensor(values, shape).Cast(DType);
        return Record(result, NodeName(std ? OpKind.Std : OpKind.Var), [this], g =>
        {
            // var: 2 (x − mean) / (N − correction); std: that over 2·std, and 0 where std is 0 (as PyTorch's std_backward).
            var centered = rows - new Tensor(means, [.. rows.Sizes[..^1], 1]).Cast(DType);
            var scale = g.Reshape([.. rows.Sizes[..^1], 1]) / divisor;
            var spread = result.Reshape([.. rows.Sizes[..^1], 1]);
            var grad = std ? Torch.Where(spread.Eq(0), 0.0, centered * scale / spread) : centered * scale * 2;
            return [FromRows(grad, reduced)];
        });
    }

    // ---- norm and logsumexp --------------------------------------------------------------------

    /// <summary>The 2-norm of all elements, as <c>t.norm()</c>.</summary>
    public Tensor Norm() => Norm(2);

    /// <summary>The <paramref name="p"/>-norm of all elements (<c>double.PositiveInfinity</c> for the max norm), as <c>t.norm(p)</c>.</summary>
    public Tensor Norm(double p) => VectorNorm(p, [], keepDim: false);

    /// <summary>The <paramref name="p"/>-norm along <paramref name="dim"/>, as <c>t.norm(p, dim, keepdim)</c>.</summary>
    public Tensor Norm(double p, int dim, bool keepDim = false) => VectorNorm(p, [dim], keepDim);

    // torch.norm is torch.linalg.vector_norm for numbers p: the node is LinalgVectorNormBackward0.
    private Tensor VectorNorm(double p, int[] dims, bool keepDim)
    {
        if (!DType.IsFloatingPoint())
            throw Errors.Argument($"linalg.vector_norm: Expected a floating point or complex tensor as input. Got {Errors.KernelTypeName(DType)}");
        var shape = Errors.Check(ShapeRules.ReduceDims(Sizes, dims, keepDim, out var reduced));
        // A negative or infinite p has no value for no elements (no identity), as linalg.vector_norm says.
        if (p < 0 || double.IsPositiveInfinity(p))
        {
            string ord = double.IsInfinity(p) ? (p > 0 ? "inf" : "-inf") : p.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (dims.Length == 0 && Numel == 0)
                throw Errors.Argument($"linalg.vector_norm cannot compute the {ord} norm on an empty tensor because the operation does not have an identity");
            foreach (var dim in dims)
            {
                // (sic: PyTorch's message has no space before "because")
                if (Sizes.Length > 0 && Sizes[Errors.Dim(dim, Sizes.Length)] == 0)
                    throw Errors.Argument($"linalg.vector_norm cannot compute the {ord} norm on the dimension {Errors.Dim(dim, Sizes.Length)}because this dimension is empty and the operation does not have an identity");
            }
        }
        var (rows, len) = ReducedRows(reduced);
        var x = rows.Read<double>();
        int count = (int)ShapeRules.Numel(shape);
        var values = new double[count];
        for (int r = 0; r < count; r++)
        {
            // ±inf: the largest or smallest |x| (NaN propagates through Math.Max and Math.Min).
            double acc = double.IsNegativeInfinity(p) ? double.PositiveInfinity : 0;
            for (int i = 0; i < len; i++)
            {
                double a = Math.Abs(x[r * len + i]);
                acc = double.IsPositiveInfinity(p) ? Math.Max(acc, a) : double.IsNegativeInfinity(p) ? Math.Min(acc, a)
                    : p == 0 ? acc + (a != 0 ? 1 : 0) : p == 1 ? acc + a : acc + Math.Pow(a, p);
            }
            values[r] = double.IsInfinity(p) || p is 0 or 1 ? acc : p == 2 ? Math.Sqrt(acc) : Math.Pow(acc, 1 / p);
        }
        var result = new Tensor(values, shape).Cast(DType);
        return Record(result, NodeName(OpKind.Norm), [this], g =>
        {
            var norm = result.Reshape([.. rows.Sizes[..^1], 1]);
            var gr = g.Reshape([.. rows.Sizes[..^1], 1]);
            Tensor grad;
            // p = 0 counts non-zeros: no gradient at all (None in PyTorch, not zeros).
            if (p == 0) return [null];
            if (p == 1) grad = rows.Sign() * gr;
            else if (double.IsInfinity(p))
            {
                // Shared evenly among the elements whose |x| is the max (min), as PyTorch's amax (amin)
                // backward; none where the norm is NaN.
                var at = rows.Abs().Eq(norm).To(DType);
                grad = rows.Sign() * at * gr / at.Sum(-1, keepDim: true).Clamp(min: 1);
            }
            else if (p == 2) grad = Torch.Where(norm.Eq(0), 0.0, rows * gr / norm);
            // As PyTorch's norm_backward: below 1, |x|^(p−1) is 0 where x is; below 2 and above, the
            // scale is 0 where the norm is.
            else if (p < 1) grad = rows.Sign() * Torch.Where(rows.Eq(0), 0.0, rows.Abs().Pow(p - 1)) * gr * norm.Pow(1 - p);
            else if (p < 2) grad = rows.Sign() * rows.Abs().Pow(p - 1) * Torch.Where(norm.Eq(0), 0.0, gr / norm.Pow(p - 1));
            else grad = rows * rows.Abs().Pow(p - 2) * Torch.Where(norm.Eq(0), 0.0, gr / norm.Pow(p - 1));
            return [FromRows(grad, reduced)];
        });
    }

    /// <summary><c>log(sum(exp(t)))</c> along <paramref name="dim"/>, computed stably, as <c>t.logsumexp(dim, keepdim)</c>.</summary>
    public Tensor LogSumExp(int dim, bool keepDim = false)
    {
        var shape = Errors.Check(ShapeRules.ReduceDims(Sizes, [dim], keepDim, out var reduced));
        var source = DType.IsFloatingPoint() ? this : To(DType.Float32);
        var (rows, len) = source.ReducedRows(reduced);
        int count = (int)ShapeRules.Numel(shape);
        Array values = source.DType == DType.Float64 ? LogSumExpRows(rows.Read<double>(), len, count) : LogSumExpRows(rows.Read<float>(), len, count);
        var result = new Tensor(values, shape);
        return Record(result, NodeName(OpKind.LogSumExp), [this], g =>
        {
            var r = result.Reshape([.. rows.Sizes[..^1], 1]);
            var grad = g.Reshape([.. rows.Sizes[..^1], 1]) * (rows - r).Exp();
            return [FromRows(grad, reduced)];
        });
    }

    private static T[] LogSumExpRows<T>(T[] x, int len, int count) where T : IFloatingPointIeee754<T>
    {
        var r = new T[count];
        for (int row = 0; row < count; row++)
        {
            var span = x.AsSpan(row * len, len);
            T max = T.NegativeInfinity;
            foreach (var v in span) if (v > max || T.IsNaN(v)) max = v;
            // An infinite maximum is not subtracted, so that inf stays inf rather than NaN.
            if (T.IsInfinity(max)) max = T.Zero;
            T sum = T.Zero;
            foreach (var v in span) sum += T.Exp(v - max);
            r[row] = T.Log(sum) + max;
        }
        return r;
    }
}
