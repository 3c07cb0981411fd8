using Xunit;

namespace TensorDsl.Tests;

public class ReshapeGraphTests
{
    [Fact]
    public void CopyingReshapeIsAnUnsafeViewOfAClone()
    {
        var x = Torch.Randn([2, 3], requiresGrad: true, generator: new Generator(4));
        var y = x.T().Reshape(6);
        Assert.Equal("UnsafeViewBackward0", y.GradFn!.Name);
        Assert.Equal(new[] { "CloneBackward0" }, y.GradFn.NextFunctions);
        y.Backward(Torch.Arange(6.0));
        // y[i] = x.T() flattened: x[r, c] sits at position c * 2 + r.
        Assert.Equal(new[] { 0f, 2f, 4f, 1f, 3f, 5f }, x.Grad!.ToArray<float>());
    }
}
