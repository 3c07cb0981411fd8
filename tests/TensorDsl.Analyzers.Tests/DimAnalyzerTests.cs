using TensorDsl.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

// TD0005: dims out of range for the tensor's rank.
public class DimAnalyzerTests
{
    [Fact]
    public void Sum() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(2, 3);
        x.Sum({|TD0005:2|});
        """,
        "Dimension out of range (expected to be in range of [-2, 1], but got 2)");

    [Fact]
    public void MeanWithKeepDim() => AnalyzerVerifier.VerifyMatchesRuntime("""
        Torch.Randn(2, 3, 4).Mean(dim: {|TD0005:-4|}, keepDim: true);
        """,
        "Dimension out of range (expected to be in range of [-3, 2], but got -4)");

    [Fact]
    public void Cat() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var a = Torch.Randn(2, 3);
        Torch.Cat([a, a], {|TD0005:2|});
        """,
        "Dimension out of range (expected to be in range of [-2, 1], but got 2)");

    [Fact]
    public void StackAcceptsOneMoreDim() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var a = Torch.Randn(2, 3);
        var ok = Torch.Stack([a, a], 2);
        Torch.Stack([a, a], {|TD0005:3|});
        """,
        "Dimension out of range (expected to be in range of [-3, 2], but got 3)");

    [Fact]
    public void Softmax() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(4, 10);
        x.LogSoftmax(1);
        x.Softmax({|TD0005:-3|});
        """,
        "Dimension out of range (expected to be in range of [-2, 1], but got -3)");

    [Fact]
    public void Transpose() => AnalyzerVerifier.VerifyMatchesRuntime("""
        Torch.Randn(2, 3).Transpose(0, {|TD0005:5|});
        """,
        "Dimension out of range (expected to be in range of [-2, 1], but got 5)");

    [Fact]
    public void SqueezeAndUnsqueeze() => AnalyzerVerifier.Verify("""
        var x = Torch.Randn(2, 1);
        var a = x.Squeeze({|TD0005:2|});
        var b = x.Unsqueeze(2);
        var c = x.Unsqueeze({|TD0005:3|});
        """,
        "Dimension out of range (expected to be in range of [-2, 1], but got 2)",
        "Dimension out of range (expected to be in range of [-3, 2], but got 3)");

    [Fact]
    public void Permute() => AnalyzerVerifier.VerifyMatchesRuntime("""
        Torch.Randn(2, 3, 4).Permute(2, {|TD0005:3|}, 0);
        """,
        "Dimension out of range (expected to be in range of [-3, 2], but got 3)");

    [Fact]
    public void PermuteWithDuplicateDims() => AnalyzerVerifier.VerifyMatchesRuntime("""
        Torch.Randn(2, 3).Permute(0, {|TD0005:0|});
        """,
        "permute(): duplicate dims are not allowed.");

    [Fact]
    public void PermuteOfTooFewDims() => AnalyzerVerifier.Verify("""
        var x = {|TD0005:Torch.Randn(2, 3, 4).Permute(1, 0)|};
        """,
        "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 3 is not equal to len(dims) = 2");

    [Fact]
    public void TransposeOf3D() => AnalyzerVerifier.Verify("""
        var x = {|TD0005:Torch.Randn(2, 3, 4).T()|};
        """,
        "t() expects a tensor with <= 2 dimensions, but self is 3D");

    [Fact]
    public void MaxAndFlatten() => AnalyzerVerifier.Verify("""
        var x = Torch.Randn(2, 3);
        var m = x.Max({|TD0005:2|});
        var f = x.Flatten(0, {|TD0005:2|});
        """,
        "Dimension out of range (expected to be in range of [-2, 1], but got 2)",
        "Dimension out of range (expected to be in range of [-2, 1], but got 2)");

    [Fact]
    public void SelectIndexOutOfRange() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(2, 3);
        x.Select(1, {|TD0005:3|});
        """,
        "select(): index 3 out of range for tensor of size [2, 3] at dimension 1");

    [Fact]
    public void SliceDimOutOfRange() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(2, 3);
        x.Slice({|TD0005:-3|}, 0..1);
        """,
        "Dimension out of range (expected to be in range of [-2, 1], but got -3)");

    [Fact]
    public void ValidDimsAreSilent() => AnalyzerVerifier.Verify("""
        var x = Torch.Randn(2, 3, 4);
        var a = x.Sum(-1).Sum(0);
        var b = x.Max(1).Values.Softmax(1);
        var c = x.Transpose(-1, 0).Permute(2, 0, 1).Flatten(1);
        var d = x.Unsqueeze(3).Squeeze(-1).Squeeze();
        var e = Torch.Tensor(3f).Sum(0);
        var f = x.Mean(2, keepDim: true).View(2, 3);
        """);
}
