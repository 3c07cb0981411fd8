// The rules of joins, products and factories: cat, stack, matmul, arange. Part of ShapeRules.cs.
using System.Collections.Generic;

namespace TensorDsl.Shapes;

internal static partial class ShapeRules
{
    // ---- cat / stack -----------------------------------------------------------------------

    /// <summary>
    /// <c>torch.cat</c>. Rank-1 tensors of size 0 are skipped, as PyTorch's legacy rule does; the
    /// dim is wrapped against the first tensor that is not skipped.
    /// </summary>
    public static ShapeResult Cat(IReadOnlyList<IReadOnlyList<int>> shapes, int dim)
    {
        if (shapes.Count == 0)
            return ShapeResult.Error(ShapeErrorKind.Argument, "torch.cat(): expected a non-empty list of Tensors");
        for (int i = 0; i < shapes.Count; i++)
        {
            if (shapes[i].Count == 0)
                return ShapeResult.Error(ShapeErrorKind.Cat, $"zero-dimensional tensor (at position {i}) cannot be concatenated", i);
        }

        int reference = -1;
        for (int i = 0; i < shapes.Count; i++)
        {
            if (!IsSkippedInCat(shapes[i])) { reference = i; break; }
        }
        if (reference < 0) return ShapeResult.Ok(new[] { 0 });

        var refShape = shapes[reference];
        var dimCheck = WrapDim(dim, refShape.Count, out int d);
        if (!dimCheck.IsOk) return dimCheck;

        var result = ToArray(refShape);
        result[d] = 0;
        for (int i = 0; i < shapes.Count; i++)
        {
            var s = shapes[i];
            if (IsSkippedInCat(s)) continue;
            if (s.Count != refShape.Count)
            {
                return ShapeResult.Error(ShapeErrorKind.Cat,
                    $"Tensors must have same number of dimensions: got {refShape.Count} and {s.Count}", i);
            }
            for (int k = 0; k < s.Count; k++)
            {
                if (k != d && s[k] != refShape[k])
                {
                    return ShapeResult.Error(ShapeErrorKind.Cat,
                        $"Sizes of tensors must match except in dimension {d}. Expected size {refShape[k]} but got size {s[k]} for tensor number {i} in the list.", i);
                }
            }
            result[d] += s[d];
        }
        return ShapeResult.Ok(result);
    }

    /// <summary>
    /// The dim along which <c>torch.cat</c> of <paramref name="shapes"/> is valid, when the call
    /// with <paramref name="dim"/> is not and exactly one other dim works (the shapes then differ
    /// in that dim only); null otherwise.
    /// </summary>
    public static int? CatRepairDim(IReadOnlyList<IReadOnlyList<int>> shapes, int dim)
    {
        if (Cat(shapes, dim).IsOk) return null;
        int rank = -1;
        foreach (var s in shapes)
        {
            if (IsSkippedInCat(s)) continue;
            if (rank >= 0 && s.Count != rank) return null;
            rank = s.Count;
        }
        int? found = null;
        for (int d = 0; d < rank; d++)
        {
            if (!Cat(shapes, d).IsOk) continue;
            if (found is not null) return null;
            found = d;
        }
        return found;
    }

    /// <summary>PyTorch's legacy cat rule: a 1-D tensor with no elements takes no part.</summary>
    public static bool IsSkippedInCat(IReadOnlyList<int> shape) => shape.Count == 1 && shape[0] == 0;

    /// <summary><c>torch.stack</c>: equal shapes, a new dim in [-(rank+1), rank].</summary>
    public static ShapeResult Stack(IReadOnlyList<IReadOnlyList<int>> shapes, int dim)
    {
        if (shapes.Count == 0)
            return ShapeResult.Error(ShapeErrorKind.Argument, "stack expects a non-empty TensorList");
        var first = shapes[0];
        for (int i = 1; i < shapes.Count; i++)
        {
            if (!SameShape(first, shapes[i]))
            {
                return ShapeResult.Error(ShapeErrorKind.Cat,
                    $"stack expects each tensor to be equal size, but got {Format(first)} at entry 0 and {Format(shapes[i])} at entry {i}", i);
            }
        }
        var dimCheck = WrapDim(dim, first.Count + 1, out int d);
        if (!dimCheck.IsOk) return dimCheck;
        return ShapeResult.Ok(Insert(first, d, shapes.Count));
    }

    // ---- matmul ----------------------------------------------------------------------------

    // ---- factories -------------------------------------------------------------------------

    /// <summary><c>torch.arange(start, end, step)</c>: <c>[ceil((end - start) / step)]</c>, computed in double as PyTorch does.</summary>
    public static ShapeResult Arange(double start, double end, double step)
    {
        if (step == 0) return ShapeResult.Error(ShapeErrorKind.Argument, "step must be nonzero");
        if ((step > 0 && end < start) || (step < 0 && end > start))
            return ShapeResult.Error(ShapeErrorKind.Argument, "upper bound and lower bound inconsistent with step sign");
        double n = System.Math.Ceiling((end - start) / step);
        if (n > int.MaxValue) return ShapeResult.Error(ShapeErrorKind.Argument, "invalid size, possible overflow?");
        return ShapeResult.Ok(new[] { (int)n });
    }
}
