using System.Collections.Generic;

namespace TensorDsl.Shapes;

// Shapes of re-indexing ops: expand, repeat, narrow, split, gather, and reductions over several dims.
internal static partial class ShapeRules
{
    /// <summary><c>t.expand(sizes)</c>: size-1 dims grow, new dims lead, <c>-1</c> keeps a size.</summary>
    public static ShapeResult Expand(IReadOnlyList<int> shape, IReadOnlyList<int> sizes, string typeName = "torch.FloatTensor")
    {
        if (sizes.Count < shape.Count)
        {
            return ShapeResult.Error(ShapeErrorKind.Argument,
                $"expand({typeName}{{{Format(shape)}}}, size={Format(sizes)}): the number of sizes provided ({sizes.Count}) " +
                $"must be greater or equal to the number of dimensions in the tensor ({shape.Count})");
        }
        int lead = sizes.Count - shape.Count;
        var result = new int[sizes.Count];
        for (int i = 0; i < sizes.Count; i++)
        {
            int target = sizes[i];
            if (i < lead)
            {
                if (target < 0)
                    return ShapeResult.Error(ShapeErrorKind.Argument, $"The expanded size of the tensor ({target}) isn't allowed in a leading, non-existing dimension {i}", i);
                result[i] = target;
                continue;
            }
            int size = shape[i - lead];
            if (target == -1) target = size;
            if (size != target && size != 1)
            {
                return ShapeResult.Error(ShapeErrorKind.Broadcast,
                    $"The expanded size of the tensor ({target}) must match the existing size ({size}) at non-singleton dimension {i}.  " +
                    $"Target sizes: {Format(sizes)}.  Tensor sizes: {Format(shape)}", i);
            }
            result[i] = target;
        }
        return ShapeResult.Ok(result);
    }

