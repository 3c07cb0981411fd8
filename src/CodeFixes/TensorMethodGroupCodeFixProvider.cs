// TD0202: `x.T` used as a value becomes the call `x.T()`.
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.CodeFixes;

/// <summary>Offers "Call the method" for a tensor method group used as a value, when it needs no arguments.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TensorMethodGroupCodeFixProvider)), Shared]
public sealed class TensorMethodGroupCodeFixProvider() : DiagnosticCodeFix(DiagnosticIds.TensorMethodGroup)
{
    /// <summary>Equivalence key.</summary>
    public const string Key = "TD0202.Call";

    private protected override void Register(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Callable, out var callable) || callable != "true") return;
        if (NodeOf(root, diagnostic) is not ExpressionSyntax group) return;
        Offer(context, diagnostic, "Call the method", Key, group, SyntaxFactory.InvocationExpression(group.WithoutTrivia()));
    }
}
