using System.Linq;
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

    private static (string Hint, string Text)[] Generated(string source)
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Assert.Empty(diagnostics);
        return result.Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToArray();
    }
}
