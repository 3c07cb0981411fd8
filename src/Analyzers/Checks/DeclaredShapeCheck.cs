// TD0007: a tensor of a known shape returned from a method whose [return: Shape] says otherwise,
// or given to a [Shape] field or property. Every analyzer trusts these declarations where the
// values are used, so they are checked where the values enter them.
using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Analyzers.Inference;
using TensorDsl.Shapes;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Analyzers.Checks;

/// <summary>Values whose shape differs from the <c>[Shape]</c> declared for them (TD0007), on the value.</summary>
internal sealed class DeclaredShapeCheck : ShapeCheck
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DeclaredShape);

    public override void Analyze(IOperation operation, Func<ShapeInference> inference, Action<Diagnostic> report)
    {
        void Check(IOperation value, ImmutableArray<AttributeData> attributes, string subject)
        {
            if (ShapeInference.Declared(attributes) is not { } expected || inference().ShapeOf(value) is not { } actual) return;
            var check = ShapeRules.CheckDeclared(subject, expected, actual);
            if (!check.IsOk) report(Diagnostic.Create(Descriptors.DeclaredShape, value.Syntax.GetLocation(), check.Message));
        }

        // A value stored in a [Shape] field, or read from or stored in a [Shape] property.
        void CheckMember(IOperation value, ISymbol member) =>
            Check(value, member.GetAttributes(), $"{(member is IFieldSymbol ? "field" : "property")} '{member.Name}'");

        switch (operation)
        {
            case IReturnOperation { Kind: OperationKind.Return, ReturnedValue: { } value, SemanticModel: { } model }:
                // The innermost function the return leaves: a method, accessor, local function or lambda.
                switch (model.GetEnclosingSymbol(operation.Syntax.SpanStart))
                {
                    case IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: IPropertySymbol property } when TensorApi.IsTensor(property.Type):
                        CheckMember(value, property);
                        break;
                    case IMethodSymbol method when TensorApi.IsTensor(method.ReturnType):
                        Check(value, method.GetReturnTypeAttributes(), method.MethodKind == MethodKind.AnonymousFunction
                            ? "the return value of a lambda"
                            : $"the return value of '{method.Name}'");
                        break;
                }
                break;

            case IFieldInitializerOperation initializer:
                foreach (var field in initializer.InitializedFields)
                    if (TensorApi.IsTensor(field.Type)) CheckMember(initializer.Value, field);
                break;

            case IPropertyInitializerOperation initializer:
                foreach (var property in initializer.InitializedProperties)
                    if (IsAutoTensorProperty(property)) CheckMember(initializer.Value, property);
                break;

            case ISimpleAssignmentOperation { IsRef: false } assignment:
                switch (assignment.Target)
                {
                    case IFieldReferenceOperation { Field: var field } when TensorApi.IsTensor(field.Type):
                        CheckMember(assignment.Value, field);
                        break;
                    case IPropertyReferenceOperation { Property: { IsIndexer: false } property } when IsAutoTensorProperty(property):
                        CheckMember(assignment.Value, property);
                        break;
                }
                break;
        }
    }

    // What a [Shape] property's getter yields is checked at its returns; what is stored through its
    // setter only when the setter stores it unchanged: an auto-property, whose accessors have no
    // bodies. A setter of its own may reshape the value; a property from metadata shows nothing.
    private static bool IsAutoTensorProperty(IPropertySymbol property)
    {
        if (!TensorApi.IsTensor(property.Type)) return false;
        bool any = false;
        foreach (var accessor in new[] { property.GetMethod, property.SetMethod })
        {
            if (accessor is null) continue;
            foreach (var reference in accessor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not AccessorDeclarationSyntax { Body: null, ExpressionBody: null }) return false;
                any = true;
            }
        }
        return any;
    }
}
