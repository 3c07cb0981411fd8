using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>AsSpan: a contiguous tensor's own elements, for compiled kernels.</summary>
public class AsSpanTests
{
    [Fact]
    public void SpansSeeAndWriteTheStorage()
    {
        var m = Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var row = m[1];
        Assert.Equal(new[] { 4f, 5f, 6f }, row.AsSpan<float>().ToArray());
        row.AsSpan<float>()[0] = 9;
        Assert.Equal(9f, m[1, 0].Item<float>());
    }

    [Fact]
    public void NonContiguousOrOtherTypesAreRefused()
    {
        var m = Torch.Zeros(2, 3);
        Assert.Equal("AsSpan() needs a contiguous tensor; call Contiguous() first",
            Assert.Throws<InvalidOperationException>(() => m.T().AsSpan<float>()).Message);
        Assert.Contains("dtype torch.float32", Assert.Throws<InvalidOperationException>(() => m.AsSpan<double>()).Message);
    }
}
