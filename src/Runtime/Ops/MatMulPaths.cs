using TensorDsl.Shapes;

namespace TensorDsl;

/// <summary>
/// What the kernel on each of matmul's paths (<see cref="ShapeRules.ChooseMatMul"/>) does besides
/// the shape: its dtype checks and its grad_fn.
/// </summary>
internal static class MatMulPaths
{
    public static MatMulPath Choose(Tensor a, Tensor b) =>
        ShapeRules.ChooseMatMul(a.Sizes, a.Strides, a.RequiresGrad, b.Sizes, b.Strides, b.RequiresGrad);

    /// <summary>The name of the kernel that reports unsupported dtypes on <paramref name="path"/>.</summary>
    public static string Kernel(MatMulPath path) => path switch
    {
        MatMulPath.Dot => "dot",
        MatMulPath.Mv or MatMulPath.FoldedMv or MatMulPath.TransposedMv => "addmv_impl_cpu",
        MatMulPath.Batched => "bmm",
        _ => "addmm_impl_cpu_",
    };

    /// <summary>The two operands in the order the kernel receives them (the transposed folds swap them).</summary>
    public static (Tensor First, Tensor Second) KernelOperands(MatMulPath path, Tensor a, Tensor b) =>
        path is MatMulPath.TransposedMm or MatMulPath.TransposedMv ? (b, a) : (a, b);

    /// <summary>PyTorch's grad_fn name for the product <paramref name="result"/> made on <paramref name="path"/>.</summary>
    public static string NodeName(MatMulPath path, Tensor result) => path switch
    {
        MatMulPath.Dot => "DotBackward0",
        MatMulPath.Mv => "MvBackward0",
        MatMulPath.Mm => "MmBackward0",
        MatMulPath.RowMm => "SqueezeBackward4",
        // output.mT().contiguous(): the copy is skipped when the transpose is already contiguous
        // (size-1 dims make it so), leaving the transpose's node.
        MatMulPath.TransposedMm => TransposeIsContiguous(result.Sizes) ? "TransposeBackward0" : "CloneBackward0",
        _ => "UnsafeViewBackward0",
    };

    /// <summary>
    /// The result's strides where they are not row-major: the transposed fold's contiguous() is a
    /// no-op that keeps the transpose's strides when a size-1 dim makes it contiguous.
    /// </summary>
    public static int[]? ResultStrides(MatMulPath path, int[] shape) =>
        path == MatMulPath.TransposedMm && TransposeIsContiguous(shape) ? TransposeStrides(shape) : null;

    // The strides of the mT of a row-major [..., m, n] product, of shape [..., n, m].
    private static int[] TransposeStrides(int[] shape)
    {
        int[] product = [.. shape[..^2], shape[^1], shape[^2]];
        var strides = ShapeRules.ContiguousStrides(product);
        (strides[^1], strides[^2]) = (strides[^2], strides[^1]);
        return strides;
    }

    private static bool TransposeIsContiguous(int[] shape) => ShapeRules.IsContiguous(shape, TransposeStrides(shape));
}
