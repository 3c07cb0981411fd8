using System;
using Xunit;

namespace TensorDsl.Tests;

public class GradSetterTests
{
    [Fact]
    public void AssignedGradMustMatchShapeAndDtype()
    {
        var x = Torch.Zeros([2, 3], requiresGrad: true);
        Assert.Equal("assigned grad has data of a different size",
            Assert.Throws<ArgumentException>(() => x.Grad = Torch.Zeros(3, 2)).Message);
        Assert.Equal("assigned grad has data of a different type",
            Assert.Throws<ArgumentException>(() => x.Grad = Torch.Zeros([2, 3], DType.Float64)).Message);
        x.Grad = Torch.Ones(2, 3);
        Assert.Equal(6f, x.Grad.Sum().Item<float>());
        x.Grad = null;
        Assert.Null(x.Grad);
    }
}
