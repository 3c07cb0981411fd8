using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TensorDsl.Generators.Tests.Infrastructure;

/// <summary>Runs <see cref="KernelGenerator"/> over source text, as the compiler would.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        // The framework this test runs on, plus the TensorDsl runtime.
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted.Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(TensorDsl.Tensor).Assembly.Location))
            .ToImmutableArray();
    });

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create("Test",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Test{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(IDictionary<string, string>? globalOptions = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new KernelGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            optionsProvider: new OptionsProvider(globalOptions ?? new Dictionary<string, string>()),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the output compilation, the generator's diagnostics and its result.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, GeneratorDriverRunResult Result) Run(
        string source, IDictionary<string, string>? globalOptions = null)
    {
        var compilation = Compile(source);
        var driver = Driver(globalOptions).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (output, diagnostics, driver.GetRunResult());
    }

    /// <summary>The output's compiler errors and warnings (generated code must have none).</summary>
    public static ImmutableArray<Diagnostic> CompilerDiagnostics(Compilation output) =>
        output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    private sealed class OptionsProvider(IDictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new Dictionary<string, string>());
    }

    private sealed class Options(IDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            if (values.TryGetValue(key, out var v))
            {
                value = v;
                return true;
            }
            value = "";
            return false;
        }
    }
}
