using Xunit;

namespace TensorDsl.Tests;

public class CatEmptyInputTests
{
    [Fact]
    public void SkippedEmptyInputsGetEmptyGradients()
    {
        // PyTorch skips 1-D empty tensors in cat but still gives them a (empty) gradient.
        var empty = Torch.Zeros([0], requiresGrad: true);
        var x = Torch.Ones([2, 3], requiresGrad: true);
        var y = Torch.Cat([empty, x, empty]);
        Assert.Equal(new[] { 2, 3 }, y.Shape.ToArray());
        (y * 2.0).Sum().Backward();
        Assert.Equal(new[] { 0 }, empty.Grad!.Shape.ToArray());
        Assert.Equal(new[] { 2f, 2f, 2f, 2f, 2f, 2f }, x.Grad!.ToArray<float>());
    }

    [Fact]
    public void CatOfOnlyEmptyInputsIsEmptyAndDifferentiable()
    {
        var a = Torch.Zeros([0], requiresGrad: true);
        var y = Torch.Cat([a, a]);
        Assert.Equal(new[] { 0 }, y.Shape.ToArray());
        Assert.Equal("CatBackward0", y.GradFn?.Name);
    }
}
