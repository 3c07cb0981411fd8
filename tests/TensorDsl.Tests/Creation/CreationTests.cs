using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>Torch.Tensor(data): the element type gives the dtype (as torch.from_numpy), shapes from C# arrays.</summary>
public class CreationTests
{
    // ---- scalars ---------------------------------------------------------------------------

    [Fact]
    public void ScalarsTakeTheirDTypeFromTheElementType()
    {
        TensorAssert.Float32(Torch.Tensor(2.5f), [], 2.5f);
        TensorAssert.Float64(Torch.Tensor(2.5), [], 2.5);
        TensorAssert.Int64(Torch.Tensor(7L), [], 7L);
        TensorAssert.Int32(Torch.Tensor(7), [], 7);
        TensorAssert.Bool(Torch.Tensor(true), [], true);
    }

    [Fact]
    public void ScalarHasNoDimsAndOneElement()
    {
        var t = Torch.Tensor(3f);
        Assert.Equal(0, t.Dim);
        Assert.Equal(1, t.Numel);
        Assert.Equal("torch.Size([])", t.Shape.ToString());
        Assert.Equal(3f, t.Item<float>());
    }

    // ---- 1-D -------------------------------------------------------------------------------

    [Fact]
    public void VectorsOfEveryElementType()
    {
        TensorAssert.Float32(Torch.Tensor(new[] { 1f, -2f, 3.5f }), [3], 1f, -2f, 3.5f);
        TensorAssert.Float64(Torch.Tensor(new[] { 1.0, 0.1 }), [2], 1.0, 0.1);
        TensorAssert.Int64(Torch.Tensor(new[] { 5L, -6L }), [2], 5L, -6L);
        TensorAssert.Int32(Torch.Tensor(new[] { 5, -6, 0 }), [3], 5, -6, 0);
        TensorAssert.Bool(Torch.Tensor(new[] { true, false }), [2], true, false);
    }

    [Fact]
    public void EmptyVector()
    {
        var t = Torch.Tensor(Array.Empty<float>());
        TensorAssert.Float32(t, [0]);
        Assert.Equal(0, t.Numel);
        Assert.Equal(1, t.Dim);
    }

    [Fact]
    public void CollectionExpressionVector()
    {
        TensorAssert.Float32(Torch.Tensor([1f, 2f, 3f]), [3], 1f, 2f, 3f);
        TensorAssert.Int64(Torch.Tensor([1L, 2L]), [2], 1L, 2L);
    }

    [Fact]
    public void DataIsCopied()
    {
        float[] data = [1f, 2f];
        var t = Torch.Tensor(data);
        data[0] = 100f;
        TensorAssert.Float32(t, [2], 1f, 2f);
    }

    // ---- rectangular arrays ----------------------------------------------------------------

    [Fact]
    public void RectangularMatrix()
    {
        var t = Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        TensorAssert.Float32(t, [2, 3], 1, 2, 3, 4, 5, 6);
        Assert.Equal(2, t.Dim);
        Assert.Equal(6, t.Numel);
    }

    [Fact]
    public void RectangularArraysOfEveryElementTypeAndRank()
    {
        TensorAssert.Float64(Torch.Tensor(new double[,] { { 1.5 }, { 2.5 } }), [2, 1], 1.5, 2.5);
        TensorAssert.Int64(Torch.Tensor(new long[,] { { 1, 2 } }), [1, 2], 1, 2);
        TensorAssert.Int32(Torch.Tensor(new int[,,] { { { 1, 2, 3 } }, { { 4, 5, 6 } } }), [2, 1, 3], 1, 2, 3, 4, 5, 6);
        TensorAssert.Bool(Torch.Tensor(new bool[,] { { true, false }, { false, true } }), [2, 2], true, false, false, true);
        TensorAssert.Float32(Torch.Tensor(new float[,,] { { { 1, 2 }, { 3, 4 } }, { { 5, 6 }, { 7, 8 } } }), [2, 2, 2], 1, 2, 3, 4, 5, 6, 7, 8);
        TensorAssert.Float64(Torch.Tensor(new double[,,,] { { { { 1, 2 } }, { { 3, 4 } } } }), [1, 2, 1, 2], 1, 2, 3, 4);
        TensorAssert.Int64(Torch.Tensor(new long[,,,] { { { { 9 } } } }), [1, 1, 1, 1], 9);
        TensorAssert.Int32(Torch.Tensor(new int[2, 0]), [2, 0]);
        TensorAssert.Bool(Torch.Tensor(new bool[,,] { { { true } } }), [1, 1, 1], true);
        TensorAssert.Bool(Torch.Tensor(new bool[,,,] { { { { false } }, { { true } } } }), [1, 2, 1, 1], false, true);
    }

