// TD0202: `var t = x.T;` compiles: without parentheses a tensor method is a method group, which
// `var`, `object` and `params object[]` (Torch.Print) turn into a delegate. PyTorch users write
// t.T as an attribute. A method group converted to a delegate type the code names
// (Func<Tensor> f = x.Exp) is deliberate and left alone.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Analyzers;

/// <summary>Warns where a tensor's method group becomes a delegate by inference (TD0202); the code fix calls it.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TensorMethodGroupAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TensorMethodGroup);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(Analyze, OperationKind.DelegateCreation);
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        var creation = (IDelegateCreationOperation)context.Operation;
        if (!creation.IsImplicit || creation.Target is not IMethodReferenceOperation { Instance: { Type: { } receiver } } reference) return;
        if (!TensorApi.IsTensor(receiver) || !IsInferred(creation)) return;
        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Callable, CallableWithoutArguments(reference.Method) ? "true" : "false");
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.TensorMethodGroup, reference.Syntax.GetLocation(), properties, reference.Syntax.ToString()));
    }

    // The delegate type came from the method group itself: a var declaration, or a conversion on to
    // a type that is not a delegate (object, a params object[] argument).
    private static bool IsInferred(IDelegateCreationOperation creation)
    {
        var parent = creation.Parent;
        if (parent is IConversionOperation conversion) return conversion.Type?.TypeKind != TypeKind.Delegate;
        return parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Syntax: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true } } } };
    }

    private static bool CallableWithoutArguments(IMethodSymbol method)
    {
        foreach (var p in method.Parameters)
            if (!p.IsOptional && !p.IsParams) return false;
        return true;
    }
}
