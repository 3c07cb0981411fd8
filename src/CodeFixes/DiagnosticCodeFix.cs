// What every TensorDsl code fix shares: one diagnostic id, fix-all by batch, the syntax root read
// once for all the diagnostics, and actions that replace one node of it.
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorDsl.CodeFixes;

/// <summary>A code fix for one diagnostic id whose actions each replace one node.</summary>
public abstract class DiagnosticCodeFix : CodeFixProvider
{
    private protected DiagnosticCodeFix(string id) => FixableDiagnosticIds = ImmutableArray.Create(id);

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics) Register(context, root, diagnostic);
    }

    /// <summary>Offers this fix's actions for <paramref name="diagnostic"/>, if its properties and node allow.</summary>
    private protected abstract void Register(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic);

    /// <summary>The node the diagnostic is reported on.</summary>
    private protected static SyntaxNode NodeOf(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

    /// <summary>Registers an action that puts <paramref name="replacement"/> (with the node's trivia) in place of <paramref name="node"/>.</summary>
    private protected static void Offer(CodeFixContext context, Diagnostic diagnostic, string title, string key, SyntaxNode node, SyntaxNode replacement)
    {
        var document = context.Document;
        context.RegisterCodeFix(CodeAction.Create(title, ct => Replace(document, node, replacement, ct), key), diagnostic);
    }

    private static async Task<Document> Replace(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        return document.WithSyntaxRoot(root.ReplaceNode(node, replacement.WithTriviaFrom(node)));
    }

    /// <summary>An int literal (a negated one for negative values).</summary>
    private protected static ExpressionSyntax Literal(int value)
    {
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value < 0 ? -value : value));
        return value < 0 ? SyntaxFactory.PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, literal) : literal;
    }
}
