// Front end: a [Kernel] method's declaration and body (IOperation) → KernelModel with an op graph
// whose shapes come from the shared shape rules. Every unsupported construct adds a diagnostic
// and parsing goes on, so one pass reports them all.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Generators.Model;
using TensorDsl.Shapes;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Generators.Parsing;

internal static class KernelParser
{
    public const int DefaultUnrollLimit = 64;

    /// <summary>
    /// The most elements a kernel's values may hold together: its workspace (a buffer and a
    /// gradient for each, at most) is one span, indexed by int, and sizes are ints all the way.
    /// </summary>
    public const long MaxElements = int.MaxValue / 3;

    /// <summary>The element count of a shape, in a double: past <see cref="MaxElements"/> it need only compare as larger.</summary>
    public static double Elements(IEnumerable<int> shape)
    {
        double n = 1;
        foreach (int size in shape) n = System.Math.Min(n * size, 1e300);
        return n;
    }

    public static KernelModel Parse(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, int unrollLimit, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var location = syntax.Identifier.GetLocation();

        if (!method.IsStatic)
            diagnostics.Add(Diagnostic(DiagnosticIds.KernelNotStatic, location, method.Name));

        var containing = new List<ContainingType>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var typeSyntax = type.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (typeSyntax is null) break;
            if (!typeSyntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Add(Diagnostic(DiagnosticIds.KernelTypeNotPartial, typeSyntax.Identifier.GetLocation(), type.Name, method.Name));
            containing.Insert(0, new ContainingType(typeSyntax.Keyword.ValueText, typeSyntax.Identifier.ValueText + TypeParameters(typeSyntax), Modifiers(typeSyntax)));
        }

        if (!TensorApi.IsTensor(method.ReturnType))
            diagnostics.Add(Diagnostic(DiagnosticIds.KernelUnsupportedReturn, syntax.ReturnType.GetLocation(), method.Name));

        var parameters = new List<ParameterModel>();
        foreach (var p in method.Parameters)
        {
            var pLocation = p.Locations.FirstOrDefault() ?? location;
            bool noGrad = p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == TensorApi.NoGradAttributeName);
            if (TensorApi.IsTensor(p.Type))
            {
                bool hasShape = p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == TensorApi.ShapeAttributeName);
                var shape = TensorApi.ShapeOf(p.GetAttributes());
                var dtype = TensorApi.ShapeDType(p.GetAttributes());
                if (!hasShape)
                    diagnostics.Add(Diagnostic(DiagnosticIds.KernelMissingShape, pLocation, p.Name, method.Name));
                else if (dtype is not (null or "Int64"))
                    diagnostics.Add(Diagnostic(DiagnosticIds.KernelUnsupportedParameter, pLocation, p.Name, $"Tensor ({dtype})"));
                else if (shape is null || shape.Any(s => s < 0))
                    diagnostics.Add(Diagnostic(DiagnosticIds.KernelInvalidShape, pLocation, p.Name,
                        shape is null ? "sizes must be integer constants" : "sizes must not be negative"));
                else if (Elements(shape) > MaxElements)
                    diagnostics.Add(Diagnostic(DiagnosticIds.KernelInvalidShape, pLocation, p.Name,
                        "sizes must multiply to at most " + MaxElements.ToString(CultureInfo.InvariantCulture) + " elements"));
                // An int64 tensor holds indices (embedding rows, class targets): it never has a gradient.
                bool indices = dtype == "Int64";
                parameters.Add(new ParameterModel(p.Name, true, new EquatableArray<int>(shape ?? new int[0]), noGrad || indices, indices ? "long" : "float"));
            }
            else if (p.Type.SpecialType is SpecialType.System_Single or SpecialType.System_Double && p.RefKind == RefKind.None)
            {
                parameters.Add(new ParameterModel(p.Name, false, EquatableArray<int>.Empty, true, p.Type.SpecialType == SpecialType.System_Single ? "float" : "double"));
            }
            else
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.KernelUnsupportedParameter, pLocation, p.Name, p.Type.ToDisplayString()));
                parameters.Add(new ParameterModel(p.Name, false, EquatableArray<int>.Empty, true, "float"));
            }
        }

        ReportNameConflicts(method, parameters, diagnostics);

        var builder = new GraphBuilder(parameters, diagnostics);
        int result = -1;
        if (semanticModel.GetOperation(syntax, cancellationToken) is IMethodBodyOperation body)
        {
            var block = body.BlockBody ?? body.ExpressionBody;
            if (block is not null) result = builder.ParseBody(block);
        }
        // Values that outgrow a kernel without an op reported for it (views of a value at the limit).
        if (builder.Elements > MaxElements && diagnostics.Count == 0)
        {
            diagnostics.Add(Diagnostic(DiagnosticIds.KernelUnsupportedExpression, location, string.Format(CultureInfo.InvariantCulture,
                "A kernel whose values hold {0:R} elements (at most {1})", builder.Elements, MaxElements)));
        }

        // A name not typed yet (`Tensor )`) is the compiler's to report; there is nothing to generate.
        bool unnamed = syntax.Identifier.IsMissing || method.Parameters.Any(p => p.Name.Length == 0);

        string accessibility = SyntaxFacts.GetText(method.DeclaredAccessibility);
        return new KernelModel(
            method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString(),
            new EquatableArray<ContainingType>(containing),
            method.Name,
            string.IsNullOrEmpty(accessibility) ? "internal" : accessibility,
            new EquatableArray<ParameterModel>(parameters),
            new EquatableArray<Node>(builder.Nodes),
            builder.HasShapeError || unnamed ? -1 : result,
            unrollLimit,
            new EquatableArray<DiagnosticInfo>(diagnostics),
            ModuleVisible(method));
    }

    // Reachable from anywhere in the assembly, and not generic: the method and each type around it
    // (what a module initializer in the generated class needs).
    private static bool ModuleVisible(ISymbol symbol)
    {
        for (var s = symbol; s is IMethodSymbol or INamedTypeSymbol; s = s.ContainingSymbol)
            if (s.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
                || s is INamedTypeSymbol { IsFileLocal: true } or INamedTypeSymbol { IsGenericType: true } or IMethodSymbol { IsGenericMethod: true })
                return false;
        return true;
    }

    // Each tensor parameter P becomes PLength and PShape: those must not meet each other or the fixed members.
    private static void ReportNameConflicts(IMethodSymbol method, List<ParameterModel> parameters, List<DiagnosticInfo> diagnostics)
    {
        var fixedStems = new[] { "Result", "ForwardWorkspace", "BackwardWorkspace" };
        var seen = new Dictionary<string, string>();
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (!p.IsTensor || p.Name.Length == 0) continue;
            var location = method.Parameters[i].Locations.FirstOrDefault() ?? Location.None;
            string member = p.ConstantStem + "Length";
            if (fixedStems.Contains(p.ConstantStem))
                diagnostics.Add(Diagnostic(DiagnosticIds.KernelNameConflict, location, p.Name, member, "the kernel class already has"));
            else if (seen.TryGetValue(p.ConstantStem, out var other))
                diagnostics.Add(Diagnostic(DiagnosticIds.KernelNameConflict, location, p.Name, member, $"parameter '{other}' generates too"));
            else
                seen[p.ConstantStem] = p.Name;
        }
    }

    private static string TypeParameters(TypeDeclarationSyntax type) =>
        type.TypeParameterList is null ? "" : type.TypeParameterList.ToString();

    private static string Modifiers(TypeDeclarationSyntax type) =>
        string.Join(" ", type.Modifiers.Where(m => m.IsKind(SyntaxKind.StaticKeyword) || m.IsKind(SyntaxKind.PartialKeyword) || m.IsKind(SyntaxKind.UnsafeKeyword)).Select(m => m.ValueText));

    internal static DiagnosticInfo Diagnostic(string id, Location location, params string[] arguments)
    {
        var span = location.GetLineSpan();
        return new DiagnosticInfo(id, location.SourceTree?.FilePath ?? "", location.SourceSpan.Start, location.SourceSpan.Length,
            span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character,
            new EquatableArray<string>(arguments));
    }
}
