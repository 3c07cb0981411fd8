using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>Leaves keep a gradient without a copy only when nothing else holds it.</summary>
public class GradientOwnershipTests
{
    [Fact]
    public void GradientsHandedToTwoLeavesAreNotShared()
    {
        var a = Torch.Ones([3], requiresGrad: true);
        var b = Torch.Ones([3], requiresGrad: true);
        (a + b).Sum().Backward();
        Assert.NotSame(a.Grad, b.Grad);
        using (Torch.NoGrad()) a.Grad!.Add_(5);
        Assert.Equal(new[] { 1f, 1f, 1f }, b.Grad!.ToArray<float>());
    }

    [Fact]
    public void AUserGradientIsCopied()
    {
        var a = Torch.Ones([3], requiresGrad: true);
        var seed = Torch.Tensor(new[] { 1f, 2f, 3f });
        (a * 1.0).Backward(seed);
        using (Torch.NoGrad()) seed.Zero_();
        Assert.Equal(new[] { 1f, 2f, 3f }, a.Grad!.ToArray<float>());
    }

    [Fact]
    public void ALinearWeightKeepsTheBackwardsGradient()
    {
        var layer = new TensorDsl.NN.Linear(64, 32);
        var x = Torch.Randn(1, 64);
        layer.Forward(x).Sum().Backward();
        layer.ZeroGrad();
        var y = layer.Forward(x).Sum();
        long before = GC.GetAllocatedBytesForCurrentThread();
        y.Backward();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The weight's gradient (32 x 64 floats, 8 KB) is made once, not copied again into .Grad.
        Assert.True(allocated < 2 * 32 * 64 * sizeof(float), $"{allocated} bytes");
        Assert.Equal(x.Expand(32, 64).ToArray<float>(), layer.Weight.Grad!.ToArray<float>());
    }
}
