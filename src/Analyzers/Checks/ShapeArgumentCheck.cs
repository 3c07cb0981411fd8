// TD0006: a tensor of a known shape passed to a parameter whose [Shape] says otherwise, in a call
// of any method or constructor (kernels included).
using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Analyzers.Inference;
using TensorDsl.Shapes;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Analyzers.Checks;

/// <summary>Arguments whose shape differs from the parameter's <c>[Shape]</c> (TD0006), on the argument.</summary>
internal sealed class ShapeArgumentCheck : ShapeCheck
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ShapeArgument);

    public override void Analyze(IOperation operation, Func<ShapeInference> inference, Action<Diagnostic> report)
    {
        (ImmutableArray<IArgumentOperation> arguments, string callee) = operation switch
        {
            IInvocationOperation invocation => (invocation.Arguments, invocation.TargetMethod.Name),
            IObjectCreationOperation { Constructor: { } constructor } creation => (creation.Arguments, constructor.ContainingType.Name),
            _ => (default, ""),
        };
        if (arguments.IsDefault) return;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind != ArgumentKind.Explicit ||
                !TensorApi.IsTensor(parameter.Type) ||
                ShapeInference.Declared(parameter.GetAttributes()) is not { } expected ||
                inference().ShapeOf(argument.Value) is not { } actual)
            {
                continue;
            }
            var check = ShapeRules.CheckSize(callee, parameter.Ordinal + 1, parameter.Name, expected, actual);
            if (!check.IsOk)
                report(Diagnostic.Create(Descriptors.ShapeArgument, argument.Value.Syntax.GetLocation(), check.Message));
        }
    }
}
