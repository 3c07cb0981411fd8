// Matrix products for generated code (and the eager float32 MatMul): row updates, dot products,
// and register-tiled products for matrices too big to unroll.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorDsl.Kernels;

public static partial class KernelSupport
{
    /// <summary>
    /// <c>destination[j] += a * b[j]</c>: the inner loop of a matrix product, vectorized with
    /// Vector256 or Vector128 where the hardware has them and a scalar loop for the rest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(float a, ReadOnlySpan<float> b, Span<float> destination)
    {
        if (b.Length != destination.Length) throw new ArgumentException("Spans must have the same length.", nameof(destination));
        int j = 0;
        if (Vector256.IsHardwareAccelerated && b.Length >= Vector256<float>.Count)
        {
            var va = Vector256.Create(a);
            for (; j <= b.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var d = destination.Slice(j);
                (Vector256.Create(d) + va * Vector256.Create(b.Slice(j))).CopyTo(d);
            }
        }
        else if (Vector128.IsHardwareAccelerated && b.Length >= Vector128<float>.Count)
        {
            var va = Vector128.Create(a);
            for (; j <= b.Length - Vector128<float>.Count; j += Vector128<float>.Count)
            {
                var d = destination.Slice(j);
                (Vector128.Create(d) + va * Vector128.Create(b.Slice(j))).CopyTo(d);
            }
        }
        for (; j < b.Length; j++) destination[j] += a * b[j];
    }

    /// <summary>
    /// <c>c += a · b</c> for row-major <c>a</c> (n×k), <c>b</c> (k×m), <c>c</c> (n×m): a matrix product
    /// in 4-row tiles, so each vector of b is loaded once for four rows of c.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MatMulAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n, int k, int m)
    {
        CheckMatrices(a.Length, n * k, b.Length, k * m, c.Length, n * m);
        Tiles(a, k, 1, b, c, n, k, m);
    }

    // c[r, :] += Σ_t a[r·rowStride + t·stepStride] · b[t, :] for every row r of c (rows×m) and t < steps:
    // both a·b (a read along its rows) and aᵀ·b (read down its columns). Tiles of 4 rows × 16 columns
    // keep 8 accumulators in registers, so each vector of b is loaded once for four rows and each
    // element of a once for two vectors. A width that is not a multiple of 8 ends with a vector that
    // overlaps the one before it, its repeated lanes kept as they were (so 10 columns are two vectors,
    // not a vector and two scalar columns). The callers checked the lengths, so the loads are unchecked.
    // Each way of tiling is a method of its own, compiled (on a cold process's first call) only when
    // a product needs it. Every method on a product's path is optimized from its first call: one left
    // to tiering ran its tier-0 code for the first 15,000 steps of a training loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tiles(ReadOnlySpan<float> a, int rowStride, int stepStride, ReadOnlySpan<float> b, Span<float> c, int rows, int steps, int m)
    {
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        if (!Vector256.IsHardwareAccelerated || m < Vector256<float>.Count)
            NarrowTiles(ref ra, rowStride, stepStride, ref rb, ref rc, rows, steps, m);
        else if (Vector512.IsHardwareAccelerated && m >= 32 && rows >= 6)
            Panels512(ref ra, rowStride, stepStride, ref rb, ref rc, rows, steps, m);
        else
            Tiles256(ref ra, rowStride, stepStride, ref rb, ref rc, rows, steps, m);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Tiles256(ref float ra, int rowStride, int stepStride, ref float rb, ref float rc, int rows, int steps, int m)
    {
        var all = Vector256<float>.AllBitsSet;
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            int j = 0;
            for (; j + 16 <= m; j += 16) Tile4x16(ref ra, rowStride, stepStride, ref rb, ref rc, r, j, j + 8, all, steps, m);
            int left = m - j;
            if (left > 8) Tile4x16(ref ra, rowStride, stepStride, ref rb, ref rc, r, j, m - 8, LastLanes(left - 8), steps, m);
            else if (left > 0) Tile4x8(ref ra, rowStride, stepStride, ref rb, ref rc, r, m - 8, LastLanes(left), steps, m);
        }
        for (; r < rows; r++)
        {
            int j = 0;
            for (; j + 8 <= m; j += 8) TileRow(ref ra, rowStride, stepStride, ref rb, ref rc, r, j, all, steps, m);
            if (j < m) TileRow(ref ra, rowStride, stepStride, ref rb, ref rc, r, m - 8, LastLanes(m - j), steps, m);
        }
    }

