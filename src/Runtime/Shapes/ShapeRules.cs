// The one set of shape rules (DESIGN §4). Plain C# with no dependencies: compiled into the runtime
// and linked as source into the generator and the analyzers, so that a runtime exception, a
// compile-time diagnostic and a generated shape constant can never disagree. Messages are
// PyTorch's, word for word. Keep this file netstandard2.0-compatible (no Span, Index or Range).
using System.Collections.Generic;
using System.Text;

namespace TensorDsl.Shapes;

/// <summary>Which rule failed; the analyzers map it to a diagnostic id, the runtime to an exception type.</summary>
internal enum ShapeErrorKind
{
    /// <summary>No error.</summary>
    None,
    /// <summary>Cat/stack sizes or ranks (TD0001).</summary>
    Cat,
    /// <summary>View/reshape element count or <c>-1</c> (TD0002).</summary>
    View,
    /// <summary>Matrix product inner dimensions (TD0003).</summary>
    MatMul,
    /// <summary>Shapes that do not broadcast (TD0004).</summary>
    Broadcast,
    /// <summary>A dimension out of range for the rank (TD0005).</summary>
    Dim,
    /// <summary>Any other invalid argument (an empty list, duplicate permute dims, …).</summary>
    Argument,
    /// <summary>A tensor whose shape differs from the one a <c>[Shape]</c> declares (TD0006).</summary>
    Size,
}

/// <summary>The outcome of a shape rule: a shape, or PyTorch's message and which argument is at fault.</summary>
internal readonly struct ShapeResult
{
    private ShapeResult(int[]? shape, ShapeErrorKind kind, string? message, int argument)
    {
        Shape = shape;
        Kind = kind;
        Message = message;
        Argument = argument;
    }

    /// <summary>The resulting shape; null on error.</summary>
    public int[]? Shape { get; }

    /// <summary>Which rule failed, or <see cref="ShapeErrorKind.None"/>.</summary>
    public ShapeErrorKind Kind { get; }

    /// <summary>PyTorch's message; null on success.</summary>
    public string? Message { get; }

    /// <summary>The index of the offending argument (list element, size, dim), or -1 when the call as a whole is at fault.</summary>
    public int Argument { get; }

    /// <summary>True when the rule held.</summary>
    public bool IsOk => Kind == ShapeErrorKind.None;

    public static ShapeResult Ok(int[] shape) => new ShapeResult(shape, ShapeErrorKind.None, null, -1);

    public static ShapeResult Error(ShapeErrorKind kind, string message, int argument = -1) =>
        new ShapeResult(null, kind, message, argument);
}

/// <summary>Shape inference and PyTorch's error messages for every op with a shape rule.</summary>
internal static class ShapeRules
{
    // ---- formatting ------------------------------------------------------------------------

