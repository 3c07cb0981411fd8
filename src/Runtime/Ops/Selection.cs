using System;
using System.Numerics;
using TensorDsl.Ops;
using TensorDsl.Shapes;

namespace TensorDsl;

// Comparisons (bool results), masks and the ops that choose between values: where, masked_fill, clamp.
public sealed partial class Tensor
{
    // ---- comparisons -------------------------------------------------------------------------

    /// <summary><c>t == other</c> element-wise, as <c>torch.eq</c> (C#'s <c>==</c> stays reference equality).</summary>
    public Tensor Eq(Tensor other) => Compare<EqOp>(this, other);

    /// <summary><c>t == value</c> element-wise.</summary>
    public Tensor Eq(double value) => Compare<EqOp>(this, Wrap(value));

    /// <summary><c>t != other</c> element-wise, as <c>torch.ne</c>.</summary>
    public Tensor Ne(Tensor other) => Compare<NeOp>(this, other);

    /// <summary><c>t != value</c> element-wise.</summary>
    public Tensor Ne(double value) => Compare<NeOp>(this, Wrap(value));

    /// <summary><c>t &lt; other</c> element-wise, as <c>torch.lt</c>.</summary>
    public Tensor Lt(Tensor other) => Compare<LtOp>(this, other);

    /// <summary><c>t &lt; value</c> element-wise.</summary>
    public Tensor Lt(double value) => Compare<LtOp>(this, Wrap(value));

    /// <summary><c>t &lt;= other</c> element-wise, as <c>torch.le</c>.</summary>
    public Tensor Le(Tensor other) => Compare<LeOp>(this, other);

    /// <summary><c>t &lt;= value</c> element-wise.</summary>
    public Tensor Le(double value) => Compare<LeOp>(this, Wrap(value));

    /// <summary><c>t &gt; other</c> element-wise, as <c>torch.gt</c>.</summary>
    public Tensor Gt(Tensor other) => Compare<GtOp>(this, other);

    /// <summary><c>t &gt; value</c> element-wise.</summary>
    public Tensor Gt(double value) => Compare<GtOp>(this, Wrap(value));

    /// <summary><c>t &gt;= other</c> element-wise, as <c>torch.ge</c>.</summary>
    public Tensor Ge(Tensor other) => Compare<GeOp>(this, other);

    /// <summary><c>t &gt;= value</c> element-wise.</summary>
    public Tensor Ge(double value) => Compare<GeOp>(this, Wrap(value));

    public static Tensor operator <(Tensor a, Tensor b) => a.Lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.Gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.Le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.Ge(b);
    public static Tensor operator <(Tensor a, double b) => a.Lt(b);
    public static Tensor operator >(Tensor a, double b) => a.Gt(b);
    public static Tensor operator <=(Tensor a, double b) => a.Le(b);
    public static Tensor operator >=(Tensor a, double b) => a.Ge(b);
    public static Tensor operator <(double a, Tensor b) => b.Gt(a);
    public static Tensor operator >(double a, Tensor b) => b.Lt(a);
    public static Tensor operator <=(double a, Tensor b) => b.Ge(a);
    public static Tensor operator >=(double a, Tensor b) => b.Le(a);

    /// <summary>Element-wise and, as <c>a &amp; b</c>: logical for bools, bitwise for integers (in their promoted dtype).</summary>
    public static Tensor operator &(Tensor a, Tensor b) => Bitwise(a, b, "bitwise_and_cpu", static (x, y) => x & y);

    /// <summary>Element-wise or, as <c>a | b</c>: logical for bools, bitwise for integers.</summary>
    public static Tensor operator |(Tensor a, Tensor b) => Bitwise(a, b, "bitwise_or_cpu", static (x, y) => x | y);

    /// <summary>Element-wise not, as <c>~t</c>: logical for bools, bitwise for integers.</summary>
    public static Tensor operator ~(Tensor a) => Bitwise(a, a, "bitwise_not_cpu", static (x, _) => ~x);

