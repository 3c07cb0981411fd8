using System;
using System.Numerics;
using TensorType = TensorDsl.Tensor;

namespace TensorDsl;

// The factories PyTorch users reach for besides zeros/ones/full: empty, full_like, eye, linspace,
// randperm; and torch.where.
public static partial class Torch
{
    /// <summary>A float32 tensor whose values are unspecified, as <c>torch.empty</c> (here: zeros).</summary>
    public static Tensor Empty(params int[] size) => Empty(size, null);

    /// <summary>A tensor of <paramref name="dtype"/> whose values are unspecified (here: zeros).</summary>
    public static Tensor Empty(int[] size, DType? dtype = null, bool requiresGrad = false) =>
        Create(TensorType.Allocate(dtype ?? DType.Float32, CheckedNumel(size)), (int[])size.Clone(), null, requiresGrad);

    /// <summary>A tensor shaped like <paramref name="t"/>, of its dtype unless given, filled with <paramref name="value"/> (cast).</summary>
    public static Tensor FullLike(Tensor t, double value, DType? dtype = null, bool requiresGrad = false) =>
        Like(t, Full(t.Sizes, value, dtype ?? t.DType, requiresGrad));

    /// <summary>The <paramref name="n"/>×<paramref name="n"/> identity matrix, float32.</summary>
    public static Tensor Eye(int n) => Eye(n, n);

    /// <summary>An <paramref name="n"/>×<paramref name="m"/> matrix with ones on the diagonal.</summary>
    public static Tensor Eye(int n, int m, DType? dtype = null, bool requiresGrad = false)
    {
        if (n < 0) throw Errors.Argument($"n must be greater or equal to 0, got {n}");
        if (m < 0) throw Errors.Argument($"m must be greater or equal to 0, got {m}");
        var t = Zeros([n, m], dtype);
        var storage = t.Storage;
        var one = TensorType.Wrap(1L).ReadAs(t.DType);
        for (int i = 0; i < Math.Min(n, m); i++) Array.Copy(one, 0, storage, i * m + i, 1);
        if (requiresGrad) t.RequiresGrad_();
        return t;
    }

    /// <summary>
    /// <paramref name="steps"/> evenly spaced values from <paramref name="start"/> to <paramref name="end"/>,
    /// float32, as <c>torch.linspace</c>: the first half counted from the start, the second from the end.
    /// </summary>
    public static Tensor Linspace(double start, double end, int steps, DType? dtype = null, bool requiresGrad = false)
    {
        if (steps < 0) throw Errors.Argument("number of steps must be non-negative");
        var d = dtype ?? DType.Float32;
        Array values = d switch
        {
            DType.Float32 => LinspaceValues((float)start, (float)end, steps),
            _ => LinspaceValues(start, end, steps),
        };
        return Create(values, [steps], d, requiresGrad);
    }

    // As PyTorch's CPU kernel, in the tensor's type: step = (end - start) / (steps - 1), and each value
    // one fused multiply-add from the start for the first half, from the end for the rest (its vector
    // and scalar loops both come out this way; checked bit for bit against libtorch).
    private static T[] LinspaceValues<T>(T start, T end, int steps) where T : IFloatingPointIeee754<T>
    {
        var r = new T[steps];
        if (steps == 1) r[0] = start;
        if (steps <= 1) return r;
        T step = (end - start) / T.CreateTruncating(steps - 1);
        int halfway = steps / 2;
        for (int i = 0; i < steps; i++)
        {
            r[i] = i < halfway
                ? T.FusedMultiplyAdd(step, T.CreateTruncating(i), start)
                : T.FusedMultiplyAdd(-step, T.CreateTruncating(steps - i - 1), end);
        }
        return r;
    }

    /// <summary>A random permutation of <c>0 … n-1</c>, int64: PyTorch's shuffle, draw for draw.</summary>
    public static Tensor Randperm(int n, Generator? generator = null)
    {
        // PyTorch makes the result first, so a negative n fails as a negative size does.
        if (n < 0) throw Errors.Argument($"Trying to create tensor with negative dimension {n}: [{n}]");
        var r = new long[n];
        for (int i = 0; i < n; i++) r[i] = i;
        var g = generator ?? Generator.Default;
        for (int i = 0; i < n - 1; i++)
        {
            long z = g.NextUInt32() % (n - i);
            (r[i], r[z + i]) = (r[z + i], r[i]);
        }
        return Create(r, [n], null, false);
    }

    /// <summary><paramref name="a"/> where <paramref name="condition"/> is true, else <paramref name="b"/>, broadcast together, as <c>torch.where</c>.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => TensorType.WhereOp(condition, a, b);

    /// <summary><c>torch.where(condition, a, value)</c>.</summary>
    public static Tensor Where(Tensor condition, Tensor a, double b) => TensorType.WhereOp(condition, a, TensorType.Wrap(b));

    /// <summary><c>torch.where(condition, value, b)</c>.</summary>
    public static Tensor Where(Tensor condition, double a, Tensor b) => TensorType.WhereOp(condition, TensorType.Wrap(a), b);
}