    /// <summary><c>[2, 3]</c>, as PyTorch prints an IntArrayRef.</summary>
    public static string Format(IReadOnlyList<int> shape)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < shape.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(shape[i]);
        }
        return sb.Append(']').ToString();
    }

    /// <summary>The number of elements of a shape (1 for rank 0).</summary>
    public static long Numel(IReadOnlyList<int> shape)
    {
        long n = 1;
        for (int i = 0; i < shape.Count; i++) n *= shape[i];
        return n;
    }

    // ---- dimensions ------------------------------------------------------------------------

    /// <summary>
    /// PyTorch's <c>maybe_wrap_dim</c>: a dim in [-rank, rank-1] made non-negative. A 0-dim tensor
    /// accepts dims as if it had rank 1.
    /// </summary>
    public static ShapeResult WrapDim(int dim, int rank, out int wrapped, int argument = -1)
    {
        int r = rank <= 0 ? 1 : rank;
        wrapped = dim < 0 ? dim + r : dim;
        if (wrapped < 0 || wrapped >= r)
        {
            return ShapeResult.Error(ShapeErrorKind.Dim,
                $"Dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {dim})", argument);
        }
        return ShapeResult.Ok(System.Array.Empty<int>());
    }

    // ---- broadcasting ----------------------------------------------------------------------

    /// <summary>PyTorch's <c>infer_size</c>: the broadcast shape of two shapes.</summary>
    public static ShapeResult Broadcast(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        int n = a.Count > b.Count ? a.Count : b.Count;
        var result = new int[n];
        for (int i = n - 1; i >= 0; i--)
        {
            int offset = n - 1 - i;
            int da = a.Count - 1 - offset, db = b.Count - 1 - offset;
            int sa = da >= 0 ? a[da] : 1, sb = db >= 0 ? b[db] : 1;
            if (sa != sb && sa != 1 && sb != 1)
            {
                return ShapeResult.Error(ShapeErrorKind.Broadcast,
                    $"The size of tensor a ({sa}) must match the size of tensor b ({sb}) at non-singleton dimension {i}");
            }
            result[i] = sa == 1 ? sb : sa;
        }
        return ShapeResult.Ok(result);
    }

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
                return ShapeResult.Error(ShapeErrorKind.View, $"invalid shape dimension {sizes[i]}", i);
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

    // ---- matmul ----------------------------------------------------------------------------

    /// <summary>
    /// <c>torch.matmul</c>: dot (1-D·1-D), mv (2-D×1-D), mm (2-D×2-D, and 1-D×2-D by a leading 1),
    /// and batched products with broadcast batch dims, each with the message of the kernel PyTorch
    /// dispatches to.
    /// </summary>
    public static ShapeResult MatMul(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        int ra = a.Count, rb = b.Count;
        if (ra == 0 || rb == 0)
        {
            return ShapeResult.Error(ShapeErrorKind.MatMul,
                $"both arguments to matmul need to be at least 1D, but they are {ra}D and {rb}D", ra == 0 ? 0 : 1);
        }
        if (ra == 1 && rb == 1)
        {
            if (a[0] != b[0])
            {
                return ShapeResult.Error(ShapeErrorKind.MatMul,
                    $"inconsistent tensor size, expected tensor [{a[0]}] and src [{b[0]}] to have the same number of elements, but got {a[0]} and {b[0]} elements respectively", 1);
            }
            return ShapeResult.Ok(System.Array.Empty<int>());
        }
        if (ra == 2 && rb == 1)
        {
            if (a[1] != b[0])
                return ShapeResult.Error(ShapeErrorKind.MatMul, $"size mismatch, got input ({a[0]}), mat ({a[0]}x{a[1]}), vec ({b[0]})", 1);
            return ShapeResult.Ok(new[] { a[0] });
        }
        if (ra == 1 && rb == 2)
        {
            if (a[0] != b[0])
                return ShapeResult.Error(ShapeErrorKind.MatMul, MmMessage(1, a[0], b[0], b[1]), 1);
            return ShapeResult.Ok(new[] { b[1] });
        }
        if (ra == 2 && rb == 2)
        {
            if (a[1] != b[0])
                return ShapeResult.Error(ShapeErrorKind.MatMul, MmMessage(a[0], a[1], b[0], b[1]), 1);
            return ShapeResult.Ok(new[] { a[0], b[1] });
        }
        if (ra >= 3 && rb <= 2)
        {
            // PyTorch folds the batch into the rows of a single mm (or mv).
            int rows = 1;
            for (int i = 0; i < ra - 1; i++) rows *= a[i];
            int k = a[ra - 1];
            var batch = Slice(a, 0, ra - 1);
            if (rb == 1)
            {
                if (k != b[0])
                    return ShapeResult.Error(ShapeErrorKind.MatMul, $"size mismatch, got input ({rows}), mat ({rows}x{k}), vec ({b[0]})", 1);
                return ShapeResult.Ok(batch);
            }
            if (k != b[0])
                return ShapeResult.Error(ShapeErrorKind.MatMul, MmMessage(rows, k, b[0], b[1]), 1);
            return ShapeResult.Ok(Append(batch, b[1]));
        }

        // Batched: broadcast the batch dims, then bmm.
        int n = ra == 1 ? 1 : a[ra - 2];
        int ka = a[ra - 1];
        int kb = rb == 1 ? b[0] : b[rb - 2];
        int m = b[rb - 1];
        var batchA = ra > 2 ? Slice(a, 0, ra - 2) : System.Array.Empty<int>();
        var batchB = rb > 2 ? Slice(b, 0, rb - 2) : System.Array.Empty<int>();
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

    private static string MmMessage(int n, int k1, int k2, int m) =>
        $"mat1 and mat2 shapes cannot be multiplied ({n}x{k1} and {k2}x{m})";

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
        if (indices.Count == 1 && shape.Count == 0)
        {
            return ShapeResult.Error(ShapeErrorKind.Dim,
                "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number", 0);
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

    // ---- factories -------------------------------------------------------------------------

    /// <summary><c>torch.arange(start, end, step)</c>: <c>[ceil((end - start) / step)]</c>, computed in double as PyTorch does.</summary>
    public static ShapeResult Arange(double start, double end, double step)
    {
        if (step == 0) return ShapeResult.Error(ShapeErrorKind.Argument, "step must be nonzero");
        if ((step > 0 && end < start) || (step < 0 && end > start))
            return ShapeResult.Error(ShapeErrorKind.Argument, "upper bound and larger bound inconsistent with step sign");
        double n = System.Math.Ceiling((end - start) / step);
        if (n > int.MaxValue) return ShapeResult.Error(ShapeErrorKind.Argument, "invalid size, possible overflow?");
        return ShapeResult.Ok(new[] { (int)n });
    }

    // ---- declared shapes -------------------------------------------------------------------

    /// <summary>
    /// A tensor passed where a <c>[Shape]</c> declares <paramref name="expected"/>, checked as
    /// PyTorch's <c>checkSize</c> (ATen/TensorUtils) does: the rank first, then the sizes.
    /// <paramref name="position"/> is 1-based; <paramref name="function"/> is the callee.
    /// </summary>
    public static ShapeResult CheckSize(string function, int position, string name, IReadOnlyList<int> expected, IReadOnlyList<int> actual)
    {
        string arg = position == 0 ? $"'{name}'" : $"argument #{position} '{name}'";
        return CheckDeclared($"{arg} (while checking arguments for {function})", expected, actual, position);
    }

    /// <summary>
    /// A tensor stored where a <c>[Shape]</c> declares <paramref name="expected"/> (a return value, a
    /// field or a property), in <see cref="CheckSize"/>'s words; <paramref name="subject"/> says what
    /// the tensor is for: <c>the return value of 'F'</c>, <c>field 'Bias'</c>.
    /// </summary>
    public static ShapeResult CheckDeclared(string subject, IReadOnlyList<int> expected, IReadOnlyList<int> actual, int position = 0)
    {
        if (expected.Count != actual.Count)
        {
            return ShapeResult.Error(ShapeErrorKind.Size,
                $"Expected {expected.Count}-dimensional tensor, but got {actual.Count}-dimensional tensor for {subject}", position);
        }
        if (!SameShape(expected, actual))
        {
            return ShapeResult.Error(ShapeErrorKind.Size,
                $"Expected tensor of size {Format(expected)}, but got tensor of size {Format(actual)} for {subject}", position);
        }
        return ShapeResult.Ok(ToArray(actual));
    }

    // ---- helpers ---------------------------------------------------------------------------

    /// <summary>Element-wise equality of two shapes.</summary>
    public static bool SameShape(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
            if (a[i] != b[i]) return false;
        return true;
    }

    public static int[] ToArray(IReadOnlyList<int> shape)
    {
        var r = new int[shape.Count];
        for (int i = 0; i < r.Length; i++) r[i] = shape[i];
        return r;
    }

    private static int[] Slice(IReadOnlyList<int> shape, int start, int end)
    {
        var r = new int[end - start];
        for (int i = start; i < end; i++) r[i - start] = shape[i];
        return r;
    }

    private static int[] Append(IReadOnlyList<int> shape, int size)
    {
        var r = new int[shape.Count + 1];
        for (int i = 0; i < shape.Count; i++) r[i] = shape[i];
        r[shape.Count] = size;
        return r;
    }

    private static int[] Insert(IReadOnlyList<int> shape, int at, int size)
    {
        var r = new int[shape.Count + 1];
        for (int i = 0, j = 0; i < r.Length; i++) r[i] = i == at ? size : shape[j++];
        return r;
    }

    private static int[] RemoveAt(IReadOnlyList<int> shape, int at)
    {
        var r = new int[shape.Count - 1];
        for (int i = 0, j = 0; i < shape.Count; i++)
            if (i != at) r[j++] = shape[i];
        return r;
    }
}
