// TD0202: `x.T` used as a value becomes the call `x.T()`.
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.CodeFixes;

/// <summary>Offers "Call the method" for a tensor method group used as a value, when it needs no arguments.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TensorMethodGroupCodeFixProvider)), Shared]
public sealed class TensorMethodGroupCodeFixProvider : CodeFixProvider
{
    /// <summary>Equivalence key.</summary>
    public const string Key = "TD0202.Call";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.TensorMethodGroup);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Callable, out var callable) || callable != "true") continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax group) continue;
            var document = context.Document;
            context.RegisterCodeFix(CodeAction.Create("Call the method", ct => Call(document, group, ct), Key), diagnostic);
        }
    }

    private static async Task<Document> Call(Document document, ExpressionSyntax group, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var call = SyntaxFactory.InvocationExpression(group.WithoutTrivia()).WithTriviaFrom(group);
        return document.WithSyntaxRoot(root.ReplaceNode(group, call));
    }
}
