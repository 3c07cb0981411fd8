using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>torch.matmul in each of its forms, against hand-derived products.</summary>
public class LinearAlgebraTests
{
    private static Tensor M(float[,] data) => Torch.Tensor(data);

    // [1, 2, 3] . [4, 5, 6] = 4 + 10 + 18 = 32
    [Fact]
    public void DotOfVectorsIsZeroDim() =>
        TensorAssert.Float32(Torch.Tensor([1f, 2f, 3f]).MatMul(Torch.Tensor([4f, 5f, 6f])), [], 32);

    // [[1, 2], [3, 4]] x [5, 6] = [17, 39]
    [Fact]
    public void MatrixTimesVector() =>
        TensorAssert.Float32(M(new float[,] { { 1, 2 }, { 3, 4 } }).MatMul(Torch.Tensor([5f, 6f])), [2], 17, 39);

    // [5, 6] x [[1, 2], [3, 4]] = [5 + 18, 10 + 24] = [23, 34]
    [Fact]
    public void VectorTimesMatrix() =>
        TensorAssert.Float32(Torch.Tensor([5f, 6f]).MatMul(M(new float[,] { { 1, 2 }, { 3, 4 } })), [2], 23, 34);

    // [[1, 2], [3, 4]] x [[5, 6], [7, 8]] = [[19, 22], [43, 50]]
    [Fact]
    public void MatrixTimesMatrix() =>
        TensorAssert.Float32(M(new float[,] { { 1, 2 }, { 3, 4 } }).MatMul(M(new float[,] { { 5, 6 }, { 7, 8 } })), [2, 2], 19, 22, 43, 50);

    // [2, 3] x [3, 1]: rows dotted with [1, 1, 1]
    [Fact]
    public void RectangularMatrices() =>
        TensorAssert.Float32(M(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }).MatMul(Torch.Ones(3, 1)), [2, 1], 6, 15);

    [Fact]
    public void IntegerMatrices() =>
        TensorAssert.Int64(Torch.Tensor(new long[,] { { 1, 2 }, { 3, 4 } }).MatMul(Torch.Tensor(new long[,] { { 1, 2 }, { 3, 4 } })), [2, 2], 7, 10, 15, 22);

    [Fact]
    public void BatchedMatrices()
    {
        // batch 0: [[1, 2], [3, 4]] x [[5, 6], [7, 8]]; batch 1: I x 2I
        var a = Torch.Tensor(new float[,,] { { { 1, 2 }, { 3, 4 } }, { { 1, 0 }, { 0, 1 } } });
        var b = Torch.Tensor(new float[,,] { { { 5, 6 }, { 7, 8 } }, { { 2, 0 }, { 0, 2 } } });
        TensorAssert.Float32(a.MatMul(b), [2, 2, 2], 19, 22, 43, 50, 2, 0, 0, 2);
    }

    [Fact]
    public void BatchTimesMatrixBroadcastsTheMatrix()
    {
        var a = Torch.Tensor(new float[,,] { { { 1, 2 }, { 3, 4 } }, { { 1, 0 }, { 0, 1 } } });
        var b = M(new float[,] { { 5, 6 }, { 7, 8 } });
        TensorAssert.Float32(a.MatMul(b), [2, 2, 2], 19, 22, 43, 50, 5, 6, 7, 8);
        // and a matrix times a batch: [[1, 2], [3, 4]] x each batch of a
        TensorAssert.Float32(M(new float[,] { { 1, 2 }, { 3, 4 } }).MatMul(a), [2, 2, 2], 7, 10, 15, 22, 1, 2, 3, 4);
    }

    [Fact]
    public void BatchTimesVectorAndVectorTimesBatch()
    {
        // a[0] = [[1, 2], [3, 4]], a[1] = [[5, 6], [7, 8]]
        var a = Torch.Tensor(new float[,,] { { { 1, 2 }, { 3, 4 } }, { { 5, 6 }, { 7, 8 } } });
        TensorAssert.Float32(a.MatMul(Torch.Tensor([1f, 1f])), [2, 2], 3, 7, 11, 15);
        TensorAssert.Float32(Torch.Tensor([1f, 1f]).MatMul(a), [2, 2], 4, 6, 12, 14);
    }

    // a[i] = (i + 1) I with shape [2, 1, 2, 2], b[j] = (j + 1) I with shape [3, 2, 2]: the product [2, 3, 2, 2] is (i + 1)(j + 1) I.
    [Fact]
    public void BroadcastBatchDims()
    {
        var a = Torch.Tensor(new float[,,,] { { { { 1, 0 }, { 0, 1 } } }, { { { 2, 0 }, { 0, 2 } } } });
        var b = Torch.Tensor(new float[,,] { { { 1, 0 }, { 0, 1 } }, { { 2, 0 }, { 0, 2 } }, { { 3, 0 }, { 0, 3 } } });
        var r = a.MatMul(b);
        TensorAssert.Shape(r, 2, 3, 2, 2);
        var v = r.ToArray<float>();
        for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
        {
            int at = (i * 3 + j) * 4;
            Assert.Equal(new[] { (i + 1f) * (j + 1), 0f, 0f, (i + 1f) * (j + 1) }, v[at..(at + 4)]);
        }
    }

    [Fact]
    public void NonContiguousOperands()
    {
        // A.T() x A where A = [[1, 2], [3, 4]]: [[1, 3], [2, 4]] x [[1, 2], [3, 4]] = [[10, 14], [14, 20]]
        var a = M(new float[,] { { 1, 2 }, { 3, 4 } });
        TensorAssert.Float32(a.T().MatMul(a), [2, 2], 10, 14, 14, 20);
        // column 1 of A dotted with row 0 of A: [2, 4] . [1, 2] = 10
        TensorAssert.Float32(a.Select(1, 1).MatMul(a[0]), [], 10);
    }

    [Fact]
    public void MixedDTypesFail()
    {
        Assert.Equal("expected m1 and m2 to have the same dtype, but got: float != double",
            Assert.Throws<ArgumentException>(() => Torch.Ones(2, 2).MatMul(Torch.Ones([2, 2], DType.Float64))).Message);
    }

    [Fact]
    public void TransposeAndPermuteValues()
    {
        var a = M(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        TensorAssert.Float32(a.T(), [3, 2], 1, 4, 2, 5, 3, 6);
        TensorAssert.Float32(a.Transpose(0, 1), [3, 2], 1, 4, 2, 5, 3, 6);
        TensorAssert.Float32(a.Transpose(-1, 0), [3, 2], 1, 4, 2, 5, 3, 6);
        TensorAssert.Float32(a.Transpose(1, 1), [2, 3], 1, 2, 3, 4, 5, 6);
        TensorAssert.Float32(a.Permute(1, 0), [3, 2], 1, 4, 2, 5, 3, 6);
        TensorAssert.Float32(a.Permute(-1, -2), [3, 2], 1, 4, 2, 5, 3, 6);
        TensorAssert.Float32(Torch.Tensor([1f, 2f]).T(), [2], 1, 2);
        TensorAssert.Float32(Torch.Tensor(3f).T(), [], 3);
    }
}
