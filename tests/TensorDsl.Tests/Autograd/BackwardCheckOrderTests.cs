using System;
using Xunit;

namespace TensorDsl.Tests;

public class BackwardCheckOrderTests
{
    [Fact]
    public void GradientShapeIsCheckedBeforeRequiresGrad()
    {
        // PyTorch's _make_grads compares shapes before the engine looks for a grad_fn.
        var y = Torch.Ones(3);
        var ex = Assert.Throws<ArgumentException>(() => y.Backward(Torch.Ones(2)));
        Assert.Equal("Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3]).", ex.Message);
    }

    [Fact]
    public void NonScalarWithoutGradIsReportedByTheEngine()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Torch.Ones(3).Backward());
        Assert.Equal("element 0 of tensors does not require grad and does not have a grad_fn", ex.Message);
    }

    [Fact]
    public void EmptyTensorsAreContiguous()
    {
        Assert.True(Torch.Zeros(0, 3).T().IsContiguous());
    }
}
