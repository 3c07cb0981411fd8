using System.Collections.Generic;

namespace TensorDsl.Shapes;

/// <summary>The kernel libtorch's <c>matmul</c> reaches for a pair of operands.</summary>
internal enum MatMulPath
{
    /// <summary>1-D·1-D: <c>dot</c>.</summary>
    Dot,
    /// <summary>2-D·1-D: <c>mv</c>.</summary>
    Mv,
    /// <summary>1-D·2-D: <c>a.unsqueeze(0).mm(b).squeeze_(0)</c>.</summary>
    RowMm,
    /// <summary>2-D·2-D: <c>mm</c>.</summary>
    Mm,
    /// <summary>n-D·2-D folded into one <c>mm</c>, then viewed.</summary>
    FoldedMm,
    /// <summary>n-D·1-D folded into one <c>mv</c>, then viewed.</summary>
    FoldedMv,
    /// <summary>2-D·n-D folded through <c>b.mT()</c>: <c>mm</c>, then <c>.mT().contiguous()</c>.</summary>
    TransposedMm,
    /// <summary>1-D·n-D folded through <c>b.mT()</c> into one <c>mv</c>.</summary>
    TransposedMv,
    /// <summary>Everything else: broadcast batches through <c>bmm</c>.</summary>
    Batched,
}

// torch.matmul: which kernel _matmul_impl reaches depends on the ranks, on whether the larger
// operand folds into rows without a copy (its strides), and on which operand requires grad. The
// result's shape does not, but the words of a size error do.
internal static partial class ShapeRules
{
    /// <summary>
    /// <c>torch.matmul</c> of row-major operands that do not require grad: dot, mv, mm, the folded
    /// products and batched products with broadcast batch dims, each with the message of the kernel
    /// PyTorch dispatches to.
    /// </summary>
    public static ShapeResult MatMul(IReadOnlyList<int> a, IReadOnlyList<int> b) =>
        a.Count == 0 || b.Count == 0 ? MatMul(a, b, MatMulPath.Batched) : MatMul(a, b, ChooseMatMul(a, null, false, b, null, false));

    /// <summary>
    /// The kernel <c>matmul</c> reaches (both operands at least 1-D); null strides are row-major.
    /// This follows <c>_matmul_impl</c> and <c>should_fold</c>.
    /// </summary>
    public static MatMulPath ChooseMatMul(IReadOnlyList<int> a, IReadOnlyList<int>? aStrides, bool aGrad,
        IReadOnlyList<int> b, IReadOnlyList<int>? bStrides, bool bGrad)
    {
        int ra = a.Count, rb = b.Count;
        if (ra <= 2 && rb <= 2)
            return ra == 1 ? (rb == 1 ? MatMulPath.Dot : MatMulPath.RowMm) : (rb == 1 ? MatMulPath.Mv : MatMulPath.Mm);
        if (ShouldFold(a, aStrides ?? ContiguousStrides(a), aGrad, b, bStrides ?? ContiguousStrides(b), bGrad))
        {
            bool transpose = rb > ra;
            bool matrix = (transpose ? ra : rb) == 2;
            return transpose
                ? (matrix ? MatMulPath.TransposedMm : MatMulPath.TransposedMv)
                : (matrix ? MatMulPath.FoldedMm : MatMulPath.FoldedMv);
        }
        // A batch of one against another batch size squeezes the operand that requires grad, so
        // that its gradient is not expanded.
        if (ra == 3 && rb == 3 && a[0] != b[0])
        {
            if (a[0] == 1 && aGrad) return ChooseMatMul(Slice(a, 1, 3), aStrides is null ? null : Slice(aStrides, 1, 3), true, b, bStrides, bGrad);
            if (b[0] == 1 && bGrad) return ChooseMatMul(a, aStrides, aGrad, Slice(b, 1, 3), bStrides is null ? null : Slice(bStrides, 1, 3), true);
        }
        return MatMulPath.Batched;
    }

    // Fold the larger operand into a matrix when that needs no copy, or when the other operand
    // requires grad (its gradient would otherwise be a large expanded tensor summed back).
    private static bool ShouldFold(IReadOnlyList<int> a, IReadOnlyList<int> aStrides, bool aGrad,
        IReadOnlyList<int> b, IReadOnlyList<int> bStrides, bool bGrad)
    {
        bool aLarger = a.Count >= b.Count;
        int[] sizes, strides;
        if (aLarger)
        {
            (sizes, strides) = (ToArray(a), ToArray(aStrides));
        }
        else
        {
            // b.mT()
            (sizes, strides) = (ToArray(b), ToArray(bStrides));
            int n = sizes.Length;
            (sizes[n - 1], sizes[n - 2]) = (sizes[n - 2], sizes[n - 1]);
            (strides[n - 1], strides[n - 2]) = (strides[n - 2], strides[n - 1]);
        }
        int otherRank = aLarger ? b.Count : a.Count;
        if (!(sizes.Length >= 3 && otherRank <= 2)) return false;
        if (aLarger ? bGrad : aGrad) return true;
        if (a.Count == 2) return false;
        if (Numel(sizes) == 0) return true;
        for (int i = 0; i < sizes.Length - 2; i++)
        {
            if (strides[i] != strides[i + 1] * sizes[i + 1]) return false;
        }
        return true;
    }

