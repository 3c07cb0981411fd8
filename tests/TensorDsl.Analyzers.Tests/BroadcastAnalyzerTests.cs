using TensorDsl.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

// TD0004: element-wise operators on shapes that do not broadcast.
public class BroadcastAnalyzerTests
{
    [Fact]
    public void AddAcrossTheLastDim() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var a = Torch.Randn(2, 3);
        var b = Torch.Randn(2, 4);
        var c = {|TD0004:a + b|};
        """,
        "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1");

    [Fact]
    public void MultiplyVectors() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var c = {|TD0004:Torch.Ones(3) * Torch.Ones(4)|};
        """,
        "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0");

    [Fact]
    public void DifferentRanks() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var a = Torch.Randn(2, 3, 4);
        var b = Torch.Randn(5, 4);
        var c = ({|TD0004:a - b|}) / 2.0;
        """,
        "The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1");

    [Fact]
    public void CompoundAssignment() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var total = Torch.Zeros(4);
        var step = Torch.Ones(2, 3);
        {|TD0004:total += step|};
        """,
        "The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1");

    [Fact]
    public void InsideAnExpressionTree() => AnalyzerVerifier.Verify("""
        public static class Loss
        {
            public static Tensor Mse([Shape(8, 1)] Tensor prediction, [Shape(8)] Tensor target, [Shape(3)] Tensor weight)
            {
                var d = prediction - target;          // [8, 8]: broadcasts, as in PyTorch
                return ({|TD0004:d * d * weight|}).Mean();
            }
        }
        """,
        "The size of tensor a (8) must match the size of tensor b (3) at non-singleton dimension 1");

    [Fact]
    public void ValidBroadcastsAreSilent() => AnalyzerVerifier.Verify("""
        var a = Torch.Randn(2, 3);
        var b = a + Torch.Randn(3);
        var c = Torch.Randn(4, 1) * Torch.Randn(1, 5);
        var d = 1.0 - a / 2.0 + 3L;
        var e = -a * Torch.Tensor(2f);
        var f = (c + Torch.Randn(5)).View(20);
        """);
}
