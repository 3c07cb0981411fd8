using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Analyzers.Tests.Infrastructure;
using TensorDsl.Testing;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

// The catalog: each id reported by one analyzer, shape errors as errors and usage warnings as
// warnings, a help page (linked under the published docs) and a release line each, and a severity
// that .editorconfig can change.
public class DescriptorTests
{
    private static IEnumerable<DiagnosticDescriptor> All =>
        AnalyzerVerifier.Analyzers.SelectMany(a => a.SupportedDiagnostics);

    [Fact]
    public void EachIdHasExactlyOneAnalyzer()
    {
        Assert.Equal(new[] { "TD0001", "TD0002", "TD0003", "TD0004", "TD0005", "TD0006", "TD0007", "TD0201", "TD0202" }, All.Select(d => d.Id).OrderBy(i => i));
        // One analyzer reports every shape error, so that one shape inference per method body serves every check.
        Assert.Single(AnalyzerVerifier.Analyzers, a => a.SupportedDiagnostics.Any(d => d.Category == "TensorDsl.Shapes"));
        Assert.Equal(7, new ShapeAnalyzer().SupportedDiagnostics.Length);
    }

    [Fact]
    public void DescriptorsAreEnabledErrorsWithHelpPagesAndReleaseLines()
    {
        var releases = File.ReadAllText(Repository.PathOf("src/Shared/AnalyzerReleases.Unshipped.md"));
        foreach (var d in All)
        {
            bool usage = d.Id.StartsWith("TD02", System.StringComparison.Ordinal);
            Assert.Equal(usage ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, d.DefaultSeverity);
            Assert.True(d.IsEnabledByDefault);
            string category = usage ? "TensorDsl.Usage" : "TensorDsl.Shapes";
            Assert.Equal(category, d.Category);
            Assert.Contains($"{d.Id} | {category} | {d.DefaultSeverity} |", releases);
            Assert.False(string.IsNullOrWhiteSpace(d.Title.ToString()));
            Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString()));
        }
    }

    // The docs' address the build stamps on the test assembly: the one TensorDslDocsUrl in Directory.Build.props.
    private static string DocsUrl =>
        typeof(DescriptorTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TensorDslDocsUrl").Value!;

    // The catalog as each Roslyn component compiled it (the same source, linked into all three).
    private static IEnumerable<(string Component, DiagnosticDescriptor Descriptor)> Catalog =>
        from component in new[] { "TensorDsl.Analyzers", "TensorDsl.Generator", "TensorDsl.CodeFixes" }
        let type = Assembly.Load(component).GetType("TensorDsl.Shared.Diagnostics.Descriptors", throwOnError: true)!
        from member in type.GetFields(BindingFlags.Public | BindingFlags.Static)
        where member.FieldType == typeof(DiagnosticDescriptor)
        select (component, (DiagnosticDescriptor)member.GetValue(null)!);

    [Fact]
    public void EveryIdLinksToItsPageUnderThePublishedDocs()
    {
        Assert.StartsWith("https://", DocsUrl);
        Assert.EndsWith("/docs/", DocsUrl);
        var ids = typeof(ShapeAnalyzer).Assembly.GetType("TensorDsl.Shared.Diagnostics.DiagnosticIds", throwOnError: true)!
            .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        foreach (var group in Catalog.GroupBy(c => c.Component))
        {
            // Every id in the catalog, in every component, and each one once.
            Assert.Equal(ids.OrderBy(i => i), group.Select(c => c.Descriptor.Id).OrderBy(i => i));
            foreach (var (_, d) in group)
            {
                Assert.Equal($"{DocsUrl}diagnostics/{d.Id}.md", d.HelpLinkUri);
                // The link's path below the docs' address is the page's path in the repository's docs/ (and the package's).
                Assert.True(File.Exists(Repository.PathOf(PageOf(d))), PageOf(d));
            }
        }
    }

    private static string PageOf(DiagnosticDescriptor d) => "docs/" + d.HelpLinkUri.Substring(DocsUrl.Length);

    [Fact]
    public void HelpPagesShowTheTriggerAnExampleAndTheFix()
    {
        foreach (var (_, d) in Catalog)
        {
            var page = File.ReadAllText(Repository.PathOf(PageOf(d)));
            Assert.StartsWith($"# {d.Id}: ", page);
            Assert.Contains("## Example", page);
            Assert.Contains("## How to fix", page);
        }
    }

    [Theory]
    [InlineData("warning", DiagnosticSeverity.Warning)]
    [InlineData("suggestion", DiagnosticSeverity.Info)]
    [InlineData("none", null)]
    public void SeverityComesFromEditorConfig(string configured, DiagnosticSeverity? expected)
    {
        var config = AnalyzerConfig.Parse($"root = true\n[*.cs]\ndotnet_diagnostic.TD0001.severity = {configured}\n", "/src/.editorconfig");
        var set = AnalyzerConfigSet.Create(ImmutableArray.Create(config));
        var compilation = TestCompilation.Create("""
            var a = Torch.Randn(2, 5);
            var c = Torch.Cat([a, Torch.Randn(2, 3)]);
            var d = a.View(3, 3);
            """);
        var provider = new EditorConfigOptions(compilation.SyntaxTrees.ToDictionary(t => t, t => set.GetOptionsForSourcePath(t.FilePath).TreeOptions));
        compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(provider));

        var diagnostics = AnalyzerVerifier.Diagnose(compilation);
        var td0001 = diagnostics.Where(d => d.Id == "TD0001").ToArray();
        if (expected is null) Assert.Empty(td0001);
        else Assert.Equal(expected, Assert.Single(td0001).Severity);
        // Other ids keep their default.
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(diagnostics, d => d.Id == "TD0002").Severity);
    }

    // What the compiler builds from .editorconfig files: per-tree diagnostic severities.
    private sealed class EditorConfigOptions(Dictionary<SyntaxTree, ImmutableDictionary<string, ReportDiagnostic>> options) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            options[tree].TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }
}
