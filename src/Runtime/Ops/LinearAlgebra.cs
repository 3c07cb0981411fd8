using System;
using System.Numerics;
using TensorDsl.Shapes;

namespace TensorDsl;

// torch.matmul: dot, mv, mm and batched products with broadcast batch dims.
public sealed partial class Tensor
{
    /// <summary>The matrix product, as <c>torch.matmul</c>: 1-D·1-D, 2-D×1-D, 1-D×2-D, 2-D×2-D and batched with broadcasting.</summary>
    public Tensor MatMul(Tensor other)
    {
        if (Sizes.Length == 0 || other.Sizes.Length == 0) Errors.Check(ShapeRules.MatMul(Sizes, other.Sizes));
        var path = MatMulPaths.Choose(this, other);
        // dot checks dtypes before sizes; the other kernels check sizes first.
        if (path == MatMulPath.Dot) CheckProductTypes(path, this, other);
        var shape = Errors.Check(ShapeRules.MatMul(Sizes, other.Sizes, path));
        CheckProductTypes(path, this, other);

        // Compute as batch × [n, k] · [k, m]; 1-D operands become a row and a column.
        var a2 = AsMatrix(this, row: true);
        var b2 = AsMatrix(other, row: false);
        if (DType == DType.Float32 && a2.Sizes.Length == 2 && b2.Sizes.Length == 2 && ProductInPlace(a2, b2) is { } direct)
            return RecordProduct(Laid(new Tensor(direct, shape), path), other, a2, b2, [], path);
        var batch = Errors.Check(ShapeRules.Broadcast(a2.Sizes[..^2], b2.Sizes[..^2]));
        int n = a2.Sizes[^2], k = a2.Sizes[^1], m = b2.Sizes[^1];
        int[] aShape = [.. batch, n, k], bShape = [.. batch, k, m];
        int batches = (int)ShapeRules.Numel(batch);
        Array data = DType switch
        {
            DType.Float32 => Product(a2.Read<float>(aShape), b2.Read<float>(bShape), batches, n, k, m),
            DType.Float64 => Product(a2.Read<double>(aShape), b2.Read<double>(bShape), batches, n, k, m),
            DType.Int64 => Product(a2.Read<long>(aShape), b2.Read<long>(bShape), batches, n, k, m),
            _ => Product(a2.Read<int>(aShape), b2.Read<int>(bShape), batches, n, k, m),
        };
        return RecordProduct(Laid(new Tensor(data, shape), path), other, a2, b2, batch, path);
    }

    // Only the transposed fold's result can have other strides, and the same memory order.
    private static Tensor Laid(Tensor product, MatMulPath path) =>
        OutputLayout.Of(product.Sizes, MatMulPaths.ResultStrides(path, product.Sizes))?.Restore(product) ?? product;

    // The kernel libtorch reaches on each path checks the dtypes in its own words.
    private static void CheckProductTypes(MatMulPath path, Tensor a, Tensor b)
    {
        var (first, second) = MatMulPaths.KernelOperands(path, a, b);
        if (first.DType != second.DType)
        {
            string x = Errors.KernelTypeName(first.DType), y = Errors.KernelTypeName(second.DType);
            throw Errors.Argument(MatMulPaths.Kernel(path) switch
            {
                "dot" => $"dot : expected both vectors to have same dtype, but found {x} and {y}",
                "addmm_impl_cpu_" => $"expected m1 and m2 to have the same dtype, but got: {CppTypeName(first.DType)} != {CppTypeName(second.DType)}",
                _ => $"expected scalar type {x} but found {y}",
            });
        }
        if (a.DType == DType.Bool)
            throw Errors.Argument($"\"{MatMulPaths.Kernel(path)}\" not implemented for 'Bool'");
    }

    private Tensor RecordProduct(Tensor r, Tensor other, Tensor a2, Tensor b2, int[] batch, MatMulPath path)
    {
        var a = this;
        int n = a2.Sizes[^2], m = b2.Sizes[^1];
        return Record(r, MatMulPaths.NodeName(path, r), [this, other], g =>
        {
            // Gradients of the [n, k]·[k, m] form, summed over broadcast batch dims, then reshaped back.
            var g2 = g.Reshape([.. batch, n, m]);
            Tensor? ga = null, gb = null;
            if (a.RequiresGrad) ga = SumTo(g2.MatMul(b2.Transpose(-1, -2)), a2.Sizes).Reshape(a.Sizes);
            if (other.RequiresGrad) gb = SumTo(a2.Transpose(-1, -2).MatMul(g2), b2.Sizes).Reshape(other.Sizes);
            return [ga, gb];
        });
    }

