using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>Reductions over an empty dim give the reduction's identity, one per remaining element, as PyTorch.</summary>
public class EmptyReductionTests
{
    [Fact]
    public void ProdLogSumExpAndNormOverAnEmptyDim()
    {
        var x = Torch.Zeros(3, 0);
        Assert.Equal(new[] { 1f, 1f, 1f }, x.Prod(1).ToArray<float>());
        Assert.Equal(new[] { float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity }, x.LogSumExp(1).ToArray<float>());
        Assert.Equal(new[] { 0f, 0f, 0f }, x.Norm(2, 1).ToArray<float>());
        Assert.Equal(3, x.Var(1).Numel);
    }
}
