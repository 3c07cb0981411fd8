using System;
using System.Linq;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>Sum, Mean, Max and Softmax/LogSoftmax along every dim, against hand-derived values.</summary>
public class ReductionTests
{
    // a = [[1, 2, 3], [4, 5, 6]]
    private static Tensor A => Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });

    // x[i, j, k] = 12 i + 4 j + k, shape [2, 3, 4]
    private static Tensor X => Torch.Tensor(TensorAssert.Range(24)).View(2, 3, 4);

    [Fact]
    public void SumOfAll()
    {
        TensorAssert.Float32(A.Sum(), [], 21);
        TensorAssert.Float32(X.Sum(), [], 276);
        TensorAssert.Float32(Torch.Tensor(5f).Sum(), [], 5);
        TensorAssert.Float32(Torch.Zeros(0).Sum(), [], 0);
    }

    [Fact]
    public void SumOverADim()
    {
        TensorAssert.Float32(A.Sum(0), [3], 5, 7, 9);
        TensorAssert.Float32(A.Sum(1), [2], 6, 15);
        TensorAssert.Float32(A.Sum(-1), [2], 6, 15);
        TensorAssert.Float32(A.Sum(-2), [3], 5, 7, 9);
    }

    [Fact]
    public void SumKeepDim()
    {
        TensorAssert.Float32(A.Sum(0, keepDim: true), [1, 3], 5, 7, 9);
        TensorAssert.Float32(A.Sum(1, keepDim: true), [2, 1], 6, 15);
    }

    [Fact]
    public void SumOverEachDimOf3D()
    {
        // over i: 12 + 8 j + 2 k; over j: 36 i + 12 + 3 k; over k: 48 i + 16 j + 6
        TensorAssert.Float32(X.Sum(0), [3, 4], 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34);
        TensorAssert.Float32(X.Sum(1), [2, 4], 12, 15, 18, 21, 48, 51, 54, 57);
        TensorAssert.Float32(X.Sum(2), [2, 3], 6, 22, 38, 54, 70, 86);
        TensorAssert.Float32(X.Sum(1, keepDim: true), [2, 1, 4], 12, 15, 18, 21, 48, 51, 54, 57);
        TensorAssert.Float32(X.Sum(-3), [3, 4], 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34);
    }

    [Fact]
    public void SumOfANonContiguousView()
    {
        // A.T() = [[1, 4], [2, 5], [3, 6]]
        TensorAssert.Float32(A.T().Sum(0), [2], 6, 15);
        TensorAssert.Float32(A.T().Sum(1), [3], 5, 7, 9);
        TensorAssert.Float32(X.Permute(2, 0, 1).Sum(2), [4, 2], 12, 48, 15, 51, 18, 54, 21, 57);
    }

    [Fact]
    public void ZeroDimSumOverItsOnlyDim()
    {
        TensorAssert.Float32(Torch.Tensor(3f).Sum(0), [], 3);
        TensorAssert.Float32(Torch.Tensor(3f).Sum(-1, keepDim: true), [], 3);
    }

    [Fact]
    public void Mean()
    {
        TensorAssert.Float32(A.Mean(), [], 3.5f);
        TensorAssert.Float32(A.Mean(0), [3], 2.5f, 3.5f, 4.5f);
        TensorAssert.Float32(A.Mean(1), [2], 2, 5);
        TensorAssert.Float32(A.Mean(-1, keepDim: true), [2, 1], 2, 5);
        TensorAssert.Float32(X.Mean(1), [2, 4], 4, 5, 6, 7, 16, 17, 18, 19);
        TensorAssert.Float64(Torch.Tensor([1.0, 2.0]).Mean(), [], 1.5);
        Assert.True(float.IsNaN(Torch.Zeros(0).Mean().Item<float>()));
    }

    [Fact]
    public void MaxOfAll()
    {
        var m = Torch.Tensor(new float[,] { { 1, 5, 3 }, { 4, 2, 6 } });
        TensorAssert.Float32(m.Max(), [], 6);
        TensorAssert.Float32(m.T().Max(), [], 6);
        TensorAssert.Int64(Torch.Tensor([3L, -1L, 7L]).Max(), [], 7);
        TensorAssert.Float32(Torch.Tensor([-3f, -1f, -7f]).Max(), [], -1);
        Assert.True(float.IsNaN(Torch.Tensor([1f, float.NaN, 3f]).Max().Item<float>()));
        Assert.Equal("max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
            Assert.Throws<ArgumentException>(() => Torch.Zeros(0).Max()).Message);
    }

    [Fact]
    public void MaxOverADimGivesValuesAndIndices()
    {
        var m = Torch.Tensor(new float[,] { { 1, 5, 3 }, { 4, 2, 6 } });
        var (v0, i0) = m.Max(0);
        TensorAssert.Float32(v0, [3], 4, 5, 6);
        TensorAssert.Int64(i0, [3], 1, 0, 1);
        var (v1, i1) = m.Max(1);
        TensorAssert.Float32(v1, [2], 5, 6);
        TensorAssert.Int64(i1, [2], 1, 2);
        var (vk, ik) = m.Max(-1, keepDim: true);
        TensorAssert.Float32(vk, [2, 1], 5, 6);
        TensorAssert.Int64(ik, [2, 1], 1, 2);
        var (vx, ix) = X.Max(1);
        TensorAssert.Float32(vx, [2, 4], 8, 9, 10, 11, 20, 21, 22, 23);
        TensorAssert.Int64(ix, [2, 4], 2, 2, 2, 2, 2, 2, 2, 2);
    }

    [Fact]
    public void MaxOverADimPicksTheFirstOfTies()
    {
        var (v, i) = Torch.Tensor(new float[,] { { 2, 7, 7 }, { 3, 3, 1 } }).Max(1);
        TensorAssert.Float32(v, [2], 7, 3);
        TensorAssert.Int64(i, [2], 1, 0);
    }

    [Fact]
    public void MaxOverADimOfIntegersKeepsTheDType()
    {
        var (v, i) = Torch.Tensor(new[,] { { 1, 9 }, { 8, 2 } }).Max(0);
        TensorAssert.Int32(v, [2], 8, 9);
        TensorAssert.Int64(i, [2], 1, 0);
    }

    // softmax([1, 2, 3]) = e^x / (e + e^2 + e^3) = [0.0900306, 0.2447285, 0.6652410]
    [Fact]
    public void SoftmaxOfAVector()
    {
        double s = Math.E + Math.Exp(2) + Math.Exp(3);
        var x = Torch.Tensor([1.0, 2.0, 3.0]);
        TensorAssert.Close(x.Softmax(0), DType.Float64, [3], 1e-15, Math.E / s, Math.Exp(2) / s, Math.Exp(3) / s);
        TensorAssert.Close(x.LogSoftmax(0), DType.Float64, [3], 1e-14, 1 - Math.Log(s), 2 - Math.Log(s), 3 - Math.Log(s));
        TensorAssert.Close(Torch.Tensor([1f, 2f, 3f]).Softmax(-1), DType.Float32, [3], 2e-7, 0.09003057317038046, 0.24472847105479764, 0.6652409557748219);
    }

    // [[1, 2], [3, 4]]: along dim 0 each column is (x, x + 2); along dim 1 each row is (x, x + 1).
    [Fact]
    public void SoftmaxAlongEachDimOfAMatrix()
    {
        var m = Torch.Tensor(new double[,] { { 1, 2 }, { 3, 4 } });
        double p2 = 1 / (1 + Math.Exp(-2)), p1 = 1 / (1 + Math.Exp(-1));
        TensorAssert.Close(m.Softmax(0), DType.Float64, [2, 2], 1e-15, 1 - p2, 1 - p2, p2, p2);
        TensorAssert.Close(m.Softmax(1), DType.Float64, [2, 2], 1e-15, 1 - p1, p1, 1 - p1, p1);
        TensorAssert.Close(m.Softmax(-2), DType.Float64, [2, 2], 1e-15, 1 - p2, 1 - p2, p2, p2);
        TensorAssert.Close(m.LogSoftmax(0), DType.Float64, [2, 2], 1e-14, Math.Log(1 - p2), Math.Log(1 - p2), Math.Log(p2), Math.Log(p2));
        TensorAssert.Close(m.LogSoftmax(1), DType.Float64, [2, 2], 1e-14, Math.Log(1 - p1), Math.Log(p1), Math.Log(1 - p1), Math.Log(p1));
        TensorAssert.Close(m.T().Softmax(1), DType.Float64, [2, 2], 1e-15, 1 - p2, p2, 1 - p2, p2);
    }

    [Fact]
    public void SoftmaxAlongEachDimOf3DSumsToOne()
    {
        var x = X / 10.0;
        for (int d = -3; d < 3; d++)
        {
            var s = x.Softmax(d);
            TensorAssert.Shape(s, 2, 3, 4);
            TensorAssert.Close(s.Sum(d), DType.Float32, d is 0 or -3 ? [3, 4] : d is 1 or -2 ? [2, 4] : [2, 3], 1e-6,
                Enumerable.Repeat(1.0, d is 0 or -3 ? 12 : d is 1 or -2 ? 8 : 6).ToArray());
            // Along dim 2 the entries differ by 0.1 steps: softmax ratios are e^0.1.
            if (d == 2 || d == -1)
            {
                var v = s.ToArray<float>();
                Assert.Equal(Math.Exp(0.1), v[1] / (double)v[0], 5);
            }
        }
    }

    [Fact]
    public void SoftmaxIsStableForLargeInputs()
    {
        TensorAssert.Float32(Torch.Tensor([1000f, 1000f]).Softmax(0), [2], 0.5f, 0.5f);
        TensorAssert.Close(Torch.Tensor([1000.0, 0.0]).LogSoftmax(0), DType.Float64, [2], 1e-12, 0, -1000);
        TensorAssert.Float32(Torch.Tensor(7f).Softmax(0), [], 1f);
        TensorAssert.Float32(Torch.Tensor(7f).LogSoftmax(-1), [], 0f);
    }

    [Fact]
    public void SoftmaxOfIntegersFails()
    {
        Assert.Equal("\"softmax_lastdim_kernel_impl\" not implemented for 'Long'",
            Assert.Throws<ArgumentException>(() => Torch.Arange(3).Softmax(0)).Message);
    }
}
