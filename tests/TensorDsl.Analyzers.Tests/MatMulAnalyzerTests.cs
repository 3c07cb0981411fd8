using TensorDsl.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

// TD0003: matrix products whose inner (or batch) dimensions differ.
public class MatMulAnalyzerTests
{
    [Fact]
    public void MatrixTimesMatrix() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var a = Torch.Randn(2, 3);
        a.MatMul({|TD0003:Torch.Randn(4, 5)|});
        """,
        "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");

    [Fact]
    public void VectorDotVector() => AnalyzerVerifier.VerifyMatchesRuntime("""
        Torch.Ones(3).MatMul({|TD0003:Torch.Ones(4)|});
        """,
        "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively");

    [Fact]
    public void MatrixTimesVector() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var m = Torch.Randn(2, 3);
        var v = Torch.Randn(4);
        m.MatMul({|TD0003:v|});
        """,
        "size mismatch, got input (2), mat (2x3), vec (4)");

    [Fact]
    public void Batched() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var a = Torch.Randn(2, 3, 4);
        var b = Torch.Randn(2, 5, 6);
        a.MatMul({|TD0003:b|});
        """,
        "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].");

    [Fact]
    public void ZeroDimensionalOperand() => AnalyzerVerifier.VerifyMatchesRuntime("""
        {|TD0003:Torch.Tensor(2f)|}.MatMul(Torch.Randn(2, 2));
        """,
        "both arguments to matmul need to be at least 1D, but they are 0D and 2D");

    [Fact]
    public void KernelStyleLayer() => AnalyzerVerifier.Verify("""
        public static partial class Net
        {
            [Kernel]
            public static Tensor Layer([Shape(8, 4)] Tensor x, [Shape(16, 4)] Tensor w, [Shape(16)] Tensor b)
                => (x.MatMul({|TD0003:w|}) + b).Tanh();

            public static Tensor Fixed([Shape(8, 4)] Tensor x, [Shape(16, 4)] Tensor w, [Shape(16)] Tensor b)
                => (x.MatMul(w.T()) + b).Tanh();
        }
        """,
        "mat1 and mat2 shapes cannot be multiplied (8x4 and 16x4)");

    [Fact]
    public void ValidProductsAreSilent() => AnalyzerVerifier.Verify("""
        var a = Torch.Randn(2, 3).MatMul(Torch.Randn(3, 4));
        var b = Torch.Randn(3).MatMul(Torch.Randn(3, 4));
        var c = Torch.Randn(5, 2, 3).MatMul(Torch.Randn(3, 4));
        var d = Torch.Randn(5, 2, 3).MatMul(Torch.Randn(1, 3, 4));
        var e = Torch.Randn(3).MatMul(Torch.Randn(3));
        var f = a.MatMul(Torch.Randn(4)).View(2);
        """);
}