    // The comparison in the promoted dtype of both sides (a C# number counts as PyTorch's wrapped number).
    private static Tensor Compare<TOp>(Tensor a, Tensor b) where TOp : IComparisonOp
    {
        var shape = Errors.Check(ShapeRules.Broadcast(a.Sizes, b.Sizes));
        var common = ResultType(a, b);
        return OutputLayout.Zip(a, b, shape, common, common, static (x, y, s, dtype) => new Tensor(dtype switch
        {
            DType.Float32 => CompareAs<float, TOp>(x.Read<float>(s), y.Read<float>(s)),
            DType.Float64 => CompareAs<double, TOp>(x.Read<double>(s), y.Read<double>(s)),
            _ => CompareAs<long, TOp>(x.Read<long>(s), y.Read<long>(s)),
        }, s));
    }

    private static bool[] CompareAs<T, TOp>(T[] x, T[] y) where T : INumber<T> where TOp : IComparisonOp
    {
        var r = new bool[x.Length];
        for (int i = 0; i < r.Length; i++) r[i] = TOp.Apply(x[i], y[i]);
        return r;
    }

    // An integer op on the promoted dtype of both sides (bools as 0 and 1, and back); floats are an error.
    private static Tensor Bitwise(Tensor a, Tensor b, string kernel, Func<long, long, long> f)
    {
        var shape = Errors.Check(ShapeRules.Broadcast(a.Sizes, b.Sizes));
        var dtype = ResultType(a, b);
        if (dtype.IsFloatingPoint()) throw Errors.Argument($"\"{kernel}\" not implemented for '{Errors.KernelTypeName(dtype)}'");
        return OutputLayout.Zip(a, b, shape, dtype, (f, dtype), static (p, q, s, op) =>
        {
            var x = p.Read<long>(s);
            var y = q.Read<long>(s);
            for (int i = 0; i < x.Length; i++) x[i] = op.dtype == DType.Bool ? op.f(x[i], y[i]) & 1 : op.f(x[i], y[i]);
            return new Tensor(x, s).Cast(op.dtype);
        });
    }

    internal interface IComparisonOp
    {
        static abstract bool Apply<T>(T a, T b) where T : INumber<T>;
    }

    private readonly struct EqOp : IComparisonOp { public static bool Apply<T>(T a, T b) where T : INumber<T> => a == b; }
    private readonly struct NeOp : IComparisonOp { public static bool Apply<T>(T a, T b) where T : INumber<T> => a != b; }
    private readonly struct LtOp : IComparisonOp { public static bool Apply<T>(T a, T b) where T : INumber<T> => a < b; }
    private readonly struct LeOp : IComparisonOp { public static bool Apply<T>(T a, T b) where T : INumber<T> => a <= b; }
    private readonly struct GtOp : IComparisonOp { public static bool Apply<T>(T a, T b) where T : INumber<T> => a > b; }
    private readonly struct GeOp : IComparisonOp { public static bool Apply<T>(T a, T b) where T : INumber<T> => a >= b; }

    // ---- choosing values ---------------------------------------------------------------------

    /// <summary>
    /// This tensor with <paramref name="value"/> where <paramref name="mask"/> (a bool tensor) is true,
    /// both broadcast together, as <c>t.masked_fill(mask, value)</c>.
    /// </summary>
    public Tensor MaskedFill(Tensor mask, double value)
    {
        if (mask.DType != DType.Bool)
            throw Errors.Argument($"masked_fill_ only supports boolean masks, but got mask with dtype {CppTypeName(mask.DType)}");
        var shape = Errors.Check(ShapeRules.Broadcast(mask.Sizes, Sizes));
        var m = mask.ReadBool(shape);
        var fill = Torch.Full(shape, value, DType);
        var values = new Tensor(Select(m, fill.ContiguousData(), DType switch
        {
            DType.Float32 => Read<float>(shape),
            DType.Float64 => Read<double>(shape),
            DType.Int64 => Read<long>(shape),
            DType.Int32 => Read<int>(shape),
            _ => ReadBool(shape),
        }), shape);
        return Record(values, NodeName(OpKind.MaskedFill), [this], g => [SumTo(g.MaskedFill(mask, 0), Sizes)], savesTensors: false);
    }

    /// <summary><c>t</c> where <paramref name="condition"/>, else <paramref name="other"/>, as <c>t.where(condition, other)</c>.</summary>
    public Tensor Where(Tensor condition, Tensor other) => Torch.Where(condition, this, other);

