using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// Views share storage and read through strides and offsets; View follows PyTorch's contiguity rule
/// (computeStride), Reshape copies when no view exists. x[i, j, k] = 12 i + 4 j + k throughout.
/// </summary>
public class ViewTests
{
    private static Tensor X => Torch.Arange(24).View(2, 3, 4);

    private static Tensor XF => Torch.Tensor(TensorAssert.Range(24)).View(2, 3, 4);

    // The value at x[i, j, k].
    private static long At(int i, int j, int k) => 12 * i + 4 * j + k;

    // ---- view / reshape ----------------------------------------------------------------------

    [Fact]
    public void ViewInfersOneSize()
    {
        var x = X;
        TensorAssert.Int64(x.View(-1), [24], Range(24));
        TensorAssert.Int64(x.View(4, -1), [4, 6], Range(24));
        TensorAssert.Int64(x.View(-1, 2, 3), [4, 2, 3], Range(24));
        TensorAssert.Int64(x.View(2, 12), [2, 12], Range(24));
        TensorAssert.Int64(x.View(1, 24, 1), [1, 24, 1], Range(24));
        TensorAssert.Int64(Torch.Tensor(5L).View(1, 1), [1, 1], 5);
        TensorAssert.Int64(Torch.Tensor([5L]).View(), [], 5);
        TensorAssert.Float32(Torch.Zeros(0).View(3, 0), [3, 0]);
    }

    [Fact]
    public void ViewSharesStorageAndReshapeOfContiguousIsAView()
    {
        var x = XF;
        var v = x.View(6, 4);
        Assert.Same(x.Storage, v.Storage);
        Assert.Same(x.Storage, x.Reshape(4, 6).Storage);
        ((float[])x.Storage)[5] = -1f;
        Assert.Equal(-1f, v[1, 1].Item<float>());
        Assert.Equal(-1f, x[0, 1, 1].Item<float>());
    }

    // PyTorch: x.transpose(0, 1).view(-1) fails; .reshape(-1) copies.
    [Fact]
    public void ViewOfATransposedTensorFailsAndReshapeCopies()
    {
        var t = X.Transpose(0, 1); // [3, 2, 4], strides [4, 12, 1]
        Assert.False(t.IsContiguous());
        var ex = Assert.Throws<ArgumentException>(() => t.View(-1));
        Assert.Equal("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.", ex.Message);
        Assert.Throws<ArgumentException>(() => t.View(3, 8));
        Assert.Throws<ArgumentException>(() => t.View(6, 4));

        var r = t.Reshape(-1);
        Assert.NotSame(t.Storage, r.Storage);
        var expected = new long[24];
        int n = 0;
        for (int j = 0; j < 3; j++)
        for (int i = 0; i < 2; i++)
        for (int k = 0; k < 4; k++)
            expected[n++] = At(i, j, k);
        TensorAssert.Int64(r, [24], expected);
        TensorAssert.Int64(t.Reshape(6, 4), [6, 4], expected);
    }

    // Splitting the contiguous last dim of a transposed tensor, or merging dims that stay contiguous together, is a view.
    [Fact]
    public void ViewOfATransposedTensorWhereStridesAllow()
    {
        var t = X.Transpose(0, 1); // [3, 2, 4]
        var v = t.View(3, 2, 2, 2);
        Assert.Same(t.Storage, v.Storage);
        Assert.Equal(new[] { 4, 12, 2, 1 }, v.Stride());
        Assert.Equal(At(1, 2, 3), v[2, 1, 1, 1].Item<long>());

        var p = X.Permute(1, 2, 0); // [3, 4, 2], strides [4, 1, 12]: dims 0 and 1 merge
        var w = p.View(12, 2);
        Assert.Same(p.Storage, w.Storage);
        Assert.Equal(At(1, 2, 3), w[11, 1].Item<long>());
    }

    [Fact]
    public void PermuteThenViewFails()
    {
        var p = X.Permute(2, 0, 1); // [4, 2, 3], strides [1, 12, 4]
        Assert.Throws<ArgumentException>(() => p.View(-1));
        Assert.Throws<ArgumentException>(() => p.View(8, 3));
        // Dims 1 and 2 (strides 12 and 4) still merge into one contiguous run: that view exists.
        var v = p.View(4, 6);
        Assert.Same(p.Storage, v.Storage);
        Assert.Equal(new[] { 1, 4 }, v.Stride());
        Assert.Equal(At(1, 0, 3), v[3, 3].Item<long>());
        var r = p.Reshape(8, 3);
        Assert.NotSame(p.Storage, r.Storage);
        Assert.Equal(At(1, 2, 3), r[7, 2].Item<long>());
    }

