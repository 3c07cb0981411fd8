using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>In-place writes into views of tensors in the graph: PyTorch's CopySlices history.</summary>
public class CopySlicesTests
{
    [Fact]
    public void AssigningAGraphTensorIntoAConstantTracksIt()
    {
        var w = Torch.Tensor(new[] { 1f, 2f, 3f }, requiresGrad: true);
        var x = Torch.Zeros(2, 3);
        x[1] = w * 2.0;
        Assert.Equal("CopySlices", x.GradFn!.Name);
        Assert.False(x.IsLeaf);
        (x * x).Sum().Backward();
        Assert.Equal(new[] { 8f, 16f, 24f }, w.Grad!.ToArray<float>());
    }

    [Fact]
    public void ModifyingAViewOfANonLeafRoutesTheGradient()
    {
        var a = Torch.Ones([2, 3], requiresGrad: true);
        var b = a * 1.0;
        var row = b[1];
        row.Mul_(3);
        Assert.Equal("AsStridedBackward0", row.GradFn!.Name);
        Assert.Equal("CopySlices", b.GradFn!.Name);
        b.Sum().Backward();
        Assert.Equal(new[] { 1f, 1f, 1f, 3f, 3f, 3f }, a.Grad!.ToArray<float>());
    }
}

/// <summary>An op's gradient goes to its inputs' history as it was when the op ran, whatever in-place ops come later.</summary>
public class EdgeCaptureTests
{
    [Fact]
    public void ALaterInPlaceOpDoesNotReachEarlierConsumers()
    {
        var a = Torch.Ones([3], requiresGrad: true);
        var b = a * 2.0;
        var c = b + 1.0;
        b.Mul_(3);
        c.Sum().Backward();
        // c = 2a + 1: the later b *= 3 is not on c's path (PyTorch gives 2 as well).
        Assert.Equal(new[] { 2f, 2f, 2f }, a.Grad!.ToArray<float>());
        Assert.Equal(["MulBackward0", null], c.GradFn!.NextFunctions);
    }
}
