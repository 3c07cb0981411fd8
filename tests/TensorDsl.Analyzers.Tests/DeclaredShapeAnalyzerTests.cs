using TensorDsl.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

// TD0007: a tensor of a known shape returned or stored where a [Shape] declares another.
public class DeclaredShapeAnalyzerTests
{
    [Fact]
    public void ReturnValues() => AnalyzerVerifier.Verify("""
        public static class Data
        {
            [return: Shape(16, 3)] public static Tensor Batch() => {|TD0007:Torch.Randn(3, 16)|};
            [return: Shape(16, 3)] public static Tensor Transposed() => Torch.Randn(3, 16).T();
            [return: Shape(4)]
            public static Tensor Block(bool flag)
            {
                if (flag) return Torch.Zeros(4);
                return {|TD0007:Torch.Zeros(2, 2)|};
            }
            [Shape(2, 2)] public static Tensor Property => {|TD0007:Torch.Ones(4)|};
            public static Tensor Undeclared() => Torch.Randn(7);
        }
        """,
        "Expected tensor of size [16, 3], but got tensor of size [3, 16] for the return value of 'Batch'",
        "Expected 1-dimensional tensor, but got 2-dimensional tensor for the return value of 'Block'",
        "Expected 2-dimensional tensor, but got 1-dimensional tensor for property 'Property'");

    // A return inside a lambda or local function leaves that function, not the method.
    [Fact]
    public void ReturnsOfNestedFunctionsBelongToThem() => AnalyzerVerifier.Verify("""
        public static class Data
        {
            [return: Shape(3)]
            public static Tensor Outer()
            {
                System.Func<Tensor> lambda = () => Torch.Randn(5);
                Tensor Local() => Torch.Randn(6);
                [return: Shape(2)] static Tensor Declared() => {|TD0007:Torch.Randn(6)|};
                return lambda().Sum(0) + Local().Sum(0) + Torch.Randn(3) + Declared().Sum();
            }
        }
        """,
        "Expected tensor of size [2], but got tensor of size [6] for the return value of 'Declared'");

    [Fact]
    public void FieldsAndProperties() => AnalyzerVerifier.Verify("""
        public class Layer
        {
            [Shape(4)] public static readonly Tensor Bias = {|TD0007:Torch.Zeros(5)|};
            [Shape(4, 4)] public Tensor Weight { get; set; } = Torch.Randn(4, 4);
            [Shape(4, 4)] public Tensor Other;
            public Tensor Free = Torch.Randn(9);

            public void Reset(Layer peer)
            {
                Weight = {|TD0007:Torch.Randn(4, 5)|};
                peer.Other = {|TD0007:Torch.Randn(16)|};
                Other = Free;
                Free = Torch.Randn(2);
            }
        }
        """,
        "Expected tensor of size [4], but got tensor of size [5] for field 'Bias'",
        "Expected tensor of size [4, 4], but got tensor of size [4, 5] for property 'Weight'",
        "Expected 2-dimensional tensor, but got 1-dimensional tensor for field 'Other'");

    // A setter of its own may reshape what it is given; only the getter's returns are checked.
    [Fact]
    public void PropertiesWithTheirOwnSetterAreCheckedAtTheGetter() => AnalyzerVerifier.Verify("""
        public class Layer
        {
            private Tensor _w = Torch.Zeros(2, 3);
            [Shape(2, 3)] public Tensor W { get => _w; set => _w = value.View(2, 3); }
            [Shape(6)] public Tensor Bad { get => {|TD0007:Torch.Zeros(2, 3)|}; set => _w = value; }
            [Shape(2, 3)] public Tensor Init { get; init; } = Torch.Randn(2, 3);

            public static Layer Make()
            {
                var layer = new Layer { W = Torch.Randn(6), Init = {|TD0007:Torch.Randn(3, 2)|} };
                layer.W = Torch.Randn(6);
                return layer;
            }
        }
        """,
        "Expected 1-dimensional tensor, but got 2-dimensional tensor for property 'Bad'",
        "Expected tensor of size [2, 3], but got tensor of size [3, 2] for property 'Init'");

    // A [Shape] parameter declares what callers pass (TD0006); the method may reuse the variable.
    [Fact]
    public void ParametersMayBeReassigned() => AnalyzerVerifier.Verify("""
        public static class Data
        {
            public static Tensor F([Shape(2, 3)] Tensor x)
            {
                x = x.View(6);
                return x;
            }
        }
        """);
}
