// Code-fix assertions on Microsoft.CodeAnalysis.Testing: the diagnostics marked in the code, the
// code after the fix (applied one at a time, and as fix-all in the document, project and
// solution), and the diagnostics left in it.
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using TensorDsl.Testing;

namespace TensorDsl.Analyzers.Tests.Infrastructure;

/// <summary>Code-fix assertions with <c>{|TD0001:…|}</c> markup before and after the fix.</summary>
public static class CodeFixVerifier
{
    /// <summary>
    /// Fixes the marked diagnostics of <paramref name="markup"/> with the actions keyed
    /// <paramref name="equivalenceKey"/> and asserts the result is <paramref name="fixedMarkup"/>
    /// (whose markup is what stays unfixed). <paramref name="iterations"/> is how many rounds it
    /// takes when a fix uncovers a diagnostic that only then can be found.
    /// </summary>
    public static Task VerifyAsync<TCodeFix>(string? equivalenceKey, string markup, string fixedMarkup, int? iterations = null)
        where TCodeFix : CodeFixProvider, new() =>
        VerifyAsync<ShapeAnalyzer, TCodeFix>(equivalenceKey, markup, fixedMarkup, iterations);

    /// <summary><see cref="VerifyAsync{TCodeFix}"/> for the diagnostics of <typeparamref name="TAnalyzer"/>.</summary>
    public static Task VerifyAsync<TAnalyzer, TCodeFix>(string? equivalenceKey, string markup, string fixedMarkup, int? iterations = null)
        where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var (source, spans) = Markup.Parse(markup);
        var (fixedSource, fixedSpans) = Markup.Parse(fixedMarkup);
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> { CodeActionEquivalenceKey = equivalenceKey };
        TestProject.Configure(test, source);
        test.TestState.ExpectedDiagnostics.AddRange(AnalyzerVerifier.Expected(source, spans));
        test.FixedState.Sources.Add((TestProject.TestFile, fixedSource));
        test.FixedState.Sources.Add((TestProject.GlobalUsingsFile, TestCompilation.GlobalUsings));
        test.FixedState.ExpectedDiagnostics.AddRange(AnalyzerVerifier.Expected(fixedSource, fixedSpans));
        if (iterations is int n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = n;
        }
        return test.RunAsync();
    }

    /// <summary>Asserts that <typeparamref name="TCodeFix"/> offers no action for the marked diagnostics.</summary>
    public static Task VerifyNoFixAsync<TCodeFix>(string markup) where TCodeFix : CodeFixProvider, new() =>
        VerifyAsync<TCodeFix>(equivalenceKey: null, markup, markup);
}
