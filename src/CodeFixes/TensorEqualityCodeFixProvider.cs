// TD0201: `a == b` between tensors becomes `a.Eq(b)` (and `!=` becomes `Ne`), the element-wise
// comparison PyTorch's == is.
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.CodeFixes;

/// <summary>Offers "Compare elements with Eq" (or Ne) for a reference comparison of two tensors.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TensorEqualityCodeFixProvider)), Shared]
public sealed class TensorEqualityCodeFixProvider() : DiagnosticCodeFix(DiagnosticIds.TensorReferenceEquality)
{
    /// <summary>Equivalence key.</summary>
    public const string Key = "TD0201.ElementWise";

    private protected override void Register(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Method, out var method) || method is null) return;
        if (NodeOf(root, diagnostic) is not BinaryExpressionSyntax binary) return;
        Offer(context, diagnostic, $"Compare elements with {method}", Key, binary, Call(binary, method));
    }

    // a == b → a.Eq(b); the receiver is parenthesized when it is not a primary expression.
    private static InvocationExpressionSyntax Call(BinaryExpressionSyntax binary, string method)
    {
        var left = binary.Left.WithoutTrivia();
        ExpressionSyntax receiver = left is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
            or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax
            ? left
            : SyntaxFactory.ParenthesizedExpression(left);
        return SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(method)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(binary.Right.WithoutTrivia()))));
    }
}
