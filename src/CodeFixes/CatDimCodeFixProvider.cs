// TD0001: moves a Torch.Cat to the one dim along which its tensors fit (the analyzer finds it:
// DiagnosticProperties.Dim), by changing the dim argument or adding one.
using System.Composition;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.CodeFixes;

/// <summary>Offers "Concatenate along dim {d}" for a cat whose tensors fit along exactly one other dim.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CatDimCodeFixProvider)), Shared]
public sealed class CatDimCodeFixProvider() : DiagnosticCodeFix(DiagnosticIds.Cat)
{
    /// <summary>Equivalence key (fix-all applies each diagnostic's own dim).</summary>
    public const string Key = "TD0001.ChangeDim";

    private protected override void Register(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Dim, out var text) ||
            !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int dim))
        {
            return;
        }
        // The diagnostic sits on a list element; the call is the nearest invocation around the list.
        var list = NodeOf(root, diagnostic).AncestorsAndSelf().OfType<ArgumentSyntax>().FirstOrDefault();
        if (list?.Parent is not ArgumentListSyntax { Parent: InvocationExpressionSyntax } arguments) return;
        Offer(context, diagnostic, $"Concatenate along dim {dim}", Key, arguments, WithDim(arguments, dim));
    }

    private static ArgumentListSyntax WithDim(ArgumentListSyntax arguments, int dim)
    {
        var literal = Literal(dim);
        // The dim is the argument named dim, or the second positional one.
        var existing = arguments.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "dim")
            ?? (arguments.Arguments.Count > 1 && arguments.Arguments[1].NameColon is null ? arguments.Arguments[1] : null);
        if (existing is not null) return arguments.ReplaceNode(existing.Expression, literal.WithTriviaFrom(existing.Expression));
        bool named = arguments.Arguments.Any(a => a.NameColon is not null);
        var argument = named
            ? SyntaxFactory.Argument(SyntaxFactory.NameColon("dim"), default, literal)
            : SyntaxFactory.Argument(literal);
        return arguments.WithArguments(arguments.Arguments.Add(argument));
    }
}
