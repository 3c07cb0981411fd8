using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>Arithmetic operators with broadcasting and the unary functions, against hand-derived values.</summary>
public class ElementwiseTests
{
    // a = [[1, 2, 3], [4, 5, 6]], b = [10, 20, 30], c = [[1], [2]]
    private static Tensor A => Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
    private static Tensor B => Torch.Tensor([10f, 20f, 30f]);
    private static Tensor C => Torch.Tensor(new float[,] { { 1 }, { 2 } });

    [Fact]
    public void AddBroadcastsARow() => TensorAssert.Float32(A + B, [2, 3], 11, 22, 33, 14, 25, 36);

    [Fact]
    public void AddBroadcastsBothOperands() => TensorAssert.Float32(C + B, [2, 3], 11, 21, 31, 12, 22, 32);

    [Fact]
    public void SubBroadcastsAColumn()
    {
        TensorAssert.Float32(A - C, [2, 3], 0, 1, 2, 2, 3, 4);
        TensorAssert.Float32(C - A, [2, 3], 0, -1, -2, -2, -3, -4);
    }

    [Fact]
    public void MulBroadcasts() => TensorAssert.Float32(A * B, [2, 3], 10, 40, 90, 40, 100, 180);

    [Fact]
    public void DivBroadcasts()
    {
        TensorAssert.Float32(A / C, [2, 3], 1, 2, 3, 2, 2.5f, 3);
        TensorAssert.Close(B / A, DType.Float32, [2, 3], 1e-5, 10, 10, 10, 2.5, 4, 5);
    }

    [Fact]
    public void ThreeDimensionalBroadcast()
    {
        // [2, 1, 3] + [4, 1] -> [2, 4, 3]; element [i, j, k] = x[i, 0, k] + y[j, 0]
        var x = Torch.Tensor(new float[,,] { { { 0, 1, 2 } }, { { 10, 11, 12 } } });
        var y = Torch.Tensor(new float[,] { { 100 }, { 200 }, { 300 }, { 400 } });
        var r = x + y;
        TensorAssert.Shape(r, 2, 4, 3);
        var v = r.ToArray<float>();
        for (int i = 0; i < 2; i++)
        for (int j = 0; j < 4; j++)
        for (int k = 0; k < 3; k++)
            Assert.Equal(10 * i + k + 100 * (j + 1), v[i * 12 + j * 3 + k]);
    }

    [Fact]
    public void ZeroDimOperandBroadcastsEverywhere() =>
        TensorAssert.Float32(A * Torch.Tensor(2f), [2, 3], 2, 4, 6, 8, 10, 12);

    [Fact]
    public void TensorWithNumber()
    {
        TensorAssert.Float32(A + 1.5, [2, 3], 2.5f, 3.5f, 4.5f, 5.5f, 6.5f, 7.5f);
        TensorAssert.Float32(A - 1L, [2, 3], 0, 1, 2, 3, 4, 5);
        TensorAssert.Float32(A * 2L, [2, 3], 2, 4, 6, 8, 10, 12);
        TensorAssert.Float32(A / 4.0, [2, 3], 0.25f, 0.5f, 0.75f, 1, 1.25f, 1.5f);
        TensorAssert.Float32(A + 1L, [2, 3], 2, 3, 4, 5, 6, 7);
        TensorAssert.Float32(A - 0.5, [2, 3], 0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f);
        TensorAssert.Float32(A * 0.5, [2, 3], 0.5f, 1, 1.5f, 2, 2.5f, 3);
        TensorAssert.Float32(A / 2L, [2, 3], 0.5f, 1, 1.5f, 2, 2.5f, 3);
    }

    [Fact]
    public void NumberWithTensor()
    {
        TensorAssert.Float32(1.5 + A, [2, 3], 2.5f, 3.5f, 4.5f, 5.5f, 6.5f, 7.5f);
        TensorAssert.Float32(10L - A, [2, 3], 9, 8, 7, 6, 5, 4);
        TensorAssert.Float32(0.5 - A, [2, 3], -0.5f, -1.5f, -2.5f, -3.5f, -4.5f, -5.5f);
        TensorAssert.Float32(3L * A, [2, 3], 3, 6, 9, 12, 15, 18);
        TensorAssert.Float32(0.5 * A, [2, 3], 0.5f, 1, 1.5f, 2, 2.5f, 3);
        TensorAssert.Float32(2L + A, [2, 3], 3, 4, 5, 6, 7, 8);
        TensorAssert.Close(12.0 / A, DType.Float32, [2, 3], 1e-6, 12, 6, 4, 3, 2.4, 2);
        TensorAssert.Close(12L / A, DType.Float32, [2, 3], 1e-6, 12, 6, 4, 3, 2.4, 2);
    }

