// Runs one source through the kernel generator and every analyzer of src/Analyzers, in process,
// as the IDE does on each keystroke (the analyzers see the generated code too). What counts as a
// failure: a generator exception (Results[i].Exception, reported as CS8785), an analyzer exception
// (the exception handler, or AD0001), or a run that does not end.
using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Generators.Tests.Infrastructure;

namespace TensorDsl.Generators.Tests.Fuzz;

/// <summary>What one run did: the exceptions and their origin (empty when none), the time, and how many kernels generated code.</summary>
internal sealed record FuzzOutcome(ImmutableArray<string> Exceptions, TimeSpan Elapsed, int GeneratedKernels);

internal static class FuzzRunner
{
    /// <summary>What the analyzer tests' programs and the samples assume (implicit usings and TensorDsl), so that they bind.</summary>
    private const string GlobalUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\nglobal using TensorDsl;\n";

    /// <summary>A run cancelled after this long is reported as one that never ends.</summary>
    private static readonly TimeSpan s_cancelAfter = TimeSpan.FromSeconds(30);

    /// <summary>Every analyzer the analyzers assembly declares.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(TensorDsl.Analyzers.ShapeAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    // The framework's System assemblies and TensorDsl.dll, as a consumer's project has, bound once:
    // each input adds its tree to one of these compilations (a library, or a program for top-level
    // statements), which keep their bound references.
    private static readonly CSharpCompilation s_library = CSharpCompilation.Create("Fuzz",
        new[] { CSharpSyntaxTree.ParseText(GlobalUsings, GeneratorHarness.ParseOptions, path: "GlobalUsings.cs") },
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator)
            .Where(p => System.IO.Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .Append(typeof(TensorDsl.Tensor).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static readonly CSharpCompilation s_program = s_library.WithOptions(s_library.Options.WithOutputKind(OutputKind.ConsoleApplication));

    private static CSharpCompilation Compile(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: "Input.cs");
        bool topLevel = tree.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();
        return (topLevel ? s_program : s_library).AddSyntaxTrees(tree);
    }

    /// <summary>Runs <paramref name="source"/> through the generator and <paramref name="analyzers"/> (by default every analyzer).</summary>
    public static FuzzOutcome Run(string source, ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
    {
        var exceptions = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(s_cancelAfter);
        int generated = 0;
        try
        {
            var compilation = Compile(source);

            var driver = CSharpGeneratorDriver.Create(new[] { new KernelGenerator().AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions)
                .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics, cancel.Token);
            foreach (var result in driver.GetRunResult().Results)
            {
                if (result.Exception is { } e) exceptions.Enqueue("generator: " + e);
                generated += result.GeneratedSources.Length;
            }
            // The same exception as the compiler reports it, should a driver report it without the result.
            if (exceptions.IsEmpty)
                foreach (var d in diagnostics.Where(d => d.Id == "CS8785"))
                    exceptions.Enqueue("generator: " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));

            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (e, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name}: {e}"),
                concurrentAnalysis: false, logAnalyzerExecutionTime: false);
            // The input's file, as the IDE analyzes an open document: the generated files are the compiler's to bind, not the analyzers' to read.
            var withAnalyzers = output.WithAnalyzers(analyzers ?? Analyzers, options);
            var tree = output.SyntaxTrees.First(t => t.FilePath == "Input.cs");
            var analyzed = withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancel.Token).GetAwaiter().GetResult()
                .AddRange(withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(output.GetSemanticModel(tree), null, cancel.Token).GetAwaiter().GetResult());
            foreach (var d in analyzed.Where(d => d.Id == "AD0001"))
                exceptions.Enqueue("analyzer: " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            exceptions.Enqueue($"did not end within {s_cancelAfter.TotalSeconds} s");
        }
        return new FuzzOutcome(exceptions.Distinct().ToImmutableArray(), clock.Elapsed, generated);
    }
}
