using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

// Where shapes come from, shown by the diagnostics they make possible (and the ones they must not).
public class InferenceTests
{
    [Fact]
    public void RectangularArrayLiterals() => AnalyzerVerifier.Verify("""
        var a = Torch.Tensor(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var b = Torch.Tensor(new int[2, 2, 2]);
        var c = a.View({|TD0002:4|}, 2);
        var d = b.View(3, {|TD0002:-1|});
        """,
        "shape '[4, 2]' is invalid for input of size 6",
        "shape '[3, -1]' is invalid for input of size 8");

    [Fact]
    public void JaggedCollectionExpressionsAndArrayLocals() => AnalyzerVerifier.Verify("""
        float[][][] cube = [[[1f, 2f], [3f, 4f]], [[5f, 6f], [7f, 8f]]];
        float[] vector = [1f, 2f, 3f];
        var c = Torch.Tensor(cube);
        var v = Torch.Tensor(vector);
        var m = Torch.Tensor([[1f, 2f, 3f], [4f, 5f, 6f]]);
        var n = Torch.Tensor(new[] { new[] { 1L, 2L }, new[] { 3L, 4L } });
        var a = {|TD0004:c + v|};
        var b = m.MatMul({|TD0003:n|});
        """,
        "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 2",
        "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x2)");

    [Fact]
    public void RaggedOrUnknownDataIsUnknown() => AnalyzerVerifier.Verify("""
        float[][] ragged = [[1f, 2f], [3f]];
        float[][] replaced = [[1f, 2f], [3f, 4f]];
        replaced[0] = [1f, 2f, 3f];
        float[] fromCall = Enumerable.Repeat(1f, 4).ToArray();
        var a = Torch.Tensor(replaced).View(7);
        var b = Torch.Tensor(fromCall).View(5);
        """);

    [Fact]
    public void Factories() => AnalyzerVerifier.Verify("""
        var a = Torch.Arange(10).View(3, {|TD0002:-1|});
        var b = Torch.Arange(0.0, 2.0, 0.5).View({|TD0002:3|});
        var c = Torch.Full([2, 3], 7L).MatMul({|TD0003:Torch.Ones([2, 3], dtype: DType.Float64)|});
        var d = Torch.ZerosLike(Torch.Randn(4)).View({|TD0002:5|});
        var e = Torch.Randint(0, 5, [2, 2]).Sum({|TD0005:2|});
        """,
        "shape '[3, -1]' is invalid for input of size 10",
        "shape '[3]' is invalid for input of size 4",
        "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)",
        "shape '[5]' is invalid for input of size 4",
        "Dimension out of range (expected to be in range of [-2, 1], but got 2)");

    [Fact]
    public void LocalsWhoseEveryAssignmentAgrees() => AnalyzerVerifier.Verify("""
        var x = Torch.Randn(2, 3);
        if (DateTime.Now.Second > 30) x = Torch.Zeros(2, 3);
        var flag = args.Length > 0;
        var y = flag ? Torch.Ones(2, 3) : x;
        var z = {|TD0004:y + Torch.Randn(3, 2)|};
        """);

    [Fact]
    public void StraightLineReassignmentIsFollowed() => AnalyzerVerifier.Verify("""
        var x = Torch.Randn(3, 4, 5);
        x = Torch.Tensor([1f, 2f, 3f]);
        var a = x.View(2, {|TD0002:2|});
        x = Torch.Randn(2, 3, 4);
        var b = x.View(2, 12);
        var c = x.View(5, {|TD0002:-1|});
        x = x.Sum(0);
        x += Torch.Ones(4);
        var d = x.MatMul({|TD0003:Torch.Randn(3)|});
        Tensor e = Torch.Randn(6), f = e.View({|TD0002:4|});
        """,
        "shape '[2, 2]' is invalid for input of size 3",
        "shape '[5, -1]' is invalid for input of size 24",
        "size mismatch, got input (3), mat (3x4), vec (3)",
        "shape '[4]' is invalid for input of size 6");

    [Fact]
    public void ShapedParameterReassignedInItsBody() => AnalyzerVerifier.Verify("""
        public static class Layers
        {
            public static Tensor F([Shape(2, 3)] Tensor x)
            {
                var a = x.View({|TD0002:5|});
                x = x.T();
                var b = x.MatMul({|TD0003:Torch.Randn(3)|});
                return x;
            }
        }
        """,
        "shape '[5]' is invalid for input of size 6",
        "size mismatch, got input (3), mat (3x2), vec (3)");

