using System;
using TensorDsl;
using Xunit;

namespace TensorDsl.Generators.Tests.Numerics;

/// <summary>Compiled kernels with int64 indices: bad indices get PyTorch's errors before any is read; Apply takes int64 tensors.</summary>
public class IndexKernelTests
{
    private static readonly float[] E = new float[IndexKernels.NGramLossKernel.EmbeddingsLength], W1 = new float[IndexKernels.NGramLossKernel.W1Length],
        B1 = new float[IndexKernels.NGramLossKernel.B1Length], W2 = new float[IndexKernels.NGramLossKernel.W2Length], B2 = new float[IndexKernels.NGramLossKernel.B2Length];

    [Fact]
    public void AnEmbeddingIndexOutOfRangeThrowsPyTorchsError()
    {
        var e = Assert.Throws<ArgumentException>(() => IndexKernels.NGramLossKernel.Forward([2, 9], [0], E, W1, B1, W2, B2));
        Assert.Equal("index out of range in self", e.Message);
        Assert.Throws<ArgumentException>(() => IndexKernels.NGramLossKernel.Forward([-1, 0], [0], E, W1, B1, W2, B2));
    }

    [Fact]
    public void ATargetOutOfRangeThrowsPyTorchsError()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => IndexKernels.NGramLossKernel.Forward([2, 3], [9], E, W1, B1, W2, B2));
        Assert.Equal("Target 9 is out of bounds.", e.Message);
        // The eager body says the same.
        var eager = Assert.Throws<ArgumentOutOfRangeException>(() => IndexKernels.NGramLoss(Torch.Tensor(new long[] { 2, 3 }), Torch.Tensor(new long[] { 9 }),
            Torch.Zeros(9, 3), Torch.Zeros(5, 6), Torch.Zeros(5), Torch.Zeros(9, 5), Torch.Zeros(9)));
        Assert.Equal(e.Message, eager.Message);
    }

    [Fact]
    public void ApplyTakesInt64TensorsOnly()
    {
        var e = Assert.Throws<ArgumentException>(() => IndexKernels.EmbeddingSumsKernel.Apply(Torch.Zeros(2, 4), Torch.Zeros(3, 5)));
        Assert.Equal("Expected tensor for argument #1 'indices' to have scalar type Long; but got torch.float32 instead (while checking arguments for Apply)", e.Message);
        var r = IndexKernels.EmbeddingSumsKernel.Apply(Torch.Tensor(new long[,] { { 0, 1, 2, 0 }, { 2, 2, 2, 2 } }), Torch.Ones(3, 5));
        Assert.Equal(new[] { 2, 5 }, r.Shape.ToArray());
    }
}
