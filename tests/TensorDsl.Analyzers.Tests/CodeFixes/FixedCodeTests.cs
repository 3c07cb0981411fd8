using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Infrastructure;
using TensorDsl.CodeFixes;
using Xunit;

namespace TensorDsl.Analyzers.Tests.CodeFixes;

// What the fixes write compiles, leaves no shape diagnostic, and runs.
public class FixedCodeTests
{
    private const string Broken = """
        Torch.ManualSeed(0);
        var x = Torch.Randn(2, 3, 4);
        var a = x.View(2, 13);
        var b = x.Reshape(5, 4).Sum(1);
        var x_1 = Torch.Randn(2, 5);
        var x_2 = Torch.Randn(2, 3);
        var c = Torch.Cat([x_1, x_2]);
        var d = Torch.Cat([c, Torch.Randn(2, 3, 1).View(2, 3)], dim: 0);   // fixable once c is
        var e = a.Sum() + b.Sum() + c.Sum() + d.Sum();
        """;

    [Theory]
    [InlineData(ViewSizeCodeFixProvider.UseSizeKey)]
    [InlineData(ViewSizeCodeFixProvider.InferKey)]
    public async Task FixedCodeCompilesAndRuns(string viewKey)
    {
        var text = await CodeFixVerifier.FixAllAsync(new ViewSizeCodeFixProvider(), viewKey, Broken);
        text = await CodeFixVerifier.FixOneByOneAsync(new CatDimCodeFixProvider(), CatDimCodeFixProvider.Key, text);
        Assert.DoesNotContain("View(2, 13)", text);
        Assert.DoesNotContain("Torch.Cat([x_1, x_2])", text);

        var compilation = TestCompilation.Create(text);
        Assert.Empty(AnalyzerVerifier.Diagnose(compilation));   // also asserts it compiles
        Assert.Null(TestCompilation.Run(compilation));
    }
}