    // Each of these reads may see more than one of the variable's values: all unknown.
    [Fact]
    public void ReassignmentOutsideStraightLineCodeIsUnknown() => AnalyzerVerifier.Verify("""
        public static class Flow
        {
            public static void Branches(bool c)
            {
                var x = Torch.Randn(2, 3);
                if (c) x = Torch.Randn(7);
                var a = x.View(7);
            }
            public static void Lambdas()
            {
                var x = Torch.Randn(2, 3);
                System.Func<Tensor> later = () => x.View(7);
                x = Torch.Randn(7);
                later();
            }
            public static void Labels(int n)
            {
                var x = Torch.Randn(2, 3);
            again:
                var a = x.View(7);
                x = Torch.Randn(7);
                if (--n > 0) goto again;
            }
            public static void NestedAssignment()
            {
                var x = Torch.Randn(2, 3);
                var y = (x = Torch.Randn(7)).Sum();
                var a = x.View(7);
            }
            public static void ParameterInLoop([Shape(2, 3)] Tensor x)
            {
                for (int i = 0; i < 2; i++)
                {
                    var a = x.View(6);
                    x = Torch.Randn(7);
                }
            }
        }
        """);

    // Reads in functions that may run at other times, and variables whose stores do not show.
    [Fact]
    public void CapturedPatternAndPrimaryConstructorVariablesAreUnknown() => AnalyzerVerifier.Verify("""
        public static class Captured
        {
            public static void LocalFunctionReadsLater()
            {
                var x = Torch.Randn(4, 4);
                Torch.Print(Flat());
                x = Torch.Randn(2, 3);
                Tensor Flat() => x.View(16);
            }
            public static void ParameterWrittenInALocalFunction([Shape(2, 3)] Tensor p)
            {
                void Step(bool again)
                {
                    if (again) Torch.Print(p.View(16));
                    p = Torch.Randn(4, 4);
                }
                Step(false);
                Step(true);
            }
            public static void LocalWrittenInARecursiveLocalFunction()
            {
                Tensor x;
                void Step(bool outer)
                {
                    x = Torch.Randn(2, 3);
                    if (outer) { Step(false); Torch.Print(x.View(16)); }
                    x = Torch.Randn(4, 4);
                }
                Step(true);
            }
            public static void PatternVariable(object o)
            {
                if (o is Tensor t)
                {
                    var a = t.View(16);
                    t = Torch.Randn(2, 3);
                }
            }
        }
        public class Model([Shape(2, 3)] Tensor w)
        {
            private bool _again;
            public void Step()
            {
                if (_again) Torch.Print(w.View(16));
                w = Torch.Randn(4, 4);
                _again = true;
            }
            public Tensor Flat() => w.View(16);
        }
        """);

    [Fact]
    public void LoopsThatKeepTheShape() => AnalyzerVerifier.Verify("""
        var w = Torch.Randn(4, 4);
        var h = Torch.Randn(8, 4);
        var total = Torch.Zeros(2);
        for (int i = 0; i < 10; i++)
        {
            h = (h.MatMul(w) + Torch.Randn(4)).Tanh();
            total += h.Sum();
        }
        var bad = h.View(5, {|TD0002:-1|});
        var worse = ({|TD0004:total * Torch.Ones(3)|}).Sum();
        """);

    [Fact]
    public void ResultsOfMaxIndexersAndRequiresGrad() => AnalyzerVerifier.Verify("""
        var x = Torch.Randn(2, 3, 4);
        var m = x.Max(2);
        var a = m.Values.MatMul({|TD0003:Torch.Randn(4)|});
        var b = x[0].View({|TD0002:11|});
        var c = x[1, 2] + Torch.Randn(4).RequiresGrad_();
        var d = {|TD0004:x[^1] * Torch.Randn(4, 3)|};
        var e = x.To(DType.Float64).Transpose(0, 2).View(4, 3, 2).Sum(2).MatMul({|TD0003:Torch.Randn(2)|});
        """,
        "size mismatch, got input (2), mat (2x3), vec (4)",
        "shape '[11]' is invalid for input of size 12",
        "The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1",
        "size mismatch, got input (4), mat (4x3), vec (2)");

