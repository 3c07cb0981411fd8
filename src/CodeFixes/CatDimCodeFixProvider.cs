// TD0001: moves a Torch.Cat to the one dim along which its tensors fit (the analyzer finds it:
// DiagnosticProperties.Dim), by changing the dim argument or adding one.
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.CodeFixes;

/// <summary>Offers "Concatenate along dim {d}" for a cat whose tensors fit along exactly one other dim.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CatDimCodeFixProvider)), Shared]
public sealed class CatDimCodeFixProvider : CodeFixProvider
{
    /// <summary>Equivalence key (fix-all applies each diagnostic's own dim).</summary>
    public const string Key = "TD0001.ChangeDim";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.Cat);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Dim, out var text) ||
                !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int dim))
            {
                continue;
            }
            // The diagnostic sits on a list element; the call is the nearest invocation around the list.
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var list = node.AncestorsAndSelf().OfType<ArgumentSyntax>().FirstOrDefault();
            if (list?.Parent is not ArgumentListSyntax { Parent: InvocationExpressionSyntax } arguments) continue;
            var document = context.Document;
            context.RegisterCodeFix(CodeAction.Create($"Concatenate along dim {dim}",
                ct => SetDim(document, arguments, dim, ct), Key), diagnostic);
        }
    }

    private static async Task<Document> SetDim(Document document, ArgumentListSyntax arguments, int dim, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var literal = ViewSizeCodeFixProvider.Literal(dim);
        // The dim is the argument named dim, or the second positional one.
        var existing = arguments.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "dim")
            ?? (arguments.Arguments.Count > 1 && arguments.Arguments[1].NameColon is null ? arguments.Arguments[1] : null);
        ArgumentListSyntax updated;
        if (existing is not null)
        {
            updated = arguments.ReplaceNode(existing.Expression, literal.WithTriviaFrom(existing.Expression));
        }
        else
        {
            bool named = arguments.Arguments.Any(a => a.NameColon is not null);
            var argument = named
                ? SyntaxFactory.Argument(SyntaxFactory.NameColon("dim"), default, literal)
                : SyntaxFactory.Argument(literal);
            updated = arguments.WithArguments(arguments.Arguments.Add(argument));
        }
        return document.WithSyntaxRoot(root.ReplaceNode(arguments, updated));
    }
}
