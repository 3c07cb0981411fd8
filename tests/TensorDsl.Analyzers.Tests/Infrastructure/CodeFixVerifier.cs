// Applies a code fix (one diagnostic at a time, or fix-all) in an in-memory workspace and returns
// the fixed text, as Microsoft.CodeAnalysis.Testing's code-fix verifier does.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Infrastructure;

/// <summary>Code-fix assertions: the text after the fix, and that fixing leaves nothing to fix.</summary>
public static class CodeFixVerifier
{
    /// <summary>
    /// Fixes the diagnostics of <paramref name="source"/> with the actions keyed
    /// <paramref name="equivalenceKey"/>, one at a time until none is left (or with one fix-all
    /// over the document), and asserts the result is <paramref name="expected"/>.
    /// </summary>
    public static async Task VerifyAsync(CodeFixProvider provider, string equivalenceKey, string source, string expected, bool fixAll = false)
    {
        var actual = fixAll
            ? await FixAllAsync(provider, equivalenceKey, source)
            : await FixOneByOneAsync(provider, equivalenceKey, source);
        Assert.Equal(expected.ReplaceLineEndings(), actual.ReplaceLineEndings());
    }

    /// <summary>Asserts that no action of <paramref name="provider"/> is offered for the code's diagnostics.</summary>
    public static async Task VerifyNoFixAsync(CodeFixProvider provider, string source)
    {
        var document = CreateDocument(source);
        foreach (var diagnostic in await DiagnosticsAsync(document, provider))
            Assert.Empty(await ActionsAsync(document, provider, diagnostic));
    }

    public static async Task<string> FixOneByOneAsync(CodeFixProvider provider, string equivalenceKey, string source)
    {
        var document = CreateDocument(source);
        for (int iteration = 0; iteration < 20; iteration++)
        {
            CodeAction? action = null;
            foreach (var diagnostic in await DiagnosticsAsync(document, provider))
            {
                action = (await ActionsAsync(document, provider, diagnostic)).FirstOrDefault(a => a.EquivalenceKey == equivalenceKey);
                if (action is not null) break;
            }
            if (action is null) return (await document.GetTextAsync()).ToString();
            document = await ApplyAsync(document, action);
        }
        Assert.Fail("The fix did not converge");
        return "";
    }

    public static async Task<string> FixAllAsync(CodeFixProvider provider, string equivalenceKey, string source)
    {
        var document = CreateDocument(source);
        var diagnostics = await DiagnosticsAsync(document, provider);
        var fixAllProvider = provider.GetFixAllProvider();
        Assert.NotNull(fixAllProvider);
        var context = new FixAllContext(document, provider, FixAllScope.Document, equivalenceKey,
            provider.FixableDiagnosticIds, new FixedDiagnostics(diagnostics), CancellationToken.None);
        var action = await fixAllProvider!.GetFixAsync(context);
        Assert.NotNull(action);
        return (await (await ApplyAsync(document, action!)).GetTextAsync()).ToString();
    }

    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var tree = CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions);
        var solution = workspace.CurrentSolution
            .AddProject(projectId, "TestProject", "TestProject", LanguageNames.CSharp)
            .WithProjectCompilationOptions(projectId, TestCompilation.Options(new[] { tree }))
            .WithProjectParseOptions(projectId, TestCompilation.ParseOptions)
            .AddMetadataReferences(projectId, TestCompilation.References)
            .AddDocument(DocumentId.CreateNewId(projectId), "GlobalUsings.cs", SourceText.From(TestCompilation.GlobalUsings), filePath: "/src/GlobalUsings.cs");
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Test0.cs", SourceText.From(source), filePath: "/src/Test0.cs");
        return solution.GetDocument(documentId)!;
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Document document, CodeFixProvider provider)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var tree = await document.GetSyntaxTreeAsync();
        var all = await compilation.WithAnalyzers(AnalyzerVerifier.Analyzers).GetAnalyzerDiagnosticsAsync();
        return all.Where(d => d.Location.SourceTree == tree && provider.FixableDiagnosticIds.Contains(d.Id))
            .OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private static async Task<List<CodeAction>> ActionsAsync(Document document, CodeFixProvider provider, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        return actions;
    }

    private static async Task<Document> ApplyAsync(Document document, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return solution.GetDocument(document.Id)!;
    }

    // Fix-all asks for the diagnostics it fixes: the ones computed up front.
    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(ImmutableArray<Diagnostic>.Empty);

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