    // Where the CPU has AVX-512 (and c is at least 6×32): 6×32 tiles, 12 accumulators of 16 lanes.
    // Blocks of 32 columns and of 6 rows; a last, partial block overlaps the one before it and stores
    // only its own lanes and rows. A b larger than L1 is copied a panel at a time (up to 128 steps × 32 columns, 16 KB) to
    // the stack, so that every row group reads it sequentially from L1 instead of down b's columns.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Panels512(ref float a, int rowStride, int stepStride, ref float b, ref float c, int rows, int steps, int m)
    {
        const int Width = 32, Depth = 128;
        bool pack = steps * m > 8192;
        Span<float> panel = stackalloc float[pack ? Depth * Width : 0];
        ref float p = ref MemoryMarshal.GetReference(panel);
        for (int j = 0; j < m; j += Width)
        {
            // A partial last block starts 32 from the end; its own columns are its last `own`.
            int start = Math.Min(j, m - Width), own = Math.Min(m - j, Width);
            var (keepLow, keepHigh) = (LastLanes512(own - 16), LastLanes512(own));
            for (int k0 = 0; k0 < steps; k0 += pack ? Depth : steps)
            {
                int depth = pack ? Math.Min(Depth, steps - k0) : steps;
                ref float bk = ref Unsafe.Add(ref b, k0 * m + start);
                if (pack)
                {
                    for (int t = 0; t < depth; t++)
                    {
                        Vector512.LoadUnsafe(ref bk, (nuint)(t * m)).StoreUnsafe(ref p, (nuint)(t * Width));
                        Vector512.LoadUnsafe(ref bk, (nuint)(t * m + 16)).StoreUnsafe(ref p, (nuint)(t * Width + 16));
                    }
                }
                ref float ak = ref Unsafe.Add(ref a, k0 * stepStride);
                ref float bp = ref pack ? ref p : ref bk;
                for (int r = 0; r < rows; r += 6)
                {
                    int first = Math.Min(r, rows - 6);
                    Tile6x32(ref ak, rowStride, stepStride, ref bp, pack ? Width : m, ref c, m, start, keepLow, keepHigh, first, r - first, depth);
                }
            }
        }
    }

