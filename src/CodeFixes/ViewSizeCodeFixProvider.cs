// TD0002: replaces the offending size of a View/Reshape with the size that makes it valid, or
// with -1 so that it is inferred (the analyzer computes the size: DiagnosticProperties.Size);
// for a View that the strides do not allow, replaces View with Reshape, as PyTorch's message says.
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.CodeFixes;

/// <summary>Offers "Use {size}" and "Use -1" for an invalid view size, and "Use Reshape" for a view the strides do not allow.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ViewSizeCodeFixProvider)), Shared]
public sealed class ViewSizeCodeFixProvider : CodeFixProvider
{
    /// <summary>Equivalence key of "Use {size}" (fix-all applies each diagnostic's own size).</summary>
    public const string UseSizeKey = "TD0002.UseSize";

    /// <summary>Equivalence key of "Use -1".</summary>
    public const string InferKey = "TD0002.Infer";

    /// <summary>Equivalence key of "Use Reshape".</summary>
    public const string UseReshapeKey = "TD0002.UseReshape";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.View);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.ContainsKey(DiagnosticProperties.UseReshape))
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax
                    {
                        Expression: MemberAccessExpressionSyntax { Name: IdentifierNameSyntax { Identifier.ValueText: "View" } name }
                    })
                {
                    var source = context.Document;
                    context.RegisterCodeFix(CodeAction.Create("Use Reshape (copies when no view is possible)",
                        ct => Replace(source, name, SyntaxFactory.IdentifierName("Reshape"), ct), UseReshapeKey), diagnostic);
                }
                continue;
            }
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Size, out var text) ||
                !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int size))
            {
                continue;
            }
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax sizeExpression) continue;
            var document = context.Document;
            context.RegisterCodeFix(CodeAction.Create($"Use {size}",
                ct => Replace(document, sizeExpression, Literal(size), ct), UseSizeKey), diagnostic);
            context.RegisterCodeFix(CodeAction.Create("Use -1 (inferred)",
                ct => Replace(document, sizeExpression, Literal(-1), ct), InferKey), diagnostic);
        }
    }

    internal static ExpressionSyntax Literal(int value)
    {
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value < 0 ? -value : value));
        return value < 0 ? SyntaxFactory.PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, literal) : literal;
    }

    internal static async Task<Document> Replace(Document document, SyntaxNode node, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        return document.WithSyntaxRoot(root.ReplaceNode(node, replacement.WithTriviaFrom(node)));
    }
}
