using TensorDsl.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

// TD0002: view/reshape sizes that do not fit the element count, several -1, -1 on zero elements;
// a view that the input's strides do not allow.
public class ViewAnalyzerTests
{
    [Fact]
    public void InferredSizeThatDoesNotDivide() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(2, 3, 4);
        x.View(5, {|TD0002:-1|});
        """,
        "shape '[5, -1]' is invalid for input of size 24");

    [Fact]
    public void CountMismatchSitsOnTheSizeToChange() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(2, 3, 4);
        x.View(2, {|TD0002:13|});
        """,
        "shape '[2, 13]' is invalid for input of size 24");

    [Fact]
    public void CountMismatchWhereOnlyAnEarlierSizeCanBeRepaired() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Arange(24);
        x.Reshape({|TD0002:5|}, 4);
        """,
        "shape '[5, 4]' is invalid for input of size 24");

    [Fact]
    public void SeveralInferredSizes() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(2, 3, 4);
        x.View(-1, 2, {|TD0002:-1|});
        """,
        "only one dimension can be inferred");

    [Fact]
    public void InferredSizeOfZeroElements() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Zeros(0, 3);
        x.Reshape(0, {|TD0002:-1|});
        """,
        "cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension size -1 can be any value and is ambiguous");

    [Fact]
    public void NegativeSize() => AnalyzerVerifier.VerifyMatchesRuntime("""
        Torch.Ones(6).View(2, {|TD0002:-3|});
        """,
        "invalid shape dimension -3 at index 1 of shape [2, -3]");

    [Fact]
    public void CollectionExpressionAndConstants() => AnalyzerVerifier.Verify("""
        public static class Shapes
        {
            const int Rows = 4;
            public static Tensor Flat([Shape(3, 9)] Tensor x) => x.Reshape([Rows, {|TD0002:7|}]);
        }
        """,
        "shape '[4, 7]' is invalid for input of size 27");

    [Fact]
    public void ChainedOps() => AnalyzerVerifier.Verify("""
        var x = Torch.Randn(4, 6).T().MatMul(Torch.Randn(4, 5));
        var y = x.View(3, {|TD0002:11|});
        """,
        "shape '[3, 11]' is invalid for input of size 30");

    [Fact]
    public void ValidViewsAreSilent() => AnalyzerVerifier.Verify("""
        var x = Torch.Randn(2, 3, 4);
        var a = x.View(2, 12);
        var b = x.View(2, -1);
        var c = x.View(-1);
        var d = x.Reshape(4, 3, 2);
        var e = Torch.Zeros(0, 3).View(-1, 3);
        var f = Torch.Tensor(5f).View(1, 1);
        var g = x.View([24]).View(new[] { 6, 4 });
        """);

    private const string StrideMessage =
        "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.";

    [Fact]
    public void ViewOfATransposeIsReportedAsPyTorchRaisesIt() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(2, 3);
        var t = x.T();
        {|TD0002:t.View(6)|};
        """,
        StrideMessage);

    [Fact]
    public void ViewsThroughPermutesAndSlices() => AnalyzerVerifier.Verify("""
        var x = Torch.Randn(4, 3, 2);
        var a = x.Permute(2, 0, 1).View(2, 12);      // dims 1 and 2 still adjoin in memory
        var b = x.Permute(2, 0, 1).View(2, 4, 3, 1);
        var c = {|TD0002:x.Transpose(0, 1)[1].View(8)|};
        var d = {|TD0002:x.Transpose(1, 2)[1..3].View(2, 6)|};
        var e = x.Transpose(1, 2).Unsqueeze(0).View(1, 4, 2, 3);
        """,
        StrideMessage, StrideMessage);

    // Where a strided view is fine, or its strides are not provably known, nothing is reported.
    [Fact]
    public void ViewsThatWorkOrAreNotKnown() => AnalyzerVerifier.Verify("""
        public static class Views
        {
            public static void Run([Shape(2, 3)] Tensor p)
            {
                var x = Torch.Randn(2, 3);
                var a = x.T().Contiguous().View(6);
                var b = x.T().Reshape(6);
                var c = x.T().Flatten().View(2, 3);
                var d = p.T().View(6);                   // a parameter's strides are not known
                var e = {|TD0002:(x.T() + 1).View(6)|};  // the sum keeps the transposed layout, as in PyTorch
                var f = (x + 1).T().T().View(6);
                var g = x.T().Unsqueeze(0).View(1, 3, 2);
                var h = Torch.Randn(1, 3).T().View(3);   // size-1 dims do not count
            }
        }
        """, "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");

    // A kernel runs on contiguous spans; its eager body, the reference, fails on contiguous inputs.
    [Fact]
    public void KernelParametersAreContiguous() => AnalyzerVerifier.Verify("""
        public static partial class K
        {
            [Kernel]
            public static Tensor F([Shape(2, 3)] Tensor x, [Shape(3, 2)] Tensor y) => {|TD0002:x.T().View(6)|} + y.T().Reshape(6);

            [Kernel]
            public static Tensor G([Shape(2, 3)] Tensor x)
            {
                x = x.T();
                return x.Contiguous().View(6) + {|TD0002:x.View(6)|};
            }

            public static Tensor NotAKernel([Shape(2, 3)] Tensor x) => x.T().View(6);
        }
        """,
        StrideMessage, StrideMessage);
}