    /// <summary><c>t.repeat(repeats)</c>: each dim (after padding the shape with leading 1s) times its count.</summary>
    public static ShapeResult Repeat(IReadOnlyList<int> shape, IReadOnlyList<int> repeats)
    {
        if (repeats.Count < shape.Count)
            return ShapeResult.Error(ShapeErrorKind.Argument, "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
        int lead = repeats.Count - shape.Count;
        var result = new int[repeats.Count];
        for (int i = 0; i < repeats.Count; i++)
        {
            if (repeats[i] < 0)
                return ShapeResult.Error(ShapeErrorKind.Argument, $"Trying to create tensor with negative dimension {repeats[i]}: {Format(repeats)}", i);
            result[i] = (i < lead ? 1 : shape[i - lead]) * repeats[i];
        }
        return ShapeResult.Ok(result);
    }

    /// <summary><c>t.narrow(dim, start, length)</c>.</summary>
    public static ShapeResult Narrow(IReadOnlyList<int> shape, int dim, int start, int length)
    {
        if (shape.Count == 0) return ShapeResult.Error(ShapeErrorKind.Argument, "narrow() cannot be applied to a 0-dim tensor.");
        var c = WrapDim(dim, shape.Count, out int d, 0);
        if (!c.IsOk) return c;
        int size = shape[d];
        if (start < -size || start > size)
        {
            return ShapeResult.Error(ShapeErrorKind.Dim,
                $"start out of range (expected to be in range of [{-size}, {size}], but got {start})", 1);
        }
        if (start < 0) start += size;
        if (length < 0) return ShapeResult.Error(ShapeErrorKind.Argument, "narrow(): length must be non-negative.", 2);
        if (start + length > size)
            return ShapeResult.Error(ShapeErrorKind.Argument, $"start ({start}) + length ({length}) exceeds dimension size ({size}).", 2);
        var result = ToArray(shape);
        result[d] = length;
        return ShapeResult.Ok(result);
    }

    /// <summary><c>t.split(size, dim)</c>: the sizes of the pieces (the shape rule's "shape" is that list).</summary>
    public static ShapeResult SplitSizes(IReadOnlyList<int> shape, int size, int dim)
    {
        if (shape.Count == 0) return ShapeResult.Error(ShapeErrorKind.Argument, "split expects at least a 1-dimensional tensor");
        var c = WrapDim(dim, shape.Count, out int d, 1);
        if (!c.IsOk) return c;
        if (size < 0) return ShapeResult.Error(ShapeErrorKind.Argument, $"split expects split_size be non-negative, but got split_size={size}", 0);
        int n = shape[d];
        if (size == 0 && n != 0)
            return ShapeResult.Error(ShapeErrorKind.Argument, $"split_size can only be 0 if dimension size is 0, but got dimension size of {n}", 0);
        int count = size == 0 ? 1 : System.Math.Max((n + size - 1) / size, 1);
        var pieces = new int[count];
        for (int i = 0; i < count; i++) pieces[i] = System.Math.Min(size, n - i * size);
        return ShapeResult.Ok(pieces);
    }

    /// <summary><c>t.chunk(chunks, dim)</c>: the sizes of the pieces, <c>ceil(n / chunks)</c> each (fewer may come).</summary>
    public static ShapeResult ChunkSizes(IReadOnlyList<int> shape, int chunks, int dim)
    {
        if (chunks <= 0) return ShapeResult.Error(ShapeErrorKind.Argument, $"chunk expects `chunks` to be greater than 0, got: {chunks}", 0);
        if (shape.Count == 0) return ShapeResult.Error(ShapeErrorKind.Argument, "chunk expects at least a 1-dimensional tensor");
        var c = WrapDim(dim, shape.Count, out int d, 1);
        if (!c.IsOk) return c;
        int size = (shape[d] + chunks - 1) / chunks;
        // An empty dim gives `chunks` empty pieces (PyTorch splits it with sizes then).
        if (shape[d] == 0) return ShapeResult.Ok(new int[chunks]);
        return SplitSizes(shape, size, d);
    }

    /// <summary>The shape of piece <paramref name="index"/> of a split along <paramref name="dim"/> into <paramref name="pieces"/>.</summary>
    public static int[] Piece(IReadOnlyList<int> shape, int dim, IReadOnlyList<int> pieces, int index)
    {
        WrapDim(dim, shape.Count, out int d);
        var result = ToArray(shape);
        result[d] = pieces[index];
        return result;
    }

    /// <summary><c>t.split([s0, s1, …], dim)</c>: the sizes must add up to the dim's size.</summary>
    public static ShapeResult SplitWithSizes(IReadOnlyList<int> shape, IReadOnlyList<int> sections, int dim)
    {
        if (shape.Count == 0) return ShapeResult.Error(ShapeErrorKind.Argument, "split expects at least a 1-dimensional tensor");
        var c = WrapDim(dim, shape.Count, out int d, 1);
        if (!c.IsOk) return c;
        int sum = 0;
        foreach (var s in sections)
        {
            if (s < 0)
                return ShapeResult.Error(ShapeErrorKind.Argument, $"split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes={Format(sections)}", 0);
            sum += s;
        }
        if (sum != shape[d])
        {
            return ShapeResult.Error(ShapeErrorKind.Argument,
                $"split_with_sizes expects split_sizes to sum exactly to {shape[d]} (input tensor's size at dimension {dim}), but got split_sizes={Format(sections)}", 0);
        }
        return ShapeResult.Ok(ToArray(sections));
    }

    /// <summary><c>t.gather(dim, index)</c>: the index's shape, which may not exceed the input's off <paramref name="dim"/>.</summary>
    public static ShapeResult Gather(IReadOnlyList<int> shape, int dim, IReadOnlyList<int> index)
    {
        var c = WrapDim(dim, System.Math.Max(shape.Count, 1), out int d, 0);
        if (!c.IsOk) return c;
        if (System.Math.Max(index.Count, 1) != System.Math.Max(shape.Count, 1))
            return ShapeResult.Error(ShapeErrorKind.Argument, "Index tensor must have the same number of dimensions as input tensor", 1);
        for (int i = 0; i < index.Count && i < shape.Count; i++)
        {
            if (i != d && index[i] > shape[i])
            {
                return ShapeResult.Error(ShapeErrorKind.Broadcast,
                    $"Size does not match at dimension {i} expected index {Format(index)} to be no larger than self {Format(shape)} apart from dimension {d}", 1);
            }
        }
        return ShapeResult.Ok(ToArray(index));
    }

    /// <summary><c>t.sum(dims, keepdim)</c> and the other reductions over several dims; no dims reduces all.</summary>
    public static ShapeResult ReduceDims(IReadOnlyList<int> shape, IReadOnlyList<int> dims, bool keepDim, out bool[] reduced)
    {
        int rank = shape.Count;
        reduced = new bool[rank];
        if (dims.Count == 0)
        {
            for (int i = 0; i < rank; i++) reduced[i] = true;
        }
        for (int i = 0; i < dims.Count; i++)
        {
            var c = WrapDim(dims[i], System.Math.Max(rank, 1), out int d, i);
            if (!c.IsOk) return c;
            if (rank == 0) continue;
            if (reduced[d]) return ShapeResult.Error(ShapeErrorKind.Argument, $"dim {d} appears multiple times in the list of dims", i);
            reduced[d] = true;
        }
        var result = new List<int>();
        for (int i = 0; i < rank; i++)
        {
            if (!reduced[i]) result.Add(shape[i]);
            else if (keepDim) result.Add(1);
        }
        return ShapeResult.Ok(result.ToArray());
    }

    /// <summary>
    /// <c>F.linear(x, w, b)</c>: <c>x · wᵀ</c> (matmul's rules and messages on <c>w.t()</c>), then the bias: a
    /// 2-D input with a bias is one addmm, which expands the bias to the product's shape; other inputs
    /// add it with broadcasting. <paramref name="bias"/> is null without a bias.
    /// </summary>
    public static ShapeResult Linear(IReadOnlyList<int> input, IReadOnlyList<int> weight, IReadOnlyList<int>? bias)
    {
        var wt = T(weight);
        if (!wt.IsOk) return ShapeResult.Error(wt.Kind, wt.Message!, 1);
        var product = MatMul(input, wt.Shape!);
        if (!product.IsOk || bias is null) return product;
        if (input.Count == 2)
        {
            var expanded = Expand(bias, product.Shape!);
            return expanded.IsOk ? product : ShapeResult.Error(ShapeErrorKind.Broadcast, expanded.Message!, 2);
        }
        var sum = Broadcast(product.Shape!, bias);
        return sum.IsOk ? sum : ShapeResult.Error(sum.Kind, sum.Message!, 2);
    }

    /// <summary><c>F.embedding(indices, weight)</c>: the indices' shape and the weight's row size.</summary>
    public static ShapeResult Embedding(IReadOnlyList<int> indices, IReadOnlyList<int> weight)
    {
        if (weight.Count != 2) return ShapeResult.Error(ShapeErrorKind.Argument, "'weight' must be 2-D", 1);
        var result = new int[indices.Count + 1];
        for (int i = 0; i < indices.Count; i++) result[i] = indices[i];
        result[indices.Count] = weight[1];
        return ShapeResult.Ok(result);
    }
}
