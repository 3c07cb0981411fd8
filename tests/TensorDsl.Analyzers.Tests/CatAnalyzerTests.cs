using TensorDsl.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

// TD0001: cat/stack of incompatible shapes or ranks.
public class CatAnalyzerTests
{
    [Fact]
    public void TutorialCatOfIncompatibleShapes() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x_1 = Torch.Randn(2, 5);
        var x_2 = Torch.Randn(2, 3);
        Torch.Cat([x_1, {|TD0001:x_2|}]);
        """,
        "Sizes of tensors must match except in dimension 0. Expected size 5 but got size 3 for tensor number 1 in the list.");

    [Fact]
    public void CatAlongDim1() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var a = Torch.Randn(2, 3);
        Torch.Cat([a, {|TD0001:Torch.Randn(4, 3)|}], 1);
        """,
        "Sizes of tensors must match except in dimension 1. Expected size 2 but got size 4 for tensor number 1 in the list.");

    [Fact]
    public void CatOfDifferentRanks() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var a = Torch.Randn(2, 3);
        var b = Torch.Randn(3);
        Torch.Cat([a, {|TD0001:b|}]);
        """,
        "Tensors must have same number of dimensions: got 2 and 1");

    [Fact]
    public void ThirdTensorOfAnArrayWithNamedDim() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var a = Torch.Zeros(2, 3, 4);
        var b = Torch.Ones(2, 5, 4);
        var c = Torch.Rand(2, 5, 3);
        Torch.Cat(new[] { a, b, {|TD0001:c|} }, dim: -2);
        """,
        "Sizes of tensors must match except in dimension 1. Expected size 4 but got size 3 for tensor number 2 in the list.");

    [Fact]
    public void ZeroDimensionalTensor() => AnalyzerVerifier.VerifyMatchesRuntime("""
        Torch.Cat([{|TD0001:Torch.Tensor(1f)|}, Torch.Tensor([1f, 2f])]);
        """,
        "zero-dimensional tensor (at position 0) cannot be concatenated");

    [Fact]
    public void StackOfDifferentShapes() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var a = Torch.Randn(2, 3);
        var b = Torch.Randn(2, 4);
        Torch.Stack([a, {|TD0001:b|}], 1);
        """,
        "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1");

    [Fact]
    public void ShapesFromParametersFieldsAndProperties() => AnalyzerVerifier.Verify("""
        public class Model
        {
            [Shape(4, 8)] public Tensor Weight = Torch.Randn(4, 8);
            [Shape(4, 2)] public Tensor Bias { get; } = Torch.Randn(4, 2);

            public Tensor Join([Shape(3, 8)] Tensor x) => Torch.Cat([Weight, x, {|TD0001:Bias|}]);
        }
        """,
        "Sizes of tensors must match except in dimension 0. Expected size 8 but got size 2 for tensor number 2 in the list.");

    [Fact]
    public void ShapesFromArrayLiterals() => AnalyzerVerifier.Verify("""
        var a = Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Torch.Tensor([[1f, 2f], [3f, 4f]]);
        var c = Torch.Cat([a, {|TD0001:b|}]);
        """);

    [Fact]
    public void CompatibleCatsAreSilent() => AnalyzerVerifier.Verify("""
        var a = Torch.Randn(2, 3);
        var b = Torch.Randn(4, 3);
        var c = Torch.Randn(2, 5);
        var rows = Torch.Cat([a, b]);
        var cols = Torch.Cat([a, c], 1);
        var back = Torch.Cat([a, c], -1);
        var skipped = Torch.Cat([Torch.Zeros(0), a]);
        var stacked = Torch.Stack([a, a, a], 2);
        var again = Torch.Cat([rows, Torch.Randn(1, 3)]).View(7, 3);
        """);

    [Fact]
    public void UnknownShapesAreSilent() => AnalyzerVerifier.Verify("""
        public static class Helpers
        {
            public static Tensor Join(Tensor a, Tensor b, int n) => Torch.Cat([a, b, Torch.Randn(n, 3)]);
            public static Tensor Join(List<Tensor> list) => Torch.Cat(list);
            public static Tensor JoinWithDim(int dim) => Torch.Cat([Torch.Randn(2, 3), Torch.Randn(2, 5)], dim);
        }
        """);
}
