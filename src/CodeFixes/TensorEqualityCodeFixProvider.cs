// TD0201: `a == b` between tensors becomes `a.Eq(b)` (and `!=` becomes `Ne`), the element-wise
// comparison PyTorch's == is.
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

/// <summary>Offers "Compare elements with Eq" (or Ne) for a reference comparison of two tensors.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TensorEqualityCodeFixProvider)), Shared]
public sealed class TensorEqualityCodeFixProvider : CodeFixProvider
{
    /// <summary>Equivalence key.</summary>
    public const string Key = "TD0201.ElementWise";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.TensorReferenceEquality);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Method, out var method) || method is null) continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not BinaryExpressionSyntax binary) continue;
            var document = context.Document;
            context.RegisterCodeFix(CodeAction.Create($"Compare elements with {method}",
                ct => Replace(document, binary, method, ct), Key), diagnostic);
        }
    }

    private static async Task<Document> Replace(Document document, BinaryExpressionSyntax binary, string method, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        // a == b → a.Eq(b); the receiver is parenthesized when it is not a primary expression.
        var left = binary.Left.WithoutTrivia();
        ExpressionSyntax receiver = left is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
            or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax
            ? left
            : SyntaxFactory.ParenthesizedExpression(left);
        var call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(method)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(binary.Right.WithoutTrivia()))))
            .WithTriviaFrom(binary);
        return document.WithSyntaxRoot(root.ReplaceNode(binary, call));
    }
}
