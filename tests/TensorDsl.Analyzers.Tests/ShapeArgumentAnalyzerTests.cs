using TensorDsl.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

// TD0006: a tensor of a known shape passed where a [Shape] declares another.
public class ShapeArgumentAnalyzerTests
{
    private const string Net = """
        public static partial class Net
        {
            [Kernel]
            public static Tensor Loss([Shape(8, 4), NoGrad] Tensor x, [Shape(4, 16)] Tensor w1,
                                      [Shape(16)] Tensor b1, [Shape(16, 1)] Tensor w2,
                                      [Shape(8, 1), NoGrad] Tensor y)
            {
                var h = (x.MatMul(w1) + b1).Tanh();
                var d = h.MatMul(w2) - y;
                return (d * d).Mean();
            }
        }

        """;

    [Fact]
    public void KernelCalledWithTheWrongSize() => AnalyzerVerifier.Verify(Net + """
        public static class Training
        {
            public static Tensor Step() =>
                Net.Loss({|TD0006:Torch.Randn(8, 5)|}, Torch.Randn(4, 16), Torch.Zeros(16), Torch.Randn(16, 1), Torch.Zeros(8, 1));
        }
        """,
        "Expected tensor of size [8, 4], but got tensor of size [8, 5] for argument #1 'x' (while checking arguments for Loss)");

    [Fact]
    public void KernelCalledWithTheWrongRank() => AnalyzerVerifier.Verify(Net + """
        public static class Training
        {
            public static Tensor Step(Tensor anything)
            {
                var b = Torch.Zeros(16, 1);
                return Net.Loss(anything, Torch.Randn(4, 16), {|TD0006:b|}, Torch.Randn(16, 1), {|TD0006:Torch.Zeros(8)|});
            }
        }
        """,
        "Expected 1-dimensional tensor, but got 2-dimensional tensor for argument #3 'b1' (while checking arguments for Loss)",
        "Expected 2-dimensional tensor, but got 1-dimensional tensor for argument #5 'y' (while checking arguments for Loss)");

    [Fact]
    public void AnyMethodNamedArgumentsAndConstructors() => AnalyzerVerifier.Verify("""
        public sealed class Layer
        {
            public Layer([Shape(3, 2)] Tensor weight) => Weight = weight;
            [Shape(3, 2)] public Tensor Weight { get; }
            [return: Shape(5, 3)] public static Tensor Input() => Torch.Randn(5, 3);
            public Tensor Forward([Shape(5, 3)] Tensor x, float scale = 1f) => x.MatMul(Weight) * scale;
        }

        public static class Use
        {
            public static void Run()
            {
                var layer = new Layer({|TD0006:Torch.Randn(2, 3)|});
                layer.Forward(scale: 2f, x: {|TD0006:layer.Weight|});
                layer.Forward(Layer.Input());
                var ok = new Layer(Torch.Randn(3, 2)).Forward(Torch.Ones(5, 3));
            }
        }
        """,
        "Expected tensor of size [3, 2], but got tensor of size [2, 3] for argument #1 'weight' (while checking arguments for Layer)",
        "Expected tensor of size [5, 3], but got tensor of size [3, 2] for argument #1 'x' (while checking arguments for Forward)");

    [Fact]
    public void LocalFunctionWithShapeParameter() => AnalyzerVerifier.Verify("""
        var h = Torch.Randn(4, 3);
        Tensor Norm([Shape(4, 4)] Tensor t) => t / t.Sum();
        var n = Norm({|TD0006:h|});
        var m = Norm(h.MatMul(h.T()));
        """,
        "Expected tensor of size [4, 4], but got tensor of size [4, 3] for argument #1 't' (while checking arguments for Norm)");

    [Fact]
    public void MatchingAndUnknownShapesAreSilent() => AnalyzerVerifier.Verify(Net + """
        public static class Training
        {
            public static Tensor Step(Tensor x, int batch) =>
                Net.Loss(x, Torch.Randn(4, 16), Torch.Zeros(16), Torch.Randn(batch, 1), Torch.Zeros(8, 1))
                + Net.Loss(Torch.Randn(8, 4), Torch.Randn(4, 16), Torch.Zeros(16), Torch.Randn(16, 1), Torch.Zeros(8, 1));
        }
        """);
}
