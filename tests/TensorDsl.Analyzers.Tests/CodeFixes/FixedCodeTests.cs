using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Infrastructure;
using TensorDsl.CodeFixes;
using TensorDsl.Testing;
using Xunit;

namespace TensorDsl.Analyzers.Tests.CodeFixes;

// What the fixes write compiles, leaves no shape diagnostic, and runs: the view fixes first, then
// the cat fixes, one of which only the first cat's fix uncovers (the second cat reads c).
public class FixedCodeTests
{
    private const string Broken = """
        Torch.ManualSeed(0);
        var x = Torch.Randn(2, 3, 4);
        var a = x.View(2, {|TD0002:13|});
        var b = x.Reshape({|TD0002:5|}, 4).Sum(1);
        var x_1 = Torch.Randn(2, 5);
        var x_2 = Torch.Randn(2, 3);
        var c = Torch.Cat([x_1, {|TD0001:x_2|}]);
        var d = Torch.Cat([c, Torch.Randn(2, 3, 1).View(2, 3)], dim: 0);
        var e = a.Sum() + b.Sum() + c.Sum() + d.Sum();
        """;

    [Theory]
    [InlineData(ViewSizeCodeFixProvider.UseSizeKey, "View(2, 12)", "Reshape(6, 4)")]
    [InlineData(ViewSizeCodeFixProvider.InferKey, "View(2, -1)", "Reshape(-1, 4)")]
    public async Task FixedCodeCompilesAndRuns(string viewKey, string view, string reshape)
    {
        var viewsFixed = Broken.Replace("View(2, {|TD0002:13|})", view).Replace("Reshape({|TD0002:5|}, 4)", reshape);
        await CodeFixVerifier.VerifyAsync<ViewSizeCodeFixProvider>(viewKey, Broken, viewsFixed);

        var catsFixed = Markup.Parse(viewsFixed).Source
            .Replace("Torch.Cat([x_1, x_2])", "Torch.Cat([x_1, x_2], 1)")
            .Replace("dim: 0", "dim: 1");
        await CodeFixVerifier.VerifyAsync<CatDimCodeFixProvider>(CatDimCodeFixProvider.Key, viewsFixed, catsFixed, iterations: 2);

        var compilation = TestCompilation.Create(catsFixed);
        Assert.Empty(AnalyzerVerifier.Diagnose(compilation));   // also asserts it compiles
        Assert.Null(TestCompilation.Run(compilation));
    }
}
