using Xunit;

namespace TensorDsl.Tests;

public class AccumulationInPlaceTests
{
    [Fact]
    public void SecondBackwardAddsIntoTheSameGradTensor()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        (x * 3).Sum().Backward();
        var grad = x.Grad!;
        (x * x).Sum().Backward();
        // PyTorch accumulates in place: the tensor read after the first call sees 3 + 2x.
        Assert.Same(grad, x.Grad);
        Assert.Equal(new[] { 5f, 7f }, grad.ToArray<float>());
    }
}