    // c[r..r+6, j..j+32] += the product's tile over `depth` steps, storing rows from r + skip on and
    // the lanes in `keepLow`/`keepHigh` (the others belong to the block before, already done).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x32(ref float a, int rowStride, int stepStride, ref float b, int bStride, ref float c, int m, int j,
        Vector512<float> keepLow, Vector512<float> keepHigh, int r, int skip, int depth)
    {
        nuint o0 = (nuint)(r * m + j), w = (nuint)m;
        Vector512<float> c00 = Vector512.LoadUnsafe(ref c, o0), c01 = Vector512.LoadUnsafe(ref c, o0 + 16);
        Vector512<float> c10 = Vector512.LoadUnsafe(ref c, o0 + w), c11 = Vector512.LoadUnsafe(ref c, o0 + w + 16);
        Vector512<float> c20 = Vector512.LoadUnsafe(ref c, o0 + 2 * w), c21 = Vector512.LoadUnsafe(ref c, o0 + 2 * w + 16);
        Vector512<float> c30 = Vector512.LoadUnsafe(ref c, o0 + 3 * w), c31 = Vector512.LoadUnsafe(ref c, o0 + 3 * w + 16);
        Vector512<float> c40 = Vector512.LoadUnsafe(ref c, o0 + 4 * w), c41 = Vector512.LoadUnsafe(ref c, o0 + 4 * w + 16);
        Vector512<float> c50 = Vector512.LoadUnsafe(ref c, o0 + 5 * w), c51 = Vector512.LoadUnsafe(ref c, o0 + 5 * w + 16);
        // Walked by reference: a row's next step is stepStride on, and rows 1, 2 (and 4, 5) are one and
        // two rowStrides from rows 0 (and 3), so that every load is a single addressing mode.
        ref float a0 = ref Unsafe.Add(ref a, r * rowStride);
        ref float a3 = ref Unsafe.Add(ref a0, 3 * rowStride);
        ref float bt = ref b;
        nint rs = rowStride, rs2 = 2 * rowStride;
        for (int t = 0; t < depth; t++)
        {
            var b0 = Vector512.LoadUnsafe(ref bt);
            var b1 = Vector512.LoadUnsafe(ref bt, 16);
            var x = Vector512.Create(a0);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(Unsafe.Add(ref a0, rs));
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(Unsafe.Add(ref a0, rs2));
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(Unsafe.Add(ref a3, rs));
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(Unsafe.Add(ref a3, rs2));
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            a0 = ref Unsafe.Add(ref a0, stepStride);
            a3 = ref Unsafe.Add(ref a3, stepStride);
            bt = ref Unsafe.Add(ref bt, bStride);
        }
        if (skip <= 0) Store512(c00, c01, keepLow, keepHigh, ref c, o0);
        if (skip <= 1) Store512(c10, c11, keepLow, keepHigh, ref c, o0 + w);
        if (skip <= 2) Store512(c20, c21, keepLow, keepHigh, ref c, o0 + 2 * w);
        if (skip <= 3) Store512(c30, c31, keepLow, keepHigh, ref c, o0 + 3 * w);
        if (skip <= 4) Store512(c40, c41, keepLow, keepHigh, ref c, o0 + 4 * w);
        Store512(c50, c51, keepLow, keepHigh, ref c, o0 + 5 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(Vector512<float> low, Vector512<float> high, Vector512<float> keepLow, Vector512<float> keepHigh, ref float c, nuint offset)
    {
        Vector512.ConditionalSelect(keepLow, low, Vector512.LoadUnsafe(ref c, offset)).StoreUnsafe(ref c, offset);
        Vector512.ConditionalSelect(keepHigh, high, Vector512.LoadUnsafe(ref c, offset + 16)).StoreUnsafe(ref c, offset + 16);
    }

    // A mask of the last `count` of 16 lanes (all 16 for 16 or more, none for 0 or fewer).
    private static Vector512<float> LastLanes512(int count) =>
        Vector512.GreaterThanOrEqual(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(16 - count)).AsSingle();

    // A mask of the last `count` of 8 lanes: those a final, overlapping vector adds to.
    private static Vector256<float> LastLanes(int count) =>
        Vector256.GreaterThanOrEqual(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(8 - count)).AsSingle();

    // c[r..r+4, j0..j0+8] and c[r..r+4, j1..j1+8] += the product's tile: 8 accumulators. Lanes of the
    // second vector outside `keep1` are computed but not stored (they belong to the first).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x16(ref float a, int rowStride, int stepStride, ref float b, ref float c, int r, int j0, int j1, Vector256<float> keep1, int steps, int m)
    {
        nuint o0 = (nuint)(r * m), o1 = o0 + (nuint)m, o2 = o1 + (nuint)m, o3 = o2 + (nuint)m;
        nuint x = (nuint)j0, y = (nuint)j1;
        Vector256<float> c00 = Vector256.LoadUnsafe(ref c, o0 + x), c01 = Vector256.LoadUnsafe(ref c, o0 + y);
        Vector256<float> c10 = Vector256.LoadUnsafe(ref c, o1 + x), c11 = Vector256.LoadUnsafe(ref c, o1 + y);
        Vector256<float> c20 = Vector256.LoadUnsafe(ref c, o2 + x), c21 = Vector256.LoadUnsafe(ref c, o2 + y);
        Vector256<float> c30 = Vector256.LoadUnsafe(ref c, o3 + x), c31 = Vector256.LoadUnsafe(ref c, o3 + y);
        // Walked by reference, as in Tile6x32: each load a single addressing mode.
        ref float a0 = ref Unsafe.Add(ref a, r * rowStride);
        ref float a2 = ref Unsafe.Add(ref a0, 2 * rowStride);
        ref float bx = ref Unsafe.Add(ref b, x);
        ref float by = ref Unsafe.Add(ref b, y);
        nint rs = rowStride;
        for (int t = 0; t < steps; t++)
        {
            var b0 = Vector256.LoadUnsafe(ref bx);
            var b1 = Vector256.LoadUnsafe(ref by);
            var v = Vector256.Create(a0);
            c00 = FusedMultiplyAdd(v, b0, c00);
            c01 = FusedMultiplyAdd(v, b1, c01);
            v = Vector256.Create(Unsafe.Add(ref a0, rs));
            c10 = FusedMultiplyAdd(v, b0, c10);
            c11 = FusedMultiplyAdd(v, b1, c11);
            v = Vector256.Create(a2);
            c20 = FusedMultiplyAdd(v, b0, c20);
            c21 = FusedMultiplyAdd(v, b1, c21);
            v = Vector256.Create(Unsafe.Add(ref a2, rs));
            c30 = FusedMultiplyAdd(v, b0, c30);
            c31 = FusedMultiplyAdd(v, b1, c31);
            a0 = ref Unsafe.Add(ref a0, stepStride);
            a2 = ref Unsafe.Add(ref a2, stepStride);
            bx = ref Unsafe.Add(ref bx, m);
            by = ref Unsafe.Add(ref by, m);
        }
        c00.StoreUnsafe(ref c, o0 + x); Store(keep1, c01, ref c, o0 + y);
        c10.StoreUnsafe(ref c, o1 + x); Store(keep1, c11, ref c, o1 + y);
        c20.StoreUnsafe(ref c, o2 + x); Store(keep1, c21, ref c, o2 + y);
        c30.StoreUnsafe(ref c, o3 + x); Store(keep1, c31, ref c, o3 + y);
    }

    // c[r..r+4, j..j+8] += the product's tile, for the lanes in `keep`: 4 accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x8(ref float a, int rowStride, int stepStride, ref float b, ref float c, int r, int j, Vector256<float> keep, int steps, int m)
    {
        nuint o0 = (nuint)(r * m + j), o1 = o0 + (nuint)m, o2 = o1 + (nuint)m, o3 = o2 + (nuint)m;
        Vector256<float> c0 = Vector256.LoadUnsafe(ref c, o0), c1 = Vector256.LoadUnsafe(ref c, o1);
        Vector256<float> c2 = Vector256.LoadUnsafe(ref c, o2), c3 = Vector256.LoadUnsafe(ref c, o3);
        for (int t = 0; t < steps; t++)
        {
            var bv = Vector256.LoadUnsafe(ref b, (nuint)(t * m + j));
            int at = r * rowStride + t * stepStride;
            c0 = FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a, at)), bv, c0);
            c1 = FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a, at + rowStride)), bv, c1);
            c2 = FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a, at + 2 * rowStride)), bv, c2);
            c3 = FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a, at + 3 * rowStride)), bv, c3);
        }
        Store(keep, c0, ref c, o0);
        Store(keep, c1, ref c, o1);
        Store(keep, c2, ref c, o2);
        Store(keep, c3, ref c, o3);
    }

    // c[r, j..j+8] += one row's share, for the lanes in `keep`. Not inlined: most products never reach
    // it, and a cold process should not compile it into every Tiles.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void TileRow(ref float a, int rowStride, int stepStride, ref float b, ref float c, int r, int j, Vector256<float> keep, int steps, int m)
    {
        nuint o = (nuint)(r * m + j);
        var acc = Vector256.LoadUnsafe(ref c, o);
        for (int t = 0; t < steps; t++)
            acc = FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a, r * rowStride + t * stepStride)), Vector256.LoadUnsafe(ref b, (nuint)(t * m + j)), acc);
        Store(keep, acc, ref c, o);
    }

    // Stores the lanes of `value` in `keep`; the others keep what c holds (another tile's result).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> keep, Vector256<float> value, ref float c, nuint offset) =>
        Vector256.ConditionalSelect(keep, value, Vector256.LoadUnsafe(ref c, offset)).StoreUnsafe(ref c, offset);

    // Fewer than 8 columns. One column read along a's rows is a dot product; read down a's columns
    // (aᵀ·b), a sum of a's rows scaled by b, both vectorized. Other narrow widths go element by element.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void NarrowTiles(ref float a, int rowStride, int stepStride, ref float b, ref float c, int rows, int steps, int m)
    {
        if (m == 1 && stepStride == 1)
        {
            var column = MemoryMarshal.CreateReadOnlySpan(ref b, steps);
            for (int r = 0; r < rows; r++)
                Unsafe.Add(ref c, r) += Dot(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref a, r * rowStride), steps), column);
            return;
        }
        if (m == 1 && rowStride == 1)
        {
            var result = MemoryMarshal.CreateSpan(ref c, rows);
            for (int t = 0; t < steps; t++)
                MultiplyAdd(Unsafe.Add(ref b, t), MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref a, t * stepStride), rows), result);
            return;
        }
        for (int r = 0; r < rows; r++)
            for (int t = 0; t < steps; t++)
            {
                float av = Unsafe.Add(ref a, r * rowStride + t * stepStride);
                for (int j = 0; j < m; j++) Unsafe.Add(ref c, r * m + j) += av * Unsafe.Add(ref b, t * m + j);
            }
    }

    // x * y + addend, fused where the CPU has FMA (one rounding instead of two, as BLAS does).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> FusedMultiplyAdd(Vector256<float> x, Vector256<float> y, Vector256<float> addend) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, addend) : x * y + addend;

    /// <summary>
    /// <c>c += a · bᵀ</c> for row-major <c>a</c> (n×m), <c>b</c> (k×m), <c>c</c> (n×k): the left gradient
    /// of a product, as dot products of rows: two rows of a against four of b at a time, so that
    /// six vector loads feed eight products.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MatMulAddTransposedB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n, int m, int k)
    {
        CheckMatrices(a.Length, n * m, b.Length, k * m, c.Length, n * k);
        // Short rows (a product's gradient through a narrow matrix): dot products of fewer than 32 would
        // spend more on their horizontal sums than on the products, so bᵀ is copied once
        // and c filled by the register tiles instead.
        if (m < ShortDot && k * m <= TransposeLimit && Vector256.IsHardwareAccelerated && k >= Vector256<float>.Count)
        {
            // A buffer per thread rather than stackalloc, which would zero it on every call.
            var bt = (t_transposed ??= new float[TransposeLimit]).AsSpan(0, k * m);
            ref float from = ref MemoryMarshal.GetReference(b);
            ref float to = ref MemoryMarshal.GetReference(bt);
            for (int p = 0; p < k; p++)
                for (int j = 0; j < m; j++) Unsafe.Add(ref to, j * k + p) = Unsafe.Add(ref from, p * m + j);
            Tiles(a, m, 1, bt, c, n, m, k);
            return;
        }
        DotTiles(a, b, c, n, m, k);
    }

    private const int ShortDot = 32, TransposeLimit = 8192;

    [ThreadStatic]
    private static float[]? t_transposed;

    // c += a · bᵀ as dot products of rows, for rows of 32 or more.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void DotTiles(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n, int m, int k)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && m >= Vector256<float>.Count)
        {
            ref float ra = ref MemoryMarshal.GetReference(a);
            ref float rb = ref MemoryMarshal.GetReference(b);
            ref float rc = ref MemoryMarshal.GetReference(c);
            for (; i + 2 <= n; i += 2)
            {
                int p = 0;
                for (; p + 4 <= k; p += 4) Dot2x4(ref ra, ref rb, ref rc, i, p, m, k);
                for (; p < k; p++)
                {
                    c[i * k + p] += Dot(a.Slice(i * m, m), b.Slice(p * m, m));
                    c[(i + 1) * k + p] += Dot(a.Slice((i + 1) * m, m), b.Slice(p * m, m));
                }
            }
        }
        for (; i < n; i++)
        {
            var ai = a.Slice(i * m, m);
            int p = 0;
            for (; p + 4 <= k; p += 4)
            {
                Dot4(ai, b.Slice(p * m, m), b.Slice((p + 1) * m, m), b.Slice((p + 2) * m, m), b.Slice((p + 3) * m, m),
                    out float d0, out float d1, out float d2, out float d3);
                c[i * k + p] += d0;
                c[i * k + p + 1] += d1;
                c[i * k + p + 2] += d2;
                c[i * k + p + 3] += d3;
            }
            for (; p < k; p++) c[i * k + p] += Dot(ai, b.Slice(p * m, m));
        }
    }

    // c[i..i+2, p..p+4] += rows i, i+1 of a dotted with rows p..p+3 of b (all of length m ≥ 8).
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Dot2x4(ref float a, ref float b, ref float c, int i, int p, int m, int k)
    {
        nuint x0 = (nuint)(i * m), x1 = x0 + (nuint)m;
        nuint y0 = (nuint)(p * m), y1 = y0 + (nuint)m, y2 = y1 + (nuint)m, y3 = y2 + (nuint)m;
        Vector256<float> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector256<float> s10 = default, s11 = default, s12 = default, s13 = default;
        nuint j = 0;
        for (; j + 8 <= (nuint)m; j += 8)
        {
            var u = Vector256.LoadUnsafe(ref a, x0 + j);
            var v = Vector256.LoadUnsafe(ref a, x1 + j);
            var w = Vector256.LoadUnsafe(ref b, y0 + j);
            s00 = FusedMultiplyAdd(u, w, s00);
            s10 = FusedMultiplyAdd(v, w, s10);
            w = Vector256.LoadUnsafe(ref b, y1 + j);
            s01 = FusedMultiplyAdd(u, w, s01);
            s11 = FusedMultiplyAdd(v, w, s11);
            w = Vector256.LoadUnsafe(ref b, y2 + j);
            s02 = FusedMultiplyAdd(u, w, s02);
            s12 = FusedMultiplyAdd(v, w, s12);
            w = Vector256.LoadUnsafe(ref b, y3 + j);
            s03 = FusedMultiplyAdd(u, w, s03);
            s13 = FusedMultiplyAdd(v, w, s13);
        }
        float d00 = Vector256.Sum(s00), d01 = Vector256.Sum(s01), d02 = Vector256.Sum(s02), d03 = Vector256.Sum(s03);
        float d10 = Vector256.Sum(s10), d11 = Vector256.Sum(s11), d12 = Vector256.Sum(s12), d13 = Vector256.Sum(s13);
        for (; j < (nuint)m; j++)
        {
            float u = Unsafe.Add(ref a, x0 + j), v = Unsafe.Add(ref a, x1 + j);
            float w0 = Unsafe.Add(ref b, y0 + j), w1 = Unsafe.Add(ref b, y1 + j), w2 = Unsafe.Add(ref b, y2 + j), w3 = Unsafe.Add(ref b, y3 + j);
            d00 += u * w0; d01 += u * w1; d02 += u * w2; d03 += u * w3;
            d10 += v * w0; d11 += v * w1; d12 += v * w2; d13 += v * w3;
        }
        ref float c0 = ref Unsafe.Add(ref c, i * k + p);
        ref float c1 = ref Unsafe.Add(ref c, (i + 1) * k + p);
        c0 += d00; Unsafe.Add(ref c0, 1) += d01; Unsafe.Add(ref c0, 2) += d02; Unsafe.Add(ref c0, 3) += d03;
        c1 += d10; Unsafe.Add(ref c1, 1) += d11; Unsafe.Add(ref c1, 2) += d12; Unsafe.Add(ref c1, 3) += d13;
    }

    /// <summary>
    /// <c>c += aᵀ · b</c> for row-major <c>a</c> (n×k), <c>b</c> (n×m), <c>c</c> (k×m): the right gradient
    /// of a product, in 4-row tiles of c.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MatMulAddTransposedA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n, int k, int m)
    {
        CheckMatrices(a.Length, n * k, b.Length, n * m, c.Length, k * m);
        Tiles(a, 1, k, b, c, k, n, m);
    }

    // Four dot products of one row against four others, sharing the loads of the first.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4(ReadOnlySpan<float> x, ReadOnlySpan<float> y0, ReadOnlySpan<float> y1, ReadOnlySpan<float> y2, ReadOnlySpan<float> y3,
        out float d0, out float d1, out float d2, out float d3)
    {
        int j = 0;
        d0 = d1 = d2 = d3 = 0f;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<float>.Count)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; j + 8 <= x.Length; j += 8)
            {
                var xv = Vector256.Create(x.Slice(j));
                a0 += xv * Vector256.Create(y0.Slice(j));
                a1 += xv * Vector256.Create(y1.Slice(j));
                a2 += xv * Vector256.Create(y2.Slice(j));
                a3 += xv * Vector256.Create(y3.Slice(j));
            }
            (d0, d1, d2, d3) = (Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3));
        }
        for (; j < x.Length; j++)
        {
            d0 += x[j] * y0[j];
            d1 += x[j] * y1[j];
            d2 += x[j] * y2[j];
            d3 += x[j] * y3[j];
        }
    }

    private static void CheckMatrices(int a, int aExpected, int b, int bExpected, int c, int cExpected)
    {
        if (a != aExpected || b != bExpected || c != cExpected)
            throw new ArgumentException($"Matrix spans of lengths {a}, {b}, {c} do not fit the sizes (expected {aExpected}, {bExpected}, {cExpected}).");
    }

    /// <summary><c>Σ a[j] b[j]</c>, vectorized like <see cref="MultiplyAdd"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Spans must have the same length.", nameof(b));
        int j = 0;
        float sum = 0f;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<float>.Count)
        {
            var acc = Vector256<float>.Zero;
            for (; j <= a.Length - Vector256<float>.Count; j += Vector256<float>.Count)
                acc += Vector256.Create(a.Slice(j)) * Vector256.Create(b.Slice(j));
            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && a.Length >= Vector128<float>.Count)
        {
            var acc = Vector128<float>.Zero;
            for (; j <= a.Length - Vector128<float>.Count; j += Vector128<float>.Count)
                acc += Vector128.Create(a.Slice(j)) * Vector128.Create(b.Slice(j));
            sum = Vector128.Sum(acc);
        }
        for (; j < a.Length; j++) sum += a[j] * b[j];
        return sum;
    }
}
