// TD0002: replaces the offending size of a View/Reshape with the size that makes it valid, or
// with -1 so that it is inferred (the analyzer computes the size: DiagnosticProperties.Size);
// for a View that the strides do not allow, replaces View with Reshape, as PyTorch's message says.
using System.Composition;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.CodeFixes;

/// <summary>Offers "Use {size}" and "Use -1" for an invalid view size, and "Use Reshape" for a view the strides do not allow.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ViewSizeCodeFixProvider)), Shared]
public sealed class ViewSizeCodeFixProvider() : DiagnosticCodeFix(DiagnosticIds.View)
{
    /// <summary>Equivalence key of "Use {size}" (fix-all applies each diagnostic's own size).</summary>
    public const string UseSizeKey = "TD0002.UseSize";

    /// <summary>Equivalence key of "Use -1".</summary>
    public const string InferKey = "TD0002.Infer";

    /// <summary>Equivalence key of "Use Reshape".</summary>
    public const string UseReshapeKey = "TD0002.UseReshape";

    private protected override void Register(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.ContainsKey(DiagnosticProperties.UseReshape))
        {
            if (NodeOf(root, diagnostic) is InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Name: IdentifierNameSyntax { Identifier.ValueText: "View" } name }
                })
            {
                Offer(context, diagnostic, "Use Reshape (copies when no view is possible)", UseReshapeKey, name, SyntaxFactory.IdentifierName("Reshape"));
            }
            return;
        }
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Size, out var text) ||
            !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int size))
        {
            return;
        }
        if (NodeOf(root, diagnostic) is not ExpressionSyntax sizeExpression) return;
        Offer(context, diagnostic, $"Use {size}", UseSizeKey, sizeExpression, Literal(size));
        Offer(context, diagnostic, "Use -1 (inferred)", InferKey, sizeExpression, Literal(-1));
    }
}
