using System;
using System.Runtime.Intrinsics;
using TensorDsl.Kernels;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>The vector helpers generated kernels call, against the scalar math they replace.</summary>
public class KernelSupportTests
{
    [Fact]
    public void VectorTanhHandlesInfinitiesAndNaN()
    {
        var r = KernelSupport.Tanh(Vector128.Create(float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0f));
        Assert.Equal(1f, r[0]);
        Assert.Equal(-1f, r[1]);
        Assert.True(float.IsNaN(r[2]));
        Assert.Equal(0f, r[3]);
    }

    [Fact]
    public void MultiplyAddAndDotMatchScalarLoops()
    {
        var random = new Random(3);
        foreach (int n in new[] { 1, 3, 4, 7, 8, 9, 17, 64 })
        {
            var a = new float[n];
            var b = new float[n];
            var d = new float[n];
            for (int i = 0; i < n; i++) (a[i], b[i], d[i]) = ((float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble());
            var expected = new float[n];
            double dot = 0;
            for (int i = 0; i < n; i++) { expected[i] = d[i] + 0.5f * b[i]; dot += a[i] * b[i]; }
            KernelSupport.MultiplyAdd(0.5f, b, d);
            Assert.Equal(expected, d);
            Assert.Equal(dot, KernelSupport.Dot(a, b), 1e-5);
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(4, 3, 8)]
    [InlineData(5, 7, 9)]
    [InlineData(8, 16, 24)]
    [InlineData(13, 5, 17)]
    // Narrow widths: 10 and 13 columns end with an overlapping vector; 1 column is a dot product
    // (or a sum of rows); 3 goes element by element; short rows of a·bᵀ go through a copy of bᵀ.
    // With AVX-512, 45 columns are a block of 32 and an overlapping one, 13 rows two groups of 6 and
    // an overlapping one, and 300 steps of 45 are copied in panels of 128 steps.
    [InlineData(16, 64, 10)]
    [InlineData(16, 10, 64)]
    [InlineData(9, 20, 13)]
    [InlineData(7, 9, 1)]
    [InlineData(6, 12, 3)]
    [InlineData(5, 33, 31)]
    [InlineData(64, 256, 10)]
    [InlineData(13, 300, 45)]
    [InlineData(64, 256, 256)]
    public void BlockedMatrixProductsMatchTheDefinition(int n, int k, int m)
    {
        var random = new Random(n * 100 + k * 10 + m);
        float[] R(int len) { var v = new float[len]; for (int i = 0; i < len; i++) v[i] = (float)(random.NextDouble() * 2 - 1); return v; }
        var a = R(n * k); var b = R(k * m); var c0 = R(n * m);

        // c += a·b
        var c = (float[])c0.Clone();
        KernelSupport.MatMulAdd(a, b, c, n, k, m);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double e = c0[i * m + j];
                for (int p = 0; p < k; p++) e += a[i * k + p] * b[p * m + j];
                Assert.Equal(e, c[i * m + j], 1e-4);
            }

        // g += c0·bᵀ with c0 as n×m, b as k×m: g is n×k
        var g0 = R(n * k);
        var g = (float[])g0.Clone();
        KernelSupport.MatMulAddTransposedB(c0, b, g, n, m, k);
        for (int i = 0; i < n; i++)
            for (int p = 0; p < k; p++)
            {
                double e = g0[i * k + p];
                for (int j = 0; j < m; j++) e += c0[i * m + j] * b[p * m + j];
                Assert.Equal(e, g[i * k + p], 1e-4);
            }

        // h += aᵀ·c0 with a as n×k, c0 as n×m: h is k×m
        var h0 = R(k * m);
        var h = (float[])h0.Clone();
        KernelSupport.MatMulAddTransposedA(a, c0, h, n, k, m);
        for (int p = 0; p < k; p++)
            for (int j = 0; j < m; j++)
            {
                double e = h0[p * m + j];
                for (int i = 0; i < n; i++) e += a[i * k + p] * c0[i * m + j];
                Assert.Equal(e, h[p * m + j], 1e-4);
            }
    }

    [Fact]
    public void AnInfiniteFactorReachesOnlyItsOwnRow()
    {
        // The last, overlapping vector of a 10-wide product computes lanes it does not store; an
        // infinity in a must still give ∞ in its row and leave the other rows exact, with no NaN.
        int n = 4, k = 3, m = 10;
        var a = new float[n * k];
        Array.Fill(a, 1f);
        a[0] = float.PositiveInfinity;
        var b = new float[k * m];
        for (int i = 0; i < b.Length; i++) b[i] = i + 1;
        var c = new float[n * m];
        KernelSupport.MatMulAdd(a, b, c, n, k, m);
        for (int j = 0; j < m; j++)
        {
            Assert.Equal(float.PositiveInfinity, c[j]);
            for (int i = 1; i < n; i++) Assert.Equal(b[j] + b[m + j] + b[2 * m + j], c[i * m + j]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ProductsFrom512CubedSplitAcrossCoresGiveTheOneCoreSums(bool transposedWeight)
    {
        // 520×512 by 512×512 is past the size where the eager product splits c's rows between cores;
        // each row's sums are then those one core computes, bit for bit.
        int n = 520, k = 512, m = 512;
        Assert.True((long)n * k * m >= Tensor.ParallelProductSize);
        var random = new Random(5);
        float[] R(int len) { var v = new float[len]; for (int i = 0; i < len; i++) v[i] = (float)(random.NextDouble() * 2 - 1); return v; }
        var (a, b) = (R(n * k), R(k * m));
        var expected = new float[n * m];
        if (transposedWeight) KernelSupport.MatMulAddTransposedB(a, b, expected, n, k, m);
        else KernelSupport.MatMulAdd(a, b, expected, n, k, m);
        var ta = Torch.Tensor(a).Reshape(n, k);
        var tb = transposedWeight ? Torch.Tensor(b).Reshape(m, k).T() : Torch.Tensor(b).Reshape(k, m);
        Assert.Equal(expected, ta.MatMul(tb).ToArray<float>());
    }

    [Fact]
    public void TheWarmUpRunsEveryProductPathAndRespectsItsSwitch()
    {
        KernelSupport.WarmUp();
        // Off: nothing is queued. On (or unset): the action runs on a thread-pool thread.
        bool ranWhileOff = false;
        try
        {
            AppContext.SetSwitch(KernelSupport.WarmUpSwitch, false);
            KernelSupport.QueueWarmUp(() => ranWhileOff = true);
        }
        finally
        {
            AppContext.SetSwitch(KernelSupport.WarmUpSwitch, true);
        }
        using var ran = new System.Threading.ManualResetEventSlim();
        KernelSupport.QueueWarmUp(() => ran.Set());
        Assert.True(ran.Wait(TimeSpan.FromSeconds(30)));
        Assert.False(ranWhileOff);
    }
}
