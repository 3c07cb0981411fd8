// The one set of shape rules. Plain C# with no dependencies: compiled into the runtime and linked
// as source into the generator and the analyzers, so that a runtime exception, a compile-time
// diagnostic and a generated shape constant can never disagree. Messages are PyTorch's, word for
// word. Keep these files netstandard2.0-compatible (no Span, Index or Range).
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
internal static partial class ShapeRules
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