    // A float32 matrix product read straight from the operands' storage when each is row-major or
    // the transpose of a row-major matrix (a weight's .T()), as BLAS takes them; null otherwise.
    private static float[]? ProductInPlace(Tensor a, Tensor b)
    {
        int n = a.Sizes[0], k = a.Sizes[1], m = b.Sizes[1];
        bool aRows = a.IsContiguous(), bRows = b.IsContiguous();
        bool aColumns = !aRows && a.Strides[0] == 1 && a.Strides[1] == n;
        bool bColumns = !bRows && b.Strides[0] == 1 && b.Strides[1] == k;
        if (!(aRows || aColumns) || !(bRows || bColumns) || (aColumns && bColumns)) return null;
        var sa = ((float[])a.Storage).AsSpan(a.Offset, n * k);
        var sb = ((float[])b.Storage).AsSpan(b.Offset, k * m);
        var c = new float[n * m];
        if (!aRows)
        {
            Kernels.KernelSupport.MatMulAddTransposedA(sa, sb, c, k, n, m);
            return c;
        }
        // From 512³ on, as libtorch does, the rows of c are split between the cores: each part is a
        // product of its own (its rows of a against all of b), so the sums are those of one core.
        int parts = (long)n * k * m >= ParallelProductSize ? Math.Min(Environment.ProcessorCount, n / 64) : 1;
        if (parts <= 1)
        {
            RowsProduct(sa, sb, c, bRows, n, k, m);
            return c;
        }
        var (aArray, bArray) = ((float[])a.Storage, (float[])b.Storage);
        var (aOffset, bOffset) = (a.Offset, b.Offset);
        System.Threading.Tasks.Parallel.For(0, parts, part =>
        {
            int first = (int)((long)n * part / parts), rows = (int)((long)n * (part + 1) / parts) - first;
            RowsProduct(aArray.AsSpan(aOffset + first * k, rows * k), bArray.AsSpan(bOffset, k * m), c.AsSpan(first * m, rows * m), bRows, rows, k, m);
        });
        return c;
    }

    /// <summary>The size (n·k·m) from which a float32 product uses every core.</summary>
    internal const long ParallelProductSize = 512L * 512 * 512;

    private static void RowsProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool bRows, int n, int k, int m)
    {
        if (bRows) Kernels.KernelSupport.MatMulAdd(a, b, c, n, k, m);
        else Kernels.KernelSupport.MatMulAddTransposedB(a, b, c, n, k, m);
    }

    // A 1-D tensor seen as a [1, k] row or a [k, 1] column (a view outside the graph).
    private static Tensor AsMatrix(Tensor t, bool row)
    {
        if (t.Sizes.Length != 1) return t;
        return row
            ? t.AsStrided([1, t.Sizes[0]], [t.Sizes[0] * t.Strides[0], t.Strides[0]], t.Offset)
            : t.AsStrided([t.Sizes[0], 1], [t.Strides[0], 1], t.Offset);
    }

    private static T[] Product<T>(T[] a, T[] b, int batches, int n, int k, int m) where T : struct, INumber<T>
    {
        var c = new T[batches * n * m];
        for (int p = 0; p < batches; p++)
        {
            var ap = a.AsSpan(p * n * k, n * k);
            var bp = b.AsSpan(p * k * m, k * m);
            var cp = c.AsSpan(p * n * m, n * m);
            if (typeof(T) == typeof(float))
            {
                // The compiled kernels' tiled product: the same sums in the same order, vectorized.
                Kernels.KernelSupport.MatMulAdd(
                    System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(ap),
                    System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(bp),
                    System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(cp), n, k, m);
                continue;
            }
            // i-k-j order: the inner loop walks rows of b and c contiguously.
            for (int i = 0; i < n; i++)
            {
                var ci = cp.Slice(i * m, m);
                for (int kk = 0; kk < k; kk++)
                {
                    T aik = ap[i * k + kk];
                    var bk = bp.Slice(kk * m, m);
                    for (int j = 0; j < m; j++) ci[j] += aik * bk[j];
                }
            }
        }
        return c;
    }

    private static string CppTypeName(DType dtype) => dtype switch
    {
        DType.Float32 => "float",
        DType.Float64 => "double",
        DType.Int64 => "long int",
        DType.Int32 => "int",
        _ => "bool",
    };
}
