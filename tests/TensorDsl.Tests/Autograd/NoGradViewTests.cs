using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// A view taken under NoGrad of a tensor that requires grad reports RequiresGrad as its base does,
/// as PyTorch's views do (pytorch#11390), yet has no history: gradients do not reach the base
/// through it, and an in-place op on it with grad mode back on is PyTorch's error.
/// </summary>
public class NoGradViewTests
{
    private static Tensor Leaf() => Torch.Randn([2, 3], requiresGrad: true, generator: new Generator(5));

    [Fact]
    public void AViewUnderNoGradRequiresGradWithoutHistory()
    {
        var a = Leaf();
        Tensor view, transposed, copy;
        using (Torch.NoGrad())
        {
            view = a.View(3, 2);
            transposed = a.T();
            copy = a * 2;
        }
        Assert.True(view.RequiresGrad);
        Assert.True(transposed.RequiresGrad);
        Assert.True(view.IsLeaf);
        Assert.Null(view.GradFn);
        Assert.False(copy.RequiresGrad);   // not a view: outside the graph
        Assert.False(a.Detach().RequiresGrad);
    }

    [Fact]
    public void GradientsDoNotFlowThroughIt()
    {
        var a = Leaf();
        Tensor view;
        using (Torch.NoGrad()) view = a.View(3, 2);
        var s = (view * 2).Sum();
        Assert.Equal("SumBackward0", s.GradFn!.Name);
        s.Backward();
        Assert.Null(a.Grad);
        Assert.Null(view.Grad);
    }

    [Fact]
    public void ItFollowsItsBase()
    {
        var a = Leaf();
        Tensor view;
        using (Torch.NoGrad()) view = a[0];
        a.RequiresGrad_(false);
        Assert.False(view.RequiresGrad);
    }

    [Fact]
    public void AnInPlaceOpOnItWithGradModeOnFails()
    {
        var a = Leaf();
        Tensor view;
        using (Torch.NoGrad()) view = a.View(3, 2);
        var ex = Assert.Throws<InvalidOperationException>(() => view.Mul_(2));
        Assert.StartsWith("A view was created in no_grad mode and is being modified inplace with grad mode enabled.", ex.Message);
        using (Torch.NoGrad()) view.Mul_(2);   // both inside: allowed, untracked
    }
}