    /// <summary>The result's shape, or the size error of the kernel on <paramref name="path"/>.</summary>
    public static ShapeResult MatMul(IReadOnlyList<int> a, IReadOnlyList<int> b, MatMulPath path)
    {
        int ra = a.Count, rb = b.Count;
        if (ra == 0 || rb == 0)
        {
            return ShapeResult.Error(ShapeErrorKind.MatMul,
                $"both arguments to matmul need to be at least 1D, but they are {ra}D and {rb}D", ra == 0 ? 0 : 1);
        }
        if (ra == 3 && rb == 3 && path != MatMulPath.Batched)
        {
            // A 3-D·3-D product that folds had its batch-of-one operand squeezed first.
            if (path is MatMulPath.TransposedMm or MatMulPath.TransposedMv) a = Slice(a, 1, 3);
            else b = Slice(b, 1, 3);
            (ra, rb) = (a.Count, b.Count);
        }
        switch (path)
        {
            case MatMulPath.Dot:
                if (a[0] != b[0])
                {
                    return ShapeResult.Error(ShapeErrorKind.MatMul,
                        $"inconsistent tensor size, expected tensor [{a[0]}] and src [{b[0]}] to have the same number of elements, but got {a[0]} and {b[0]} elements respectively", 1);
                }
                return ShapeResult.Ok(new int[0]);
            case MatMulPath.Mv:
                return a[1] != b[0] ? MvError(a[0], a[1], b[0]) : ShapeResult.Ok(new[] { a[0] });
            case MatMulPath.RowMm:
                return a[0] != b[0] ? MmError(1, a[0], b[0], b[1]) : ShapeResult.Ok(new[] { b[1] });
            case MatMulPath.Mm:
                return a[1] != b[0] ? MmError(a[0], a[1], b[0], b[1]) : ShapeResult.Ok(new[] { a[0], b[1] });
            case MatMulPath.FoldedMm:
            case MatMulPath.FoldedMv:
            {
                // a's leading dims fold into the rows of one mm (or mv).
                var batch = Slice(a, 0, ra - 1);
                int rows = (int)Numel(batch), k = a[ra - 1];
                if (rb == 1) return k != b[0] ? MvError(rows, k, b[0]) : ShapeResult.Ok(batch);
                return k != b[0] ? MmError(rows, k, b[0], b[1]) : ShapeResult.Ok(Append(batch, b[1]));
            }
            case MatMulPath.TransposedMm:
            case MatMulPath.TransposedMv:
            {
                // b.mT() folds into rows, against aᵀ (or a); the result is transposed back.
                var batch = Slice(b, 0, rb - 2);
                int m = b[rb - 1], k = b[rb - 2];
                int rows = (int)Numel(batch) * m;
                if (ra == 1) return a[0] != k ? MvError(rows, k, a[0]) : ShapeResult.Ok(Append(batch, m));
                if (a[1] != k) return MmError(rows, k, a[1], a[0]);
                var result = new List<int>(batch) { a[0], m };
                return ShapeResult.Ok(result.ToArray());
            }
            default:
                return Batched(a, b);
        }
    }

    // Broadcast the batch dims, then bmm.
    private static ShapeResult Batched(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        int ra = a.Count, rb = b.Count;
        int n = ra == 1 ? 1 : a[ra - 2];
        int ka = a[ra - 1];
        int kb = rb == 1 ? b[0] : b[rb - 2];
        int m = b[rb - 1];
        var batchA = ra > 2 ? Slice(a, 0, ra - 2) : new int[0];
        var batchB = rb > 2 ? Slice(b, 0, rb - 2) : new int[0];
        var batchShape = Broadcast(batchA, batchB);
        if (!batchShape.IsOk) return ShapeResult.Error(ShapeErrorKind.MatMul, batchShape.Message!, 1);
        if (ka != kb)
        {
            long bs = Numel(batchShape.Shape!);
            return ShapeResult.Error(ShapeErrorKind.MatMul,
                $"Expected size for first two dimensions of batch2 tensor to be: [{bs}, {ka}] but got: [{bs}, {kb}].", 1);
        }
        var result = new List<int>(batchShape.Shape!);
        if (ra > 1) result.Add(n);
        if (rb > 1) result.Add(m);
        return ShapeResult.Ok(result.ToArray());
    }

    private static ShapeResult MvError(int rows, int k, int vec) =>
        ShapeResult.Error(ShapeErrorKind.MatMul, $"size mismatch, got input ({rows}), mat ({rows}x{k}), vec ({vec})", 1);

    private static ShapeResult MmError(int n, int k1, int k2, int m) =>
        ShapeResult.Error(ShapeErrorKind.MatMul, $"mat1 and mat2 shapes cannot be multiplied ({n}x{k1} and {k2}x{m})", 1);
}
