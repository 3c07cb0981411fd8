// The rules of ops that take dims: view/reshape and the strides a view needs, flatten, reductions
// and normalizations, transpose, permute, squeeze, unsqueeze, indexing. Part of ShapeRules.cs.
using System.Collections.Generic;

namespace TensorDsl.Shapes;

internal static partial class ShapeRules
{
    // ---- view / reshape --------------------------------------------------------------------

    /// <summary>PyTorch's <c>infer_size</c> for view/reshape: the requested sizes with one <c>-1</c> inferred.</summary>
    public static ShapeResult View(long numel, IReadOnlyList<int> sizes)
    {
        long known = 1;
        int infer = -1;
        for (int i = 0; i < sizes.Count; i++)
        {
            if (sizes[i] == -1)
            {
                if (infer >= 0) return ShapeResult.Error(ShapeErrorKind.View, "only one dimension can be inferred", i);
                infer = i;
            }
            else if (sizes[i] >= 0)
            {
                known *= sizes[i];
            }
            else
            {
                return ShapeResult.Error(ShapeErrorKind.View, $"invalid shape dimension {sizes[i]} at index {i} of shape {Format(sizes)}", i);
            }
        }

        var result = ToArray(sizes);
        if (infer >= 0)
        {
            if (known == 0)
            {
                // PyTorch reports a zero-element -1 as ambiguous, and a non-zero one as a plain size mismatch.
                if (numel == 0)
                {
                    return ShapeResult.Error(ShapeErrorKind.View,
                        $"cannot reshape tensor of 0 elements into shape {Format(sizes)} because the unspecified dimension size -1 can be any value and is ambiguous", infer);
                }
                return ShapeResult.Error(ShapeErrorKind.View, $"shape '{Format(sizes)}' is invalid for input of size {numel}", infer);
            }
            if (numel % known != 0)
                return ShapeResult.Error(ShapeErrorKind.View, $"shape '{Format(sizes)}' is invalid for input of size {numel}", infer);
            result[infer] = (int)(numel / known);
            return ShapeResult.Ok(result);
        }
        if (known != numel)
            return ShapeResult.Error(ShapeErrorKind.View, $"shape '{Format(sizes)}' is invalid for input of size {numel}", OffendingSize(numel, sizes));
        return ShapeResult.Ok(result);
    }

    // The size a diagnostic points at (PyTorch names the whole shape; a diagnostic needs a spot):
    // the last size that one other value would repair, else the last size.
    private static int OffendingSize(long numel, IReadOnlyList<int> sizes)
    {
        for (int i = sizes.Count - 1; i >= 0; i--)
            if (ViewRepair(numel, sizes, i) is not null) return i;
        return sizes.Count - 1;
    }

    /// <summary>
    /// The value that makes <c>view(sizes)</c> valid when put at <paramref name="index"/>, the other
    /// sizes staying as written; null when there is none or it is not unique (another <c>-1</c>, or
    /// a zero among the others).
    /// </summary>
    public static int? ViewRepair(long numel, IReadOnlyList<int> sizes, int index)
    {
        if (index < 0 || index >= sizes.Count) return null;
        long others = 1;
        for (int i = 0; i < sizes.Count; i++)
        {
            if (i == index) continue;
            if (sizes[i] < 0) return null;
            others *= sizes[i];
        }
        if (others == 0 || numel % others != 0) return null;
        long value = numel / others;
        return value <= int.MaxValue ? (int)value : (int?)null;
    }