    // Chooses a[i] where mask[i], else b[i], for arrays of one element type.
    private static Array Select(bool[] mask, Array a, Array b) => a switch
    {
        float[] x => Choose(mask, x, (float[])b),
        double[] x => Choose(mask, x, (double[])b),
        long[] x => Choose(mask, x, (long[])b),
        int[] x => Choose(mask, x, (int[])b),
        bool[] x => Choose(mask, x, (bool[])b),
        _ => throw new InvalidOperationException(),
    };

    private static T[] Choose<T>(bool[] mask, T[] a, T[] b)
    {
        var r = new T[mask.Length];
        for (int i = 0; i < r.Length; i++) r[i] = mask[i] ? a[i] : b[i];
        return r;
    }

    internal static Tensor WhereOp(Tensor condition, Tensor a, Tensor b)
    {
        if (condition.DType != DType.Bool)
            throw Errors.Argument($"where expected condition to be a boolean tensor, but got a tensor with dtype {Errors.KernelTypeName(condition.DType)}");
        var shape = Errors.Check(ShapeRules.Broadcast(Errors.Check(ShapeRules.Broadcast(condition.Sizes, a.Sizes)), b.Sizes));
        var dtype = ResultType(a, b);
        var layout = OutputLayout.Elementwise(shape, dtype, a, b, mask: condition);
        var (c, x, y, s) = layout is null ? (condition, a, b, shape) : (layout.Arrange(condition), layout.Arrange(a), layout.Arrange(b), layout.ArrangedShape);
        var values = new Tensor(Select(c.ReadBool(s), x.ReadAs(dtype, s), y.ReadAs(dtype, s)), s);
        if (layout is not null) values = layout.Restore(values);
        return Record(values, NodeName(OpKind.Where), [condition, a, b], g =>
        {
            var zero = Torch.ZerosLike(g);
            return [null, SumTo(WhereOp(condition, g, zero), a.Sizes), SumTo(WhereOp(condition, zero, g), b.Sizes)];
        }, savesTensors: false);
    }

    // ---- clamp -------------------------------------------------------------------------------

    /// <summary>
    /// Each element limited to [<paramref name="min"/>, <paramref name="max"/>] (either may be
    /// null), as <c>t.clamp(min, max)</c>. NaN stays NaN; with <c>min &gt; max</c> every element is
    /// <paramref name="max"/>. The bounds are Python floats: an integer tensor gives float32.
    /// </summary>
    public Tensor Clamp(double? min = null, double? max = null)
    {
        if (min is null && max is null) throw Errors.Argument("torch.clamp: At least one of 'min' or 'max' must not be None");
        // The bounds are Python floats: integer and bool tensors give the default float dtype.
        // The bounds are Python floats: integer and bool tensors give the default float dtype.
        var r = OutputLayout.Map(this, DType.IsFloatingPoint() ? DType : DType.Float32, (min, max), static (x, bounds) => new Tensor(x.DType == DType.Float64
            ? ClampAs(x.Read<double>(), bounds.min, bounds.max)
            : ClampAs(x.Read<float>(), bounds.min, bounds.max), (int[])x.Sizes.Clone()));
        return Record(r, NodeName(OpKind.Clamp), [this], g =>
        {
            // The gradient passes where the input lies within the bounds (ties included).
            var inside = Torch.OnesLike(this, DType.Bool);
            if (min is { } lo) inside &= Ge(lo);
            if (max is { } hi) inside &= Le(hi);
            return [WhereOp(inside, g, Torch.ZerosLike(g))];
        });
    }

    private static T[] ClampAs<T>(T[] x, double? min, double? max) where T : struct, INumber<T>
    {
        T lo = min is { } a ? T.CreateTruncating(a) : default;
        T hi = max is { } b ? T.CreateTruncating(b) : default;
        for (int i = 0; i < x.Length; i++)
        {
            var v = x[i];
            if (T.IsNaN(v)) continue;
            if (min is not null && v < lo) v = lo;
            if (max is not null && v > hi) v = hi;
            x[i] = v;
        }
        return x;
    }
}
