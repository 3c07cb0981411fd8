// Analyzer assertions: markup tests run on Microsoft.CodeAnalysis.Testing (every diagnostic where
// the markup says, with the messages given); compilations the tests build themselves (random
// programs, the corpus) run through the same analyzers here.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using TensorDsl.Testing;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Infrastructure;

/// <summary>Analyzer assertions with <c>{|TD0001:…|}</c> markup.</summary>
public static class AnalyzerVerifier
{
    /// <summary>
    /// Every analyzer the analyzer assembly ships (as the compiler would load them), so that a test
    /// also proves no other analyzer reports.
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(ShapeAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>
    /// Asserts that the analyzers report exactly the marked diagnostics, and, when
    /// <paramref name="messages"/> are given, with those messages in source order.
    /// </summary>
    public static void Verify(string markup, params string[] messages) => Verify<ShapeAnalyzer>(markup, messages);

    /// <summary><see cref="Verify(string, string[])"/> with the analyzer <typeparamref name="TAnalyzer"/>.</summary>
    public static void Verify<TAnalyzer>(string markup, params string[] messages) where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var (source, spans) = Markup.Parse(markup);
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>();
        TestProject.Configure(test, source);
        test.TestState.ExpectedDiagnostics.AddRange(Expected(source, spans, messages));
        test.RunAsync().GetAwaiter().GetResult();
    }

    /// <summary>The library's expectations for the marked spans of <paramref name="source"/>, with their messages if given.</summary>
    public static IEnumerable<DiagnosticResult> Expected(string source, IReadOnlyList<MarkedSpan> spans, IReadOnlyList<string>? messages = null)
    {
        if (messages is { Count: > 0 }) Assert.Equal(spans.Count, messages.Count);
        var text = SourceText.From(source);
        for (int i = 0; i < spans.Count; i++)
        {
            var at = text.Lines.GetLinePositionSpan(new TextSpan(spans[i].Start, spans[i].Length));
            var severity = Analyzers.SelectMany(a => a.SupportedDiagnostics).First(d => d.Id == spans[i].Id).DefaultSeverity;
            var expected = new DiagnosticResult(spans[i].Id, severity)
                .WithSpan(TestProject.TestFile, at.Start.Line + 1, at.Start.Character + 1, at.End.Line + 1, at.End.Character + 1);
            yield return messages is { Count: > 0 } ? expected.WithMessage(messages[i]) : expected;
        }
    }

    /// <summary>
    /// <see cref="Verify"/> for top-level code whose last statement fails, then runs it: the
    /// runtime's exception must carry the diagnostic's message (the two share the shape rules).
    /// </summary>
    public static void VerifyMatchesRuntime(string markup, string message)
    {
        Verify(markup, message);
        var (source, _) = Markup.Parse(markup);
        var thrown = TestCompilation.Run(TestCompilation.Create(source));
        Assert.NotNull(thrown);
        Assert.IsAssignableFrom<ArgumentException>(thrown);
        Assert.Equal(message, thrown!.Message);
    }

    /// <summary>The analyzers' diagnostics for code that must compile, in source order; an analyzer exception fails the test.</summary>
    public static ImmutableArray<Diagnostic> Diagnose(Compilation compilation, ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
    {
        TestCompilation.AssertCompiles(compilation);
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (e, _, _) => exceptions.Add(e), concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = compilation.WithAnalyzers(analyzers ?? Analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.True(exceptions.Count == 0, "Analyzer threw: " + string.Join("\n", exceptions));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();
    }
}
