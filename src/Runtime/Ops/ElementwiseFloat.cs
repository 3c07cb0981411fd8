using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TensorDsl.Kernels;

namespace TensorDsl;

// Float32 fast paths of the element-wise ops: read straight from the operands' storage (no copies,
// no per-element offsets) and computed a vector at a time, into an array not zeroed first. They take
// contiguous operands that are the same shape, a single number, or a row repeated along the leading
// dims (a bias); anything else goes through the general path.
public sealed partial class Tensor
{
    // a op b as float32, or null when the operands' layout is not one of the fast ones.
    private static float[]? BinaryFloat<TOp>(Tensor a, Tensor b, int[] shape) where TOp : IBinaryOp
    {
        int n = (int)Shapes.ShapeRules.Numel(shape);
        bool aFull = a.Numel == n && a.Storage is float[] && a.IsContiguous();
        bool bFull = b.Numel == n && b.Storage is float[] && b.IsContiguous();
        if (aFull && bFull)
        {
            var r = GC.AllocateUninitializedArray<float>(n);
            Map<TOp>(a.FloatSpan(), b.FloatSpan(), r);
            return r;
        }
        // A number held as float or double converts to float as the general path reads it; an
        // integer one (above 2^24 it would round twice through double) takes the general path.
        if ((aFull && b.Numel == 1 && b.Storage is float[] or double[]) || (bFull && a.Numel == 1 && a.Storage is float[] or double[]))
        {
            var r = GC.AllocateUninitializedArray<float>(n);
            if (aFull) Map<TOp>(a.FloatSpan(), (float)b.ScalarAsDouble(), r, scalarLeft: false);
            else Map<TOp>(b.FloatSpan(), (float)a.ScalarAsDouble(), r, scalarLeft: true);
            return r;
        }
        if (aFull && IsRow(b, shape) || bFull && IsRow(a, shape))
        {
            var r = GC.AllocateUninitializedArray<float>(n);
            var full = aFull ? a.FloatSpan() : b.FloatSpan();
            var row = aFull ? b.FloatSpan() : a.FloatSpan();
            for (int start = 0; start < n; start += row.Length)
            {
                var part = r.AsSpan(start, row.Length);
                if (aFull) Map<TOp>(full.Slice(start, row.Length), row, part);
                else Map<TOp>(row, full.Slice(start, row.Length), part);
            }
            return r;
        }
        return null;
    }

    /// <summary>
    /// <c>target += g</c> in target's own storage, for a dense float32 target and a contiguous float32 g
    /// of its shape (gradient accumulation); false, untouched, for anything else.
    /// </summary>
    internal static bool TryAddInPlace(Tensor target, Tensor g)
    {
        if (target.Storage is not float[] storage || g.Storage is not float[] || !target.IsDense || !g.IsContiguous()
            || !Shapes.ShapeRules.SameShape(target.Sizes, g.Sizes))
            return false;
        Map<AddOp>(storage, g.FloatSpan(), storage);
        return true;
    }

    // A contiguous float32 tensor whose shape, leading 1s dropped, is the trailing dims of `shape`.
    private static bool IsRow(Tensor t, int[] shape)
    {
        if (t.Storage is not float[] || !t.IsContiguous() || t.Numel == 0) return false;
        int lead = 0;
        while (lead < t.Sizes.Length && t.Sizes[lead] == 1) lead++;
        int dims = t.Sizes.Length - lead;
        if (dims > shape.Length) return false;
        for (int d = 0; d < dims; d++)
            if (t.Sizes[lead + d] != shape[shape.Length - dims + d]) return false;
        return true;
    }

    // An empty view's offset may lie past its storage's end (a select of a size-0 tensor).
    private ReadOnlySpan<float> FloatSpan() => Numel == 0 ? default : ((float[])Storage).AsSpan(Offset, Numel);

    private static void Map<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> r) where TOp : IBinaryOp
    {
        ref float rx = ref MemoryMarshal.GetReference(x), ry = ref MemoryMarshal.GetReference(y), rr = ref MemoryMarshal.GetReference(r);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= r.Length; i += 8)
                TOp.Apply(Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref rr, (nuint)i);
        for (; i < r.Length; i++) r[i] = TOp.Apply(x[i], y[i]);
    }

    private static void Map<TOp>(ReadOnlySpan<float> x, float s, Span<float> r, bool scalarLeft) where TOp : IBinaryOp
    {
        ref float rx = ref MemoryMarshal.GetReference(x), rr = ref MemoryMarshal.GetReference(r);
        var vs = Vector256.Create(s);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= r.Length; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref rx, (nuint)i);
                (scalarLeft ? TOp.Apply(vs, v) : TOp.Apply(v, vs)).StoreUnsafe(ref rr, (nuint)i);
            }
        for (; i < r.Length; i++) r[i] = scalarLeft ? TOp.Apply(s, x[i]) : TOp.Apply(x[i], s);
    }

    // f(t) for a contiguous float32 tensor, a vector at a time; null for other tensors.
    private static float[]? UnaryFloat<TOp>(Tensor t) where TOp : IVectorUnaryOp
    {
        if (!Vector256.IsHardwareAccelerated || t.Storage is not float[] || !t.IsContiguous()) return null;
        var x = t.FloatSpan();
        var r = GC.AllocateUninitializedArray<float>(x.Length);
        ref float rx = ref MemoryMarshal.GetReference(x), rr = ref MemoryMarshal.GetReference(r.AsSpan());
        int i = 0;
        for (; i + 8 <= r.Length; i += 8) TOp.Apply(Vector256.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref rr, (nuint)i);
        // The tail through the same vector form, so that every element is computed alike.
        if (i < r.Length)
        {
            Span<float> tail = stackalloc float[8];
            x.Slice(i).CopyTo(tail);
            var v = TOp.Apply(Vector256.Create<float>(tail));
            for (int j = 0; i < r.Length; i++, j++) r[i] = v[j];
        }
        return r;
    }

    /// <summary>An element-wise op's lane-wise float form, for the float32 fast path.</summary>
    internal interface IVectorUnaryOp
    {
        static abstract Vector256<float> Apply(Vector256<float> x);
    }
}