    [Fact]
    public void NegationOperatorAndNeg()
    {
        TensorAssert.Float32(-A, [2, 3], -1, -2, -3, -4, -5, -6);
        TensorAssert.Float64(Torch.Tensor([1.5, -2.0, 0.0]).Neg(), [3], -1.5, 2.0, -0.0);
        Assert.True(double.IsNegative(Torch.Tensor([0.0]).Neg().ToArray<double>()[0]));
    }

    [Fact]
    public void Exp() =>
        TensorAssert.Close(Torch.Tensor([0.0, 1.0, -1.0, 2.0]).Exp(), DType.Float64, [4], 1e-15,
            1.0, Math.E, 1 / Math.E, Math.E * Math.E);

    [Fact]
    public void Log() =>
        TensorAssert.Close(Torch.Tensor([1f, (float)Math.E, 0.5f, 0f, -1f]).Log(), DType.Float32, [5], 1e-6,
            0.0, 1.0, -0.6931471805599453, double.NegativeInfinity, double.NaN);

    [Fact]
    public void Sqrt() => TensorAssert.Float32(Torch.Tensor([0f, 4f, 2.25f, 0.0625f]).Sqrt(), [4], 0f, 2f, 1.5f, 0.25f);

    [Fact]
    public void Tanh() =>
        TensorAssert.Close(Torch.Tensor([0.0, 0.5, -0.5, 20.0]).Tanh(), DType.Float64, [4], 1e-15,
            0.0, 0.46211715726000974, -0.46211715726000974, 1.0);

    // sigmoid(0) = 1/2, sigmoid(2) = 1/(1+e^-2), sigmoid(-2) = 1 - sigmoid(2)
    [Fact]
    public void Sigmoid() =>
        TensorAssert.Close(Torch.Tensor([0.0, 2.0, -2.0]).Sigmoid(), DType.Float64, [3], 1e-15,
            0.5, 0.8807970779778823, 0.11920292202211755);

    [Fact]
    public void Relu() => TensorAssert.Float32(Torch.Tensor([-1f, 0f, 2f, -0.5f]).Relu(), [4], 0f, 0f, 2f, 0f);

    [Fact]
    public void Abs() => TensorAssert.Float32(Torch.Tensor([-2f, 0f, 3f, -0.25f]).Abs(), [4], 2f, 0f, 3f, 0.25f);

    [Fact]
    public void PowWithSeveralExponents()
    {
        var x = Torch.Tensor([4f, 0.5f, -3f]);
        TensorAssert.Float32(x.Pow(2), [3], 16f, 0.25f, 9f);
        TensorAssert.Float32(x.Pow(3), [3], 64f, 0.125f, -27f);
        TensorAssert.Float32(x.Pow(1), [3], 4f, 0.5f, -3f);
        TensorAssert.Float32(x.Pow(0), [3], 1f, 1f, 1f);
        TensorAssert.Float32(x.Pow(-1), [3], 0.25f, 2f, -1f / 3f);
        TensorAssert.Float32(x.Pow(-2), [3], 1f / 16f, 4f, 1f / 9f);
        TensorAssert.Close(x.Pow(0.5), DType.Float32, [3], 1e-7, 2, Math.Sqrt(0.5), double.NaN);
        TensorAssert.Close(x.Pow(1.5), DType.Float32, [3], 1e-6, 8, Math.Pow(0.5, 1.5), double.NaN);
        TensorAssert.Close(Torch.Tensor([8.0]).Pow(1.0 / 3), DType.Float64, [1], 1e-15, 2.0);
    }

    [Fact]
    public void OpsOnNonContiguousOperandsReadThroughStrides()
    {
        // A.T() = [[1, 4], [2, 5], [3, 6]]
        var t = A.T();
        TensorAssert.Float32(t + Torch.Tensor([10f, 20f]), [3, 2], 11, 24, 12, 25, 13, 26);
        TensorAssert.Close(t.Exp().Log(), DType.Float32, [3, 2], 1e-6, 1, 4, 2, 5, 3, 6);
        TensorAssert.Float32(A[1..] * A[0], [1, 3], 4, 10, 18);
        TensorAssert.Float32(A.Select(1, 1) * Torch.Tensor([3f, 4f]), [2], 6, 20);
    }

    [Fact]
    public void OperandsAreNotModified()
    {
        var a = A;
        var b = B;
        _ = a + b;
        _ = a * b;
        _ = -a;
        _ = a.Exp();
        TensorAssert.Float32(a, [2, 3], 1, 2, 3, 4, 5, 6);
        TensorAssert.Float32(b, [3], 10, 20, 30);
    }
}
