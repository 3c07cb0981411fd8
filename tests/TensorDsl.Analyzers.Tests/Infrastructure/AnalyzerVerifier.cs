// Runs every TensorDsl analyzer over test code and compares what they report with the markup.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
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
    public static ImmutableArray<Diagnostic> Verify(string markup, params string[] messages)
    {
        var (source, expected) = Markup.Parse(markup);
        var compilation = TestCompilation.Create(source);
        var actual = Diagnose(compilation);
        var tree = compilation.SyntaxTrees.First();
        string Format(string id, Location location) => $"{id} {location.GetLineSpan().Span} '{tree.GetText().ToString(location.SourceSpan)}'";
        var want = expected.Select(e => Format(e.Id, Location.Create(tree, e.Span))).ToArray();
        var got = actual.Select(d => Format(d.Id, d.Location)).ToArray();
        Assert.True(want.SequenceEqual(got),
            $"Expected:\n  {string.Join("\n  ", want)}\nActual:\n  {string.Join("\n  ", actual.Select(d => Format(d.Id, d.Location) + ": " + d.GetMessage()))}");
        if (messages.Length > 0)
            Assert.Equal(messages, actual.Select(d => d.GetMessage()).ToArray());
        return actual;
    }

    /// <summary>
    /// <see cref="Verify"/> for top-level code whose last statement fails, then runs it: the
    /// runtime's exception must carry the diagnostic's message (the two share the shape rules).
    /// </summary>
    public static void VerifyMatchesRuntime(string markup, string message)
    {
        var diagnostics = Verify(markup, message);
        var (source, _) = Markup.Parse(markup);
        var thrown = TestCompilation.Run(TestCompilation.Create(source));
        Assert.NotNull(thrown);
        Assert.IsAssignableFrom<ArgumentException>(thrown);
        Assert.Equal(diagnostics.Single().GetMessage(), thrown!.Message);
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
