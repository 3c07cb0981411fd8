using System.Linq;
using Microsoft.CodeAnalysis;
using System.Text.RegularExpressions;
using TensorDsl.Generators.Tests.Infrastructure;
using TensorDsl.Generators.Tests.Numerics;
using Xunit;

namespace TensorDsl.Generators.Tests.Snapshots;

/// <summary>Generated code a person can read and step through, for every kernel the random tests write.</summary>
public class ReadabilityTests
{
    public static TheoryData<int> Seeds() => new(1, 2, 3);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void NoLineIsLongerThan160Characters(int seed)
    {
        foreach (var (hint, text) in Generated(RandomKernelTests.Program(seed).Source))
        {
            var lines = text.Split('\n');
            var longest = lines.OrderByDescending(l => l.Length).First();
            Assert.True(longest.Length <= 160, $"{hint}: a line of {longest.Length} characters:\n{longest}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TheCodeClassNamesNothingWithGlobal(int seed)
    {
        foreach (var (hint, text) in Generated(RandomKernelTests.Program(seed).Source))
        {
            int code = text.IndexOf("namespace TensorDsl.Kernels.Generated", System.StringComparison.Ordinal);
            Assert.True(code > 0, hint);
            Assert.DoesNotContain("global::", text.Substring(code));
            // The public class holds one call of the code class per method and nothing else.
            Assert.All(Regex.Matches(text.Substring(0, code), @"=>\s*\n\s*(global::TensorDsl\.Kernels\.Generated\.\w+)\.\w+\(").Select(m => m.Groups[1].Value),
                target => Assert.EndsWith("Kernel", target));
        }
    }

    [Fact]
    public void TemporariesAreNamedAfterTheirOp()
    {
        const string source = """
            using TensorDsl;
            public static partial class K
            {
                [Kernel] public static Tensor F([Shape(8, 20)] Tensor a, [Shape(20, 16)] Tensor w, [Shape(8, 16)] Tensor c) =>
                    ((a.MatMul(w) + c).Tanh().Sum(0) * 2).LogSoftmax(0).Max();
            }
            """;
        var text = Generated(source).Single().Text;
        foreach (var name in new[] { "matMul2", "sumDim6", "logSoftmax9", "max10", "gradAdd4" })
            Assert.Contains(name, text);
        Assert.DoesNotMatch(@"\bt\d+\b", text);
    }

    // Names the code class uses for itself, given to parameters, in a generic type in the global
    // namespace, with documentation comments checked: the file still compiles without a warning.
    [Fact]
    public void ParameterNamesCannotBreakTheGeneratedCode()
    {
        const string source = """
            using TensorDsl;
            public partial class Outer<T>
            {
                public static partial class Inner
                {
                    [Kernel]
                    public static Tensor F([Shape(4, 20)] Tensor Span, [Shape(4, 20)] Tensor MathF, [Shape(4, 20)] Tensor term0,
                        [Shape(20)] Tensor rowSum1, [Shape(4, 20)] Tensor @params, [Shape(20)] Tensor KernelSupport, float Vector256,
                        [Shape(4, 20)] Tensor Tensor, [Shape(20)] Tensor workspace) =>
                        (((Span + MathF).Tanh() + term0 * rowSum1).Softmax(1) * @params + KernelSupport * Vector256 + Tensor.Exp() * workspace).Sum();
                }
            }
            """;
        var options = GeneratorHarness.ParseOptions.WithDocumentationMode(Microsoft.CodeAnalysis.DocumentationMode.Diagnose);
        var compilation = GeneratorHarness.Compile(source);
        compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(), compilation.SyntaxTrees.Single().WithRootAndOptions(
            compilation.SyntaxTrees.Single().GetRoot(), options));
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(new[] { new KernelGenerator().AsSourceGenerator() }, parseOptions: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources);
        // The test source's own members lack doc comments; the generated ones must have theirs right.
        Assert.Empty(GeneratorHarness.CompilerDiagnostics(output).Where(d => d.Location.SourceTree?.FilePath.Contains("TensorDsl.Generator") == true));
    }

    // A module initializer (the cores' warm-up) only where the language allows one: a kernel reachable
    // from the whole assembly and in no generic type. The others still compile, without it.
    [Theory]
    [InlineData("public static partial class Host", "public", true)]
    [InlineData("internal static partial class Host", "internal", true)]
    [InlineData("public static partial class Host", "private", false)]
    [InlineData("public static partial class Host<T>", "public", false)]
    [InlineData("file static partial class Host", "public", false)]
    public void OnlyKernelsReachableFromTheModuleWarmUpTheirCores(string host, string access, bool warmsUp)
    {
        string source = $$"""
            using TensorDsl;
            {{host}}
            {
                [Kernel]
                {{access}} static Tensor F([Shape(4, 8)] Tensor x) => x.Tanh().Sum();
            }
            """;
        var (output, diagnostics, result) = GeneratorHarness.Run(source);
        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.CompilerDiagnostics(output).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        string text = result.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Equal(warmsUp, text.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]"));
    }

    private static (string Hint, string Text)[] Generated(string source)
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Assert.Empty(diagnostics);
        return result.Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToArray();
    }
}