    [Fact]
    public void RangeIndexersSliceDimZeroWithPythonClamping() => AnalyzerVerifier.Verify("""
        var x = Torch.Randn(5, 3);
        var a = x[1..3].View({|TD0002:7|});
        var b = x[^2..].MatMul({|TD0003:Torch.Randn(2)|});
        var c = x[3..10] + Torch.Randn(2, 3);
        var d = {|TD0004:x[..] + Torch.Randn(4, 3)|};
        var unknown = x[0..(int)System.Math.Abs(2)] + Torch.Randn(7, 3);
        """,
        "shape '[7]' is invalid for input of size 6",
        "size mismatch, got input (2), mat (2x3), vec (2)",
        "The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 0");

    [Fact]
    public void DeclaredReturnShapes() => AnalyzerVerifier.Verify("""
        public static class Data
        {
            [return: Shape(16, 3)] public static Tensor Batch() => Torch.Randn(16, 3);
            public static Tensor Unknown() => Torch.Randn(16, 3);
            public static Tensor Use() => Batch().View({|TD0002:5|}, 3) + Unknown().View(5, 3);
        }
        """,
        "shape '[5, 3]' is invalid for input of size 48");

    [Fact]
    public void InvalidShapeAttributesDeclareNothing() => AnalyzerVerifier.Verify("""
        public static class Odd
        {
            public static Tensor F([Shape(-1, 3)] Tensor x) => x.View(5) + G(Torch.Randn(2));
            public static Tensor G([Shape(3, -2)] Tensor y) => y;
        }
        """);

    [Fact]
    public void PragmaSuppresses() => AnalyzerVerifier.Verify("""
        #pragma warning disable TD0001
        var c = Torch.Cat([Torch.Randn(2, 5), Torch.Randn(2, 3)]);
        #pragma warning restore TD0001
        """);

    [Fact]
    public void ErrorsDoNotCascade() => AnalyzerVerifier.Verify("""
        var a = Torch.Randn(2, 3).MatMul({|TD0003:Torch.Randn(2, 3)|});
        var b = a.View(7) + Torch.Randn(5);
        """);

    [Fact]
    public void LongChainsStayFast()
    {
        // Plain chains, and chains of accumulators that each read themselves and the previous one:
        // hypotheses nest here, and must not make the analysis exponential.
        var code = new System.Text.StringBuilder("var v0 = Torch.Randn(4, 4);\nvar a0 = Torch.Randn(4, 4);\n");
        for (int i = 1; i <= 60; i++)
        {
            code.Append($"var v{i} = (v{i - 1} + 1.0).Tanh();\n");
            code.Append($"var a{i} = Torch.Zeros(4, 4);\nfor (int k = 0; k < 2; k++) a{i} = a{i} + a{i - 1}.MatMul(v{i});\n");
        }
        code.Append("var last = {|TD0004:a60 + Torch.Randn(3)|};\nvar first = {|TD0004:a1 + Torch.Randn(5)|};\n");
        // The same accumulators updated in one loop, the deepest first, so that the first question is the hardest.
        code.Append("Tensor b0 = Torch.Randn(4, 4)");
        for (int i = 1; i <= 40; i++) code.Append($", b{i} = Torch.Zeros(4, 4)");
        code.Append(";\nfor (int k = 0; k < 2; k++)\n{\n");
        for (int i = 40; i >= 1; i--) code.Append($"    b{i} = b{i} + b{i - 1};\n");
        code.Append("}\nvar deepest = b40.View(16);\n");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        AnalyzerVerifier.Verify(code.ToString());
        Assert.True(watch.Elapsed < System.TimeSpan.FromSeconds(10), watch.Elapsed.ToString());
    }

    [Fact]
    public void GeneratedCodeIsNotAnalyzed() => AnalyzerVerifier.Verify("""
        // <auto-generated/>
        public static class Generated
        {
            public static Tensor F() => Torch.Randn(2, 3).View(7);
        }
        """);

    [Fact]
    public async System.Threading.Tasks.Task BrokenCodeDoesNotCrash()
    {
        var compilation = TestCompilation.Create("""
            var a = Torch.Randn(2, 3);
            var b = a.View(;
            var c = Torch.Cat([a, undefined], dim: );
            var d = a.MatMul(a, 3) + a.Nope();
            Tensor e = 5;
            """);
        var options = new Microsoft.CodeAnalysis.Diagnostics.CompilationWithAnalyzersOptions(
            new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.AdditionalText>.Empty),
            onAnalyzerException: (e, _, _) => throw e, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(AnalyzerVerifier.Analyzers, options).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