    [Fact]
    public void TransposeThenContiguousCopiesInTheNewOrder()
    {
        var x = XF;
        var t = x.Transpose(1, 2); // [2, 4, 3]
        var c = t.Contiguous();
        Assert.True(c.IsContiguous());
        Assert.NotSame(x.Storage, c.Storage);
        Assert.Equal(new[] { 12, 3, 1 }, c.Stride());
        Assert.Equal(t.ToArray<float>(), c.ToArray<float>());
        Assert.Equal(At(1, 2, 3), c[1, 3, 2].Item<float>());
        // Now it can be viewed.
        Assert.Equal(At(0, 1, 1), c.View(-1)[4].Item<float>());
        Assert.Same(c, c.Contiguous());
        Assert.Same(x, x.Contiguous());
    }

    // ---- transpose / permute / t ------------------------------------------------------------

    [Fact]
    public void TransposeAndPermuteReadThroughStrides()
    {
        var x = X;
        var t = x.Transpose(0, 2); // t[k, j, i]
        TensorAssert.Shape(t, 4, 3, 2);
        Assert.Equal(new[] { 1, 4, 12 }, t.Stride());
        var p = x.Permute(2, 0, 1); // p[k, i, j]
        TensorAssert.Shape(p, 4, 2, 3);
        var tv = t.ToArray<long>();
        var pv = p.ToArray<long>();
        for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(At(i, j, k), tv[k * 6 + j * 2 + i]);
            Assert.Equal(At(i, j, k), pv[k * 6 + i * 3 + j]);
            Assert.Equal(At(i, j, k), x.Permute(-1, -3, -2)[k, i, j].Item<long>());
        }
        Assert.Same(x.Storage, t.Storage);
        Assert.Same(x.Storage, p.Storage);
    }

    [Fact]
    public void ViewOfAViewOfAView()
    {
        var x = X;
        // x.transpose(0, 1)[1] is x[:, 1, :] = [[4..7], [16..19]]; its .t() is [4, 2]; [1:3] keeps rows 1, 2.
        var v = x.Transpose(0, 1)[1].T()[1..3];
        TensorAssert.Int64(v, [2, 2], 5, 17, 6, 18);
        Assert.Same(x.Storage, v.Storage);
        TensorAssert.Int64(v[^1], [2], 6, 18);
        TensorAssert.Int64(v[0, 1], [], 17);
        TensorAssert.Int64(x[1][2][1..], [3], 21, 22, 23);
        TensorAssert.Int64(x[1..][0][^1][..2], [2], 20, 21);
        // A view at an offset can be viewed again.
        TensorAssert.Int64(x[1].View(-1)[5..8], [3], 17, 18, 19);
        TensorAssert.Int64(x[1].T().Reshape(2, 6)[1], [6], 14, 18, 22, 15, 19, 23);
    }

    // ---- indexing ---------------------------------------------------------------------------

    [Fact]
    public void IndexersSelectAndSlice()
    {
        var x = X;
        TensorAssert.Int64(x[1], [3, 4], 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
        TensorAssert.Int64(x[^1][0], [4], 12, 13, 14, 15);
        TensorAssert.Int64(x[0, 1], [4], 4, 5, 6, 7);
        TensorAssert.Int64(x[1, 2, 3], [], 23);
        TensorAssert.Int64(x[0, -1, -2], [], 10);
        TensorAssert.Int64(x[1..3], [1, 3, 4], 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
        TensorAssert.Int64(x[0][1..3], [2, 4], 4, 5, 6, 7, 8, 9, 10, 11);
        TensorAssert.Int64(x[0][^2..], [2, 4], 4, 5, 6, 7, 8, 9, 10, 11);
        TensorAssert.Int64(x[0][..^2], [1, 4], 0, 1, 2, 3);
        TensorAssert.Int64(x[0][2..1], [0, 4]);
        TensorAssert.Int64(x[0][1..100], [2, 4], 4, 5, 6, 7, 8, 9, 10, 11);
        var vec = Torch.Arange(5);
        TensorAssert.Int64(vec[1..3], [2], 1, 2);
        TensorAssert.Int64(vec[^1], [], 4);
        TensorAssert.Int64(vec[..], [5], 0, 1, 2, 3, 4);
    }

    [Fact]
    public void SelectAndSliceAlongAnyDim()
    {
        var x = X;
        TensorAssert.Int64(x.Select(2, 1), [2, 3], 1, 5, 9, 13, 17, 21);
        TensorAssert.Int64(x.Select(-2, 0), [2, 4], 0, 1, 2, 3, 12, 13, 14, 15);
        TensorAssert.Int64(x.Slice(2, 1..3), [2, 3, 2], 1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22);
        TensorAssert.Int64(x.Slice(-1, ^1..), [2, 3, 1], 3, 7, 11, 15, 19, 23);
        Assert.Equal(new[] { 12, 4, 1 }, x.Slice(1, 1..).Stride());
    }

    [Fact]
    public void IndexedViewsShareStorage()
    {
        var x = XF;
        var row = x[1, 2];
        var col = x.Select(2, 3);
        var sl = x[0][1..];
        foreach (var v in new[] { row, col, sl, x[^1], x.Slice(1, 0..2) }) Assert.Same(x.Storage, v.Storage);
        ((float[])x.Storage)[23] = 100f;
        Assert.Equal(100f, row[3].Item<float>());
        Assert.Equal(100f, col[1, 2].Item<float>());
        ((float[])x.Storage)[8] = -8f;
        Assert.Equal(-8f, sl[1, 0].Item<float>());
    }

    // ---- squeeze / unsqueeze / flatten ------------------------------------------------------

    [Fact]
    public void Squeeze()
    {
        var z = Torch.Tensor(TensorAssert.Range(6)).View(1, 3, 1, 2);
        TensorAssert.Float32(z.Squeeze(), [3, 2], 0, 1, 2, 3, 4, 5);
        TensorAssert.Float32(z.Squeeze(0), [3, 1, 2], 0, 1, 2, 3, 4, 5);
        TensorAssert.Float32(z.Squeeze(1), [1, 3, 1, 2], 0, 1, 2, 3, 4, 5);
        TensorAssert.Float32(z.Squeeze(-2), [1, 3, 2], 0, 1, 2, 3, 4, 5);
        TensorAssert.Float32(Torch.Tensor(2f).Squeeze(), [], 2);
        TensorAssert.Float32(Torch.Tensor(2f).Squeeze(0), [], 2);
        Assert.Same(z.Storage, z.Squeeze().Storage);
        Assert.Equal(new[] { 2, 1 }, z.Squeeze().Stride());
    }

    [Fact]
    public void Unsqueeze()
    {
        var a = Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        TensorAssert.Float32(a.Unsqueeze(0), [1, 2, 3], 1, 2, 3, 4, 5, 6);
        TensorAssert.Float32(a.Unsqueeze(1), [2, 1, 3], 1, 2, 3, 4, 5, 6);
        TensorAssert.Float32(a.Unsqueeze(2), [2, 3, 1], 1, 2, 3, 4, 5, 6);
        TensorAssert.Float32(a.Unsqueeze(-1), [2, 3, 1], 1, 2, 3, 4, 5, 6);
        TensorAssert.Float32(a.Unsqueeze(-3), [1, 2, 3], 1, 2, 3, 4, 5, 6);
        TensorAssert.Float32(a.T().Unsqueeze(1), [3, 1, 2], 1, 4, 2, 5, 3, 6);
        TensorAssert.Float32(Torch.Tensor(7f).Unsqueeze(0), [1], 7);
        Assert.Same(a.Storage, a.Unsqueeze(1).Storage);
    }

    [Fact]
    public void Flatten()
    {
        var x = X;
        TensorAssert.Int64(x.Flatten(), [24], Range(24));
        TensorAssert.Int64(x.Flatten(1), [2, 12], Range(24));
        TensorAssert.Int64(x.Flatten(0, 1), [6, 4], Range(24));
        TensorAssert.Int64(x.Flatten(-2, -1), [2, 12], Range(24));
        Assert.Same(x, x.Flatten(1, 1));
        TensorAssert.Int64(Torch.Tensor(3L).Flatten(), [1], 3);
        TensorAssert.Int64(x.T2().Flatten(), [24], 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, 12, 16, 20, 13, 17, 21, 14, 18, 22, 15, 19, 23);
    }

    // ---- clone / detach / to -------------------------------------------------------------------

    [Fact]
    public void CloneCopiesAndDetachShares()
    {
        var x = XF;
        var c = x.Clone();
        var d = x.Detach();
        Assert.NotSame(x.Storage, c.Storage);
        Assert.Same(x.Storage, d.Storage);
        ((float[])x.Storage)[0] = 42f;
        Assert.Equal(0f, c[0, 0, 0].Item<float>());
        Assert.Equal(42f, d[0, 0, 0].Item<float>());
        TensorAssert.Shape(d, 2, 3, 4);
        var t = x.T2();
        Assert.Equal(t.ToArray<float>(), t.Clone().ToArray<float>());
        // clone keeps a dense tensor's layout (torch.preserve_format); contiguous() is row-major.
        Assert.Equal(t.Stride(), t.Clone().Stride());
        Assert.True(t.Contiguous().IsContiguous());
        Assert.Equal(t.Stride(), t.Detach().Stride());
    }

    [Fact]
    public void ToCopiesIntoTheNewDType()
    {
        var x = XF;
        var i = x.To(DType.Int64);
        Assert.NotSame(x.Storage, i.Storage);
        TensorAssert.Int64(i, [2, 3, 4], Range(24));
        TensorAssert.Float64(x.T2().To(DType.Float64)[0, 1], [3], 1, 5, 9);
    }

    private static long[] Range(int n)
    {
        var r = new long[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}

internal static class ViewTestExtensions
{
    // x.transpose(1, 2): a non-contiguous view for the tests above.
    public static Tensor T2(this Tensor t) => t.Transpose(1, 2);
}
