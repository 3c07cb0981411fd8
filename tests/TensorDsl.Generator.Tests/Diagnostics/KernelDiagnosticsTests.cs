using System.Linq;
using TensorDsl.Generators.Tests.Infrastructure;
using TensorDsl.Testing;
using Xunit;

namespace TensorDsl.Generators.Tests.Diagnostics;

/// <summary>Kernel declaration errors (TD01xx): each at its location, all in one pass, and no code for an invalid kernel.</summary>
public class KernelDiagnosticsTests
{
    internal static void Verify(string markup)
    {
        var (source, expected) = Markup.Parse(markup);
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Markup.AssertMatches(diagnostics, expected, source);
        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void NotStatic() => Verify("""
        using TensorDsl;
        public partial class K
        {
            [Kernel] public Tensor {|TD0101:F|}([Shape(2)] Tensor a) => a * 2;
        }
        """);

    [Fact]
    public void ContainingTypeNotPartial() => Verify("""
        using TensorDsl;
        public static class {|TD0102:K|}
        {
            [Kernel] public static Tensor F([Shape(2)] Tensor a) => a * 2;
        }
        """);

    [Fact]
    public void OuterTypeNotPartial() => Verify("""
        using TensorDsl;
        public class {|TD0102:Outer|}
        {
            public static partial class Inner
            {
                [Kernel] public static Tensor F([Shape(2)] Tensor a) => a * 2;
            }
        }
        """);

    [Fact]
    public void MissingAndInvalidShapes() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel] public static Tensor F(Tensor {|TD0103:a|}, [Shape(2, -1)] Tensor {|TD0104:b|}) => a + b;
        }
        """);

    [Fact]
    public void UnsupportedParameterAndReturnTypes() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel] public static {|TD0108:float|} F([Shape(2)] Tensor a, int {|TD0107:n|}) => 1f;
        }
        """);

    [Fact]
    public void UnsupportedStatementsAndExpressionsAllReportedInOnePass() => Verify("""
        using System;
        using TensorDsl;
        public static partial class K
        {
            [Kernel]
            public static Tensor F([Shape(4)] Tensor a, [Shape(4)] Tensor b)
            {
                var c = a * 2;
                {|TD0105:for (int i = 0; i < 3; i++) c = c + 1;|}
                {|TD0105:if (c.Dim > 0) c = c - 1;|}
                var r = {|TD0106:Torch.Randn(4)|};
                var s = {|TD0106:Math.Max(1, 2)|} * b;
                return c + {|TD0106:Helper(b)|};
            }

            private static Tensor Helper(Tensor t) => t;
        }
        """);

    // Kernels compile float32 tensors and int64 indices; a [Shape] of another dtype is reported on the parameter.
    [Fact]
    public void TensorsOfAnotherDTypeAreReported() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel]
            public static Tensor F([Shape(2, DType = DType.Float64)] Tensor {|TD0107:x|}, [Shape(3)] Tensor a,
                [Shape(3, DType = DType.Float32)] Tensor b) => a + b;
        }
        """);

    // An int64 tensor is read only as indices: by F.Embedding, or as the target of a class loss.
    [Fact]
    public void IndicesOutsideEmbeddingAndLossesAreReported() => Verify("""
        using TensorDsl;
        using F = TensorDsl.NN.Functional;
        public static partial class K
        {
            [Kernel]
            public static Tensor G([Shape(3, DType = DType.Int64), NoGrad] Tensor t, [Shape(3)] Tensor a, [Shape(3, 4)] Tensor x)
            {
                var s = a + {|TD0106:t|};
                var l = F.NllLoss(x, {|TD0106:a|});
                var m = F.NllLoss(x, t, ignoreIndex: {|TD0106:0|});
                var n = F.CrossEntropy(x, t, reduction: {|TD0106:"batchmean"|});
                return s + l + m + n + F.Embedding({|TD0106:a|}, x).Sum();
            }

            [Kernel]
            public static Tensor H([Shape(3, DType = DType.Int64), NoGrad] Tensor t) => {|TD0106:t|};
        }
        """);

    // Ops the eager runtime has but kernels do not compile yet are reported, not lowered.
    [Fact]
    public void EagerOnlyOpsAreReported() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel]
            public static Tensor F([Shape(3, 4)] Tensor a)
            {
                var c = {|TD0106:a.Clamp(-1, 1)|};
                var s = {|TD0106:a.Sum([0, 1])|};
                return c + s + {|TD0106:a.Expand(3, 4)|};
            }
        }
        """);

    // An exponent may be a constant or a float/double parameter, not a computed number (itself unsupported).
    [Fact]
    public void ExponentThatIsNeitherConstantNorParameter() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel]
            public static Tensor F([Shape(3, 4)] Tensor a, float d, double e)
            {
                float twice = {|TD0106:d * 2|};
                return a.Pow(d) + a.Pow(e) + a.Pow({|TD0106:twice|});
            }
        }
        """);

    [Fact]
    public void NonConstantDimAndIndex() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel]
            public static Tensor F([Shape(3, 4)] Tensor a, float d)
            {
                int dim = (int)d;
                return a.Sum({|TD0106:dim|}) + a[{|TD0106:dim|}];
            }
        }
        """);

    [Fact]
    public void ParameterNamesThatCollideInTheGeneratedClass() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel] public static Tensor F([Shape(2)] Tensor x, [Shape(2)] Tensor {|TD0109:X|}, [Shape(2)] Tensor {|TD0109:result|}) => x + X + result;
        }
        """);

    [Fact]
    public void NegativeUnrollLimit() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [{|TD0110:Kernel(UnrollLimit = -4)|}] public static Tensor F([Shape(2)] Tensor a) => a * 2;
        }
        """);

    [Fact]
    public void ShapeErrorInsideBodyIsLeftToTheAnalyzers()
    {
        // The tutorial's incompatible cat: no crash, no TD01xx, no generated code.
        const string source = """
            using TensorDsl;
            public static partial class K
            {
                [Kernel] public static Tensor F([Shape(2, 5)] Tensor a, [Shape(2, 3)] Tensor b) => Torch.Cat([a, b]);
            }
            """;
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Assert.Empty(diagnostics);
        Assert.Empty(result.Results.Single().GeneratedSources);
        Assert.Null(result.Results.Single().Exception);
    }

    [Fact]
    public void ValidKernelNextToInvalidOneStillGenerates()
    {
        var (source, expected) = Markup.Parse("""
            using TensorDsl;
            public static partial class K
            {
                [Kernel] public static Tensor Good([Shape(2)] Tensor a) => a * 2;
                [Kernel] public Tensor {|TD0101:Bad|}([Shape(2)] Tensor a) => a * 2;
            }
            """);
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Markup.AssertMatches(diagnostics, expected, source);
        Assert.Equal("K.GoodKernel.g.cs", Assert.Single(result.Results.Single().GeneratedSources).HintName);
    }
}
