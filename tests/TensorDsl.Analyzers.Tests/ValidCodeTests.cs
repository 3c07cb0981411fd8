using System.IO;
using System.Linq;
using TensorDsl.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

// No false positives: valid code, including the whole tutorial port, produces no diagnostic.
public class ValidCodeTests
{
    private static string Corpus(string name) => File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "Corpus", name));

    [Fact]
    public void TutorialIsSilent()
    {
        var diagnostics = AnalyzerVerifier.Diagnose(TestCompilation.Create(Corpus("Tutorial.cs")));
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void TutorialsCommentedOutCatIsReported()
    {
        var source = Corpus("Tutorial.cs");
        const string line = "// Torch.Cat([x_1, x_2]);";
        Assert.Contains(line, source);
        var diagnostics = AnalyzerVerifier.Diagnose(TestCompilation.Create(source.Replace(line, "Torch.Cat([x_1, x_2]);")));
        var d = Assert.Single(diagnostics);
        Assert.Equal("TD0001", d.Id);
        Assert.Equal("x_2", d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan));
        Assert.Equal("Sizes of tensors must match except in dimension 0. Expected size 5 but got size 3 for tensor number 1 in the list.", d.GetMessage());
    }

    // The tutorial reuses x for tensors of several shapes; straight-line code is followed, so a
    // wrong size in its x.View(2, 12) (x is [2, 3, 4] there) is caught.
    [Fact]
    public void TutorialsReassignedViewIsChecked()
    {
        var source = Corpus("Tutorial.cs");
        const string line = "Torch.Print(x.View(2, 12));";
        Assert.Contains(line, source);
        var diagnostics = AnalyzerVerifier.Diagnose(TestCompilation.Create(source.Replace(line, "Torch.Print(x.View(2, 10));")));
        var d = Assert.Single(diagnostics);
        Assert.Equal("TD0002", d.Id);
        Assert.Equal("shape '[2, 10]' is invalid for input of size 24", d.GetMessage());
    }

    [Fact]
    public void CorpusIsSilentAndRuns()
    {
        var compilation = TestCompilation.Create(Corpus("ValidCode.cs"));
        Assert.Empty(AnalyzerVerifier.Diagnose(compilation));
        // It really is valid: it runs without a shape error.
        var type = TestCompilation.Load(compilation).GetType("ValidCode")!;
        type.GetMethod("RunAll")!.Invoke(null, new object[] { 0 });
    }

    [Fact]
    public void CodeWithoutTensorDslIsSilent()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("NoTensors",
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("public static class C { public static int F(int x) => x + 1; }") },
            TestCompilation.References.Where(r => !r.Display!.EndsWith("TensorDsl.dll", System.StringComparison.Ordinal)),
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(AnalyzerVerifier.Diagnose(compilation));
    }
}