    /// <summary>
    /// PyTorch's <c>computeStride</c>: the strides a view of <paramref name="newShape"/> would have
    /// over storage laid out as (<paramref name="oldShape"/>, <paramref name="oldStrides"/>), or null
    /// when no such view exists.
    /// </summary>
    public static int[]? ViewStrides(IReadOnlyList<int> oldShape, IReadOnlyList<int> oldStrides, IReadOnlyList<int> newShape)
    {
        var newStrides = new int[newShape.Count];
        if (oldShape.Count == 0)
        {
            for (int i = 0; i < newStrides.Length; i++) newStrides[i] = 1;
            return newStrides;
        }
        long numel = Numel(oldShape);
        if (numel == 0 && SameShape(oldShape, newShape)) return ToArray(oldStrides);
        if (numel == 0)
        {
            // Any strides will do for an empty view; use contiguous ones.
            return ContiguousStrides(newShape);
        }

        int viewD = newShape.Count - 1;
        long chunkBaseStride = oldStrides[oldStrides.Count - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int tensorD = oldShape.Count - 1; tensorD >= 0; tensorD--)
        {
            tensorNumel *= oldShape[tensorD];
            if (tensorD == 0 ||
                (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride))
            {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1))
                {
                    newStrides[viewD] = (int)(viewNumel * chunkBaseStride);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (tensorD > 0)
                {
                    chunkBaseStride = oldStrides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) return null;
        return newStrides;
    }

    /// <summary>The message <c>view</c> raises when no strides fit.</summary>
    public const string ViewStrideMessage =
        "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.";

    /// <summary>
    /// Whether (<paramref name="shape"/>, <paramref name="strides"/>) lays the elements out in row-major
    /// order without gaps, as <c>is_contiguous()</c>: size-1 dims do not count, and an empty tensor is contiguous.
    /// </summary>
    public static bool IsContiguous(IReadOnlyList<int> shape, IReadOnlyList<int> strides)
    {
        if (Numel(shape) == 0) return true;
        long expected = 1;
        for (int d = shape.Count - 1; d >= 0; d--)
        {
            if (shape[d] == 1) continue;
            if (strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /// <summary>Row-major strides.</summary>
    public static int[] ContiguousStrides(IReadOnlyList<int> shape)
    {
        var strides = new int[shape.Count];
        int s = 1;
        for (int i = shape.Count - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i] > 0 ? shape[i] : 1;
        }
        return strides;
    }

    /// <summary><c>flatten(start, end)</c>.</summary>
    public static ShapeResult Flatten(IReadOnlyList<int> shape, int startDim, int endDim)
    {
        var c = WrapDim(startDim, shape.Count, out int s, 0);
        if (!c.IsOk) return c;
        c = WrapDim(endDim, shape.Count, out int e, 1);
        if (!c.IsOk) return c;
        if (s > e) return ShapeResult.Error(ShapeErrorKind.Argument, "flatten() has invalid args: start_dim cannot come after end_dim");
        if (shape.Count == 0) return ShapeResult.Ok(new[] { 1 });
        var result = new List<int>();
        for (int i = 0; i < s; i++) result.Add(shape[i]);
        int prod = 1;
        for (int i = s; i <= e; i++) prod *= shape[i];
        result.Add(prod);
        for (int i = e + 1; i < shape.Count; i++) result.Add(shape[i]);
        return ShapeResult.Ok(result.ToArray());
    }

    // ---- reductions and dims ---------------------------------------------------------------

    /// <summary>A reduction over one dim (<c>sum</c>, <c>mean</c>, <c>max</c>, <c>softmax</c>'s dim check).</summary>
    public static ShapeResult Reduce(IReadOnlyList<int> shape, int dim, bool keepDim)
    {
        var c = WrapDim(dim, shape.Count, out int d, 0);
        if (!c.IsOk) return c;
        if (shape.Count == 0) return ShapeResult.Ok(System.Array.Empty<int>());
        var result = new List<int>();
        for (int i = 0; i < shape.Count; i++)
        {
            if (i != d) result.Add(shape[i]);
            else if (keepDim) result.Add(1);
        }
        return ShapeResult.Ok(result.ToArray());
    }

    /// <summary>A dim check that keeps the shape (<c>softmax</c>, <c>log_softmax</c>).</summary>
    public static ShapeResult SameShapeAlong(IReadOnlyList<int> shape, int dim)
    {
        var c = WrapDim(dim, shape.Count, out _, 0);
        return c.IsOk ? ShapeResult.Ok(ToArray(shape)) : c;
    }

    /// <summary><c>transpose(d0, d1)</c>.</summary>
    public static ShapeResult Transpose(IReadOnlyList<int> shape, int dim0, int dim1)
    {
        var c = WrapDim(dim0, shape.Count, out int d0, 0);
        if (!c.IsOk) return c;
        c = WrapDim(dim1, shape.Count, out int d1, 1);
        if (!c.IsOk) return c;
        var result = ToArray(shape);
        if (shape.Count == 0) return ShapeResult.Ok(result);
        (result[d0], result[d1]) = (result[d1], result[d0]);
        return ShapeResult.Ok(result);
    }

    /// <summary><c>t()</c>: rank ≤ 2 only.</summary>
    public static ShapeResult T(IReadOnlyList<int> shape)
    {
        if (shape.Count > 2)
            return ShapeResult.Error(ShapeErrorKind.Argument, $"t() expects a tensor with <= 2 dimensions, but self is {shape.Count}D");
        return shape.Count == 2 ? Transpose(shape, 0, 1) : ShapeResult.Ok(ToArray(shape));
    }

    /// <summary><c>permute(dims)</c>: a permutation of every dim.</summary>
    public static ShapeResult Permute(IReadOnlyList<int> shape, IReadOnlyList<int> dims, out int[] wrappedDims)
    {
        wrappedDims = new int[dims.Count];
        if (dims.Count != shape.Count)
        {
            return ShapeResult.Error(ShapeErrorKind.Argument,
                $"permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = {shape.Count} is not equal to len(dims) = {dims.Count}");
        }
        var seen = new bool[shape.Count];
        var result = new int[shape.Count];
        for (int i = 0; i < dims.Count; i++)
        {
            var c = WrapDim(dims[i], shape.Count, out int d, i);
            if (!c.IsOk) return c;
            if (seen[d]) return ShapeResult.Error(ShapeErrorKind.Argument, "permute(): duplicate dims are not allowed.", i);
            seen[d] = true;
            wrappedDims[i] = d;
            result[i] = shape[d];
        }
        return ShapeResult.Ok(result);
    }

    /// <summary><c>squeeze()</c>: every size-1 dim removed.</summary>
    public static int[] Squeeze(IReadOnlyList<int> shape)
    {
        var result = new List<int>();
        for (int i = 0; i < shape.Count; i++)
            if (shape[i] != 1) result.Add(shape[i]);
        return result.ToArray();
    }

    /// <summary><c>squeeze(dim)</c>: that dim removed if its size is 1.</summary>
    public static ShapeResult Squeeze(IReadOnlyList<int> shape, int dim)
    {
        var c = WrapDim(dim, shape.Count, out int d, 0);
        if (!c.IsOk) return c;
        if (shape.Count == 0 || shape[d] != 1) return ShapeResult.Ok(ToArray(shape));
        return ShapeResult.Ok(RemoveAt(shape, d));
    }

    /// <summary><c>unsqueeze(dim)</c>: a size-1 dim inserted; dim in [-(rank+1), rank].</summary>
    public static ShapeResult Unsqueeze(IReadOnlyList<int> shape, int dim)
    {
        var c = WrapDim(dim, shape.Count + 1, out int d, 0);
        if (!c.IsOk) return c;
        return ShapeResult.Ok(Insert(shape, d, 1));
    }

    // ---- indexing ---------------------------------------------------------------------------

    /// <summary>
    /// Python's <c>t[i0, i1, …]</c> with int indices (PyTorch's <c>applySelect</c>): each index
    /// selects along the next leading dim, counting from the end when negative.
    /// </summary>
    public static ShapeResult Index(IReadOnlyList<int> shape, IReadOnlyList<int> indices)
    {
        // One index of a 0-dim tensor: PyTorch's applySelect names index 0 only; others are out of bounds of "size 0".
        if (indices.Count == 1 && shape.Count == 0)
        {
            return ShapeResult.Error(ShapeErrorKind.Dim, indices[0] == 0
                ? "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"
                : $"index {indices[0]} is out of bounds for dimension 0 with size 0", 0);
        }
        if (indices.Count > shape.Count)
            return ShapeResult.Error(ShapeErrorKind.Dim, $"too many indices for tensor of dimension {shape.Count}", shape.Count);
        for (int i = 0; i < indices.Count; i++)
        {
            if (indices[i] < -shape[i] || indices[i] >= shape[i])
                return ShapeResult.Error(ShapeErrorKind.Dim, $"index {indices[i]} is out of bounds for dimension {i} with size {shape[i]}", i);
        }
        return ShapeResult.Ok(Slice(shape, indices.Count, shape.Count));
    }

    /// <summary>The int index C#'s <c>^n</c> stands for on a dim of <paramref name="size"/>: <c>-n</c>, except that <c>^0</c> is one past the end.</summary>
    public static int FromEnd(int n, int size) => n == 0 ? size : -n;

    /// <summary><c>torch.select(dim, index)</c>: dim <paramref name="dim"/> removed at <paramref name="index"/>.</summary>
    public static ShapeResult Select(IReadOnlyList<int> shape, int dim, int index)
    {
        if (shape.Count == 0) return ShapeResult.Error(ShapeErrorKind.Dim, "select() cannot be applied to a 0-dim tensor.", 0);
        var c = WrapDim(dim, shape.Count, out int d, 0);
        if (!c.IsOk) return c;
        if (index < -shape[d] || index >= shape[d])
            return ShapeResult.Error(ShapeErrorKind.Dim, $"select(): index {index} out of range for tensor of size {Format(shape)} at dimension {d}", 1);
        return ShapeResult.Ok(RemoveAt(shape, d));
    }

    /// <summary>
    /// Python's slice <c>t[a:b]</c> along <paramref name="dim"/>, bounds counted from the end where
    /// marked and clamped into the dim, as Python does; <paramref name="begin"/>/<paramref name="end"/> are the clamped bounds.
    /// </summary>
    public static ShapeResult Slice(IReadOnlyList<int> shape, int dim, int start, bool startFromEnd, int stop, bool stopFromEnd, out int begin, out int end)
    {
        begin = end = 0;
        if (shape.Count == 0) return ShapeResult.Error(ShapeErrorKind.Dim, "slice() cannot be applied to a 0-dim tensor.", 0);
        var c = WrapDim(dim, shape.Count, out int d, 0);
        if (!c.IsOk) return c;
        int size = shape[d];
        begin = Clamp(startFromEnd ? size - start : start, 0, size);
        end = Clamp(stopFromEnd ? size - stop : stop, begin, size);
        var result = ToArray(shape);
        result[d] = end - begin;
        return ShapeResult.Ok(result);
    }

    private static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;
}
