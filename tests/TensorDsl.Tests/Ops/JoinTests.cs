using Xunit;

namespace TensorDsl.Tests;

/// <summary>Torch.Cat and Torch.Stack on every dim, negative dims included.</summary>
public class JoinTests
{
    // a = [[1, 2, 3], [4, 5, 6]]
    private static Tensor A => Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
    private static Tensor B => Torch.Tensor(new float[,] { { 7, 8, 9 } });
    private static Tensor C => Torch.Tensor(new float[,] { { 10 }, { 20 } });

    [Fact]
    public void CatRows()
    {
        TensorAssert.Float32(Torch.Cat([A, B]), [3, 3], 1, 2, 3, 4, 5, 6, 7, 8, 9);
        TensorAssert.Float32(Torch.Cat([B, A], -2), [3, 3], 7, 8, 9, 1, 2, 3, 4, 5, 6);
        TensorAssert.Float32(Torch.Cat([A, B, A]), [5, 3], 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6);
    }

    [Fact]
    public void CatColumns()
    {
        TensorAssert.Float32(Torch.Cat([A, C], 1), [2, 4], 1, 2, 3, 10, 4, 5, 6, 20);
        TensorAssert.Float32(Torch.Cat([C, A], -1), [2, 4], 10, 1, 2, 3, 20, 4, 5, 6);
    }

    [Fact]
    public void CatOnEveryDimOf3D()
    {
        // x[i, j, k] = 4 j + k + 12 i; y = x + 100
        var x = Torch.Tensor(TensorAssert.Range(24)).View(2, 3, 4);
        var y = x + 100.0;
        for (int dim = -3; dim < 3; dim++)
        {
            int d = dim < 0 ? dim + 3 : dim;
            var r = Torch.Cat([x, y], dim);
            var shape = new[] { 2, 3, 4 };
            shape[d] *= 2;
            TensorAssert.Shape(r, shape);
            var v = r.ToArray<float>();
            int n = 0;
            for (int i = 0; i < shape[0]; i++)
            for (int j = 0; j < shape[1]; j++)
            for (int k = 0; k < shape[2]; k++)
            {
                int[] at = [i, j, k];
                bool second = at[d] >= new[] { 2, 3, 4 }[d];
                if (second) at[d] -= new[] { 2, 3, 4 }[d];
                Assert.Equal(12 * at[0] + 4 * at[1] + at[2] + (second ? 100 : 0), v[n++]);
            }
        }
    }

    [Fact]
    public void CatOfOneTensorIsACopy()
    {
        var a = A;
        var r = Torch.Cat([a]);
        TensorAssert.Float32(r, [2, 3], 1, 2, 3, 4, 5, 6);
        Assert.NotSame(a.Storage, r.Storage);
    }

    [Fact]
    public void CatOfNonContiguousInputs() =>
        TensorAssert.Float32(Torch.Cat([A.T(), C.T().T().T()], 0), [4, 2], 1, 4, 2, 5, 3, 6, 10, 20);

    // PyTorch's legacy rule: 1-D tensors with no elements are skipped, whatever the others' shapes.
    [Fact]
    public void CatSkipsEmptyVectors()
    {
        TensorAssert.Float32(Torch.Cat([Torch.Zeros(0), A, Torch.Zeros(0)], 1), [2, 3], 1, 2, 3, 4, 5, 6);
        TensorAssert.Float32(Torch.Cat([Torch.Zeros(0), Torch.Zeros(0)]), [0]);
    }

    [Fact]
    public void StackOnEveryDim()
    {
        var a = A;
        var b = A * 10L;
        TensorAssert.Float32(Torch.Stack([a, b]), [2, 2, 3], 1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60);
        TensorAssert.Float32(Torch.Stack([a, b], 1), [2, 2, 3], 1, 2, 3, 10, 20, 30, 4, 5, 6, 40, 50, 60);
        TensorAssert.Float32(Torch.Stack([a, b], 2), [2, 3, 2], 1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60);
        TensorAssert.Float32(Torch.Stack([a, b], -1), [2, 3, 2], 1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60);
        TensorAssert.Float32(Torch.Stack([a, b], -2), [2, 2, 3], 1, 2, 3, 10, 20, 30, 4, 5, 6, 40, 50, 60);
        TensorAssert.Float32(Torch.Stack([a, b], -3), [2, 2, 3], 1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60);
    }

    [Fact]
    public void StackOfScalarsAndOfOne()
    {
        TensorAssert.Float32(Torch.Stack([Torch.Tensor(1f), Torch.Tensor(2f), Torch.Tensor(3f)]), [3], 1, 2, 3);
        TensorAssert.Float32(Torch.Stack([Torch.Tensor(1f), Torch.Tensor(2f)], -1), [2], 1, 2);
        TensorAssert.Float32(Torch.Stack([A]), [1, 2, 3], 1, 2, 3, 4, 5, 6);
        TensorAssert.Float32(Torch.Stack([A.T(), A.T()], 1), [3, 2, 2], 1, 4, 1, 4, 2, 5, 2, 5, 3, 6, 3, 6);
    }
}