    // ---- jagged arrays and nested collection expressions -----------------------------------

    [Fact]
    public void NestedCollectionExpressions()
    {
        TensorAssert.Float32(Torch.Tensor([[1f, 2f], [3f, 4f]]), [2, 2], 1f, 2f, 3f, 4f);
        TensorAssert.Float64(Torch.Tensor([[1.0, 2.0, 3.0]]), [1, 3], 1.0, 2.0, 3.0);
        TensorAssert.Int64(Torch.Tensor([[1L], [2L]]), [2, 1], 1L, 2L);
        TensorAssert.Int32(Torch.Tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]), [2, 2, 2], 1, 2, 3, 4, 5, 6, 7, 8);
        TensorAssert.Bool(Torch.Tensor([[true], [false]]), [2, 1], true, false);
    }

    [Fact]
    public void JaggedArraysOfEveryRank()
    {
        float[][][] t3 = [[[1f, 2f], [3f, 4f]], [[5f, 6f], [7f, 8f]]];
        TensorAssert.Float32(Torch.Tensor(t3), [2, 2, 2], 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f);
        double[][][][] t4 = [[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]];
        TensorAssert.Float64(Torch.Tensor(t4), [2, 2, 1, 1], 1.0, 2.0, 3.0, 4.0);
        long[][][] l3 = [[[1L, 2L, 3L]]];
        TensorAssert.Int64(Torch.Tensor(l3), [1, 1, 3], 1L, 2L, 3L);
        int[][][][] i4 = [[[[1, 2]]]];
        TensorAssert.Int32(Torch.Tensor(i4), [1, 1, 1, 2], 1, 2);
        bool[][][] b3 = [[[true]], [[false]]];
        TensorAssert.Bool(Torch.Tensor(b3), [2, 1, 1], true, false);
        float[][][][] f4 = [[[[1f, 2f], [3f, 4f]], [[5f, 6f], [7f, 8f]]]];
        TensorAssert.Float32(Torch.Tensor(f4), [1, 2, 2, 2], 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f);
        long[][][][] l4 = [[[[5L]]]];
        TensorAssert.Int64(Torch.Tensor(l4), [1, 1, 1, 1], 5L);
        bool[][][][] b4 = [[[[true, false]]]];
        TensorAssert.Bool(Torch.Tensor(b4), [1, 1, 1, 2], true, false);
        int[][] i2 = [[1, 2, 3], [4, 5, 6]];
        TensorAssert.Int32(Torch.Tensor(i2), [2, 3], 1, 2, 3, 4, 5, 6);
        double[][][] d3 = [[[0.5]]];
        TensorAssert.Float64(Torch.Tensor(d3), [1, 1, 1], 0.5);
    }

    // torch.tensor([[1, 2], [3, 4, 5]]) -> ValueError: expected sequence of length 2 at dim 1 (got 3)
    [Fact]
    public void RaggedInputFailsWithPyTorchsMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => Torch.Tensor([[1f, 2f], [3f, 4f, 5f]]));
        Assert.Equal("expected sequence of length 2 at dim 1 (got 3)", ex.Message);
    }

    [Fact]
    public void RaggedInputAtDeeperDims()
    {
        long[][][] shortRow = [[[1L, 2L], [3L, 4L]], [[5L, 6L], [7L]]];
        Assert.Equal("expected sequence of length 2 at dim 2 (got 1)",
            Assert.Throws<ArgumentException>(() => Torch.Tensor(shortRow)).Message);

        int[][][] fewerRows = [[[1], [2]], [[3]]];
        Assert.Equal("expected sequence of length 2 at dim 1 (got 1)",
            Assert.Throws<ArgumentException>(() => Torch.Tensor(fewerRows)).Message);

        bool[][][][] ragged4 = [[[[true, false]]], [[[true]]]];
        Assert.Equal("expected sequence of length 2 at dim 3 (got 1)",
            Assert.Throws<ArgumentException>(() => Torch.Tensor(ragged4)).Message);
    }

    // ---- dtype and requiresGrad ------------------------------------------------------------

    [Fact]
    public void DTypeOverrideConverts()
    {
        TensorAssert.Float32(Torch.Tensor(new[] { 1, 2, 3 }, dtype: DType.Float32), [3], 1f, 2f, 3f);
        TensorAssert.Float64(Torch.Tensor(new[] { 0.5f }, dtype: DType.Float64), [1], 0.5);
        // Floats convert to integers by truncation toward zero, as torch.tensor([1.7, -1.7], dtype=torch.int64).
        TensorAssert.Int64(Torch.Tensor(new[] { 1.7f, -1.7f }, dtype: DType.Int64), [2], 1L, -1L);
        TensorAssert.Bool(Torch.Tensor(new[] { 0.0, 2.0, -0.5 }, dtype: DType.Bool), [3], false, true, true);
        TensorAssert.Int32(Torch.Tensor(new[] { true, false }, dtype: DType.Int32), [2], 1, 0);
        TensorAssert.Float32(Torch.Tensor([[1L, 2L]], dtype: DType.Float32), [1, 2], 1f, 2f);
    }

    [Fact]
    public void RequiresGradMakesALeafThatRequiresGrad()
    {
        var t = Torch.Tensor([1f, 2f], requiresGrad: true);
        Assert.True(t.RequiresGrad);
        Assert.True(t.IsLeaf);
        Assert.Null(t.GradFn);
        Assert.Null(t.Grad);

        var d = Torch.Tensor(new[] { 1L, 2L }, dtype: DType.Float64, requiresGrad: true);
        Assert.Equal(DType.Float64, d.DType);
        Assert.True(d.RequiresGrad);
    }

    [Fact]
    public void RequiresGradOnIntegerOrBoolDataFails()
    {
        const string message = "Only Tensors of floating point and complex dtype can require gradients";
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => Torch.Tensor(new[] { 1L, 2L }, requiresGrad: true)).Message);
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => Torch.Tensor(new[] { 1, 2 }, requiresGrad: true)).Message);
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => Torch.Tensor(true, requiresGrad: true)).Message);
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => Torch.Tensor(new[] { 1f }, dtype: DType.Int64, requiresGrad: true)).Message);
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => Torch.Tensor(new[] { 1L }).RequiresGrad_()).Message);
    }

    // ---- Shape, Item, ToArray ----------------------------------------------------------------

    [Fact]
    public void ShapePrintsAsTorchSize()
    {
        var t = Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal("torch.Size([2, 3])", t.Shape.ToString());
        Assert.Equal("torch.Size([4])", Torch.Tensor(new[] { 1, 2, 3, 4 }).Shape.ToString());
        Assert.Equal(2, t.Shape.Count);
        Assert.Equal(3, t.Shape[1]);
        Assert.Equal(3, t.Shape[-1]);
        Assert.Equal(6L, t.Shape.Numel());
        Assert.Equal(new Size(2, 3), t.Shape);
        Assert.NotEqual(new Size(3, 2), t.Shape);
        int[] dims = t.Shape;
        Assert.Equal(new[] { 2, 3 }, dims);
    }

    [Fact]
    public void ItemConvertsTheSingleElement()
    {
        Assert.Equal(2.5f, Torch.Tensor(2.5f).Item<float>());
        Assert.Equal(2.5, Torch.Tensor(2.5f).Item<double>());
        Assert.Equal(7L, Torch.Tensor(new[] { 7L }).Item<long>());
        Assert.Equal(2, Torch.Tensor(2.9f).Item<int>());
        Assert.True(Torch.Tensor(new[,] { { 3 } }).Item<bool>());
        Assert.Equal(0.1, Torch.Tensor(0.1).Item<double>());
    }

    [Fact]
    public void ItemOnManyOrNoElementsFails()
    {
        var six = Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal("a Tensor with 6 elements cannot be converted to Scalar",
            Assert.Throws<InvalidOperationException>(() => six.Item<float>()).Message);
        Assert.Equal("a Tensor with 0 elements cannot be converted to Scalar",
            Assert.Throws<InvalidOperationException>(() => Torch.Tensor(Array.Empty<double>()).Item<double>()).Message);
    }

    [Fact]
    public void ToArrayIsRowMajorAndConverts()
    {
        var t = Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, t.ToArray<float>());
        Assert.Equal(new[] { 1L, 2L, 3L, 4L, 5L, 6L }, t.ToArray<long>());
        Assert.Equal(new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 }, t.ToArray<double>());
        // A transposed view reads in its own row-major order.
        Assert.Equal(new[] { 1f, 4f, 2f, 5f, 3f, 6f }, t.T().ToArray<float>());
        Assert.Equal(new[] { true, false }, Torch.Tensor(new[] { 2, 0 }).ToArray<bool>());
        Assert.Throws<NotSupportedException>(() => t.ToArray<short>());
    }
}
