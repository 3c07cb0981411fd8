using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>In-place ops and indexer assignment: the same object back, PyTorch's casting rule, history rebased onto the op.</summary>
public class InPlaceTests
{
    [Fact]
    public void InPlaceOpsReturnTheSameTensorAndBumpTheVersion()
    {
        var x = Torch.Zeros(3);
        Assert.Same(x, x.Add_(1).Mul_(3).Sub_(Torch.Tensor(new[] { 1f, 2f, 3f })).Div_(2).Clamp_(max: 0.5));
        Assert.Equal(new[] { 0.5f, 0.5f, 0f }, x.ToArray<float>());
        Assert.Equal(5, x.Version);
        Assert.Same(x, x.Zero_());
        Assert.Equal(new[] { 0f, 0f, 0f }, x.ToArray<float>());
    }

    [Fact]
    public void IndexerAssignmentWritesThroughViews()
    {
        var m = Torch.Zeros(3, 4);
        m[1] = 2.0;
        m[2, 3] = Torch.Tensor(5f);
        m[..2, 0] = Torch.Tensor(new[] { 7f, 8f });
        m[Torch.Tensor(new long[] { 0 })] = Torch.Full([1, 4], 9.0);
        Assert.Equal(new float[] { 9, 9, 9, 9, 8, 2, 2, 2, 0, 0, 0, 5 }, m.ToArray<float>());
        // A bool mask over rows: the rows whose first element is above 8.5.
        m[m[.., 0] > 8.5] = -1.0;
        Assert.Equal(new float[] { -1, -1, -1, -1, 8, 2, 2, 2, 0, 0, 0, 5 }, m.ToArray<float>());
        // A mask over every element selects the elements.
        Assert.Equal(new float[] { 8, 5 }, m[m > 4.0].ToArray<float>());
    }

    [Fact]
    public void FloatResultIntoAnIntegerTensorIsRefused()
    {
        var x = Torch.Zeros([2], DType.Int64);
        x.Add_(2).Mul_(3).Sub_(1);
        Assert.Equal(new[] { 5L, 5L }, x.ToArray<long>());
        var e = Assert.Throws<ArgumentException>(() => x.Add_(0.5));
        Assert.Equal("result type Float can't be cast to the desired output type Long", e.Message);
        var broadcast = Assert.Throws<ArgumentException>(() => Torch.Zeros(3).Add_(Torch.Zeros(2, 3)));
        Assert.Equal("output with shape [3] doesn't match the broadcast shape [2, 3]", broadcast.Message);
    }

    [Fact]
    public void ViewOfALeafThatRequiresGradCannotBeModified()
    {
        var a = Torch.Randn([3, 2], requiresGrad: true);
        var e = Assert.Throws<InvalidOperationException>(() => a[0].Fill_(1));
        Assert.Equal("a view of a leaf Variable that requires grad is being used in an in-place operation.", e.Message);
        using (Torch.NoGrad()) a[0].Fill_(1);
        Assert.Equal(new[] { 1f, 1f }, a[0].ToArray<float>());
    }

    [Fact]
    public void InPlaceOpOnAGraphTensorBecomesItsHistory()
    {
        var a = Torch.Tensor(new[] { 1.0, 2.0, 3.0 }, requiresGrad: true);
        var b = a * 2;
        b.Mul_(3);
        Assert.Equal("MulBackward0", b.GradFn!.Name);
        b.Exp().Sum().Backward();
        // d/da sum(exp(6a)) = 6 exp(6a)
        Assert.Equal(((a.Detach() * 6.0).Exp() * 6.0).ToArray<double>(), a.Grad!.ToArray<double>());
    }
}
