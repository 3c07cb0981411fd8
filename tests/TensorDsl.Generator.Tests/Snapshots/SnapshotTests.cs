using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Generators.Tests.Snapshots;

/// <summary>The generated code of representative kernels, compared with reviewed snapshots.</summary>
public class SnapshotTests
{
    private static void VerifyGenerated(string source, string testName, IDictionary<string, string>? options = null)
    {
        var (output, diagnostics, result) = GeneratorHarness.Run(source, options);
        Assert.Empty(diagnostics);
        // Generated code compiles without a warning, with nullable on.
        Assert.Empty(GeneratorHarness.CompilerDiagnostics(output));
        var generated = result.Results.Single().GeneratedSources;
        Assert.NotEmpty(generated);
        foreach (var file in generated)
            Snapshot.Verify(file.SourceText.ToString(), testName, file.HintName);
    }

    [Fact]
    public void DesignExampleMlpLoss() => VerifyGenerated("""
        using TensorDsl;

        namespace Demo;

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
        """, nameof(DesignExampleMlpLoss));

    // A language model's training step: embedding rows read through an int64 span, a class loss.
    [Fact]
    public void EmbeddingAndCrossEntropy() => VerifyGenerated("""
        using TensorDsl;
        using F = TensorDsl.NN.Functional;

        namespace Demo;

        public static partial class Language
        {
            [Kernel(UnrollLimit = 0)]
            public static Tensor Step([Shape(2, DType = DType.Int64), NoGrad] Tensor context, [Shape(1, DType = DType.Int64), NoGrad] Tensor target,
                                      [Shape(12, 4)] Tensor embeddings, [Shape(12, 8)] Tensor w, [Shape(12)] Tensor b)
            {
                var embeds = F.Embedding(context, embeddings).View(1, 8);
                return F.CrossEntropy(embeds.MatMul(w.T()) + b, target);
            }
        }
        """, nameof(EmbeddingAndCrossEntropy));

    [Fact]
    public void SmallElementwiseFullyUnrolled() => VerifyGenerated("""
        using TensorDsl;

        public static partial class Activations
        {
            [Kernel]
            internal static Tensor Gelu([Shape(2, 3)] Tensor x, float scale) =>
                x * (x * 1.702 * scale).Sigmoid();
        }
        """, nameof(SmallElementwiseFullyUnrolled));

    [Fact]
    public void LargeKernelUsesLoopsAndPerThreadScratch() => VerifyGenerated("""
        using TensorDsl;

        namespace Demo;

        public static partial class Layers
        {
            [Kernel]
            public static Tensor Dense([Shape(32, 64)] Tensor x, [Shape(64, 48)] Tensor w, [Shape(48)] Tensor b) =>
                (x.MatMul(w) + b).Relu();
        }
        """, nameof(LargeKernelUsesLoopsAndPerThreadScratch));

    [Fact]
    public void NestedTypesCatStackSoftmax() => VerifyGenerated("""
        using TensorDsl;

        namespace Demo.Nested;

        public partial class Outer
        {
            internal static partial class Inner
            {
                [Kernel]
                public static Tensor Mix([Shape(2, 3)] Tensor a, [Shape(2, 3), NoGrad] Tensor b)
                {
                    var joined = Torch.Cat([a, b], -1);
                    var stacked = Torch.Stack(new[] { a, b.Detach() });
                    return joined.Softmax(1).View(-1) + stacked.Sum(0).Flatten().Pow(2).Sum();
                }
            }
        }
        """, nameof(NestedTypesCatStackSoftmax));

    [Fact]
    public void MsBuildUnrollLimitApplies() => VerifyGenerated("""
        using TensorDsl;

        public static partial class Tiny
        {
            [Kernel]
            public static Tensor Scale([Shape(4)] Tensor x) => (x * 2).Sum();
        }
        """, nameof(MsBuildUnrollLimitApplies), new Dictionary<string, string> { ["build_property.TensorDslUnrollLimit"] = "0" });

    [Fact]
    public void OutputIsDeterministic()
    {
        const string source = """
            using TensorDsl;
            public static partial class K
            {
                [Kernel] public static Tensor F([Shape(3, 5)] Tensor a, [Shape(5)] Tensor b) => (a / b).LogSoftmax(0).Max();
            }
            """;
        var first = GeneratorHarness.Run(source).Result.Results.Single().GeneratedSources.Single().SourceText.ToString();
        var second = GeneratorHarness.Run(source).Result.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Equal(first, second);
        Assert.DoesNotContain("\r", first);
    }
}
