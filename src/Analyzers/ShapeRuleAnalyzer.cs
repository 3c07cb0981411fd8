// The analyzers that report a failed shape rule of a tensor op: each one owns some ops and some
// kinds of failure, so that a failure is reported once, by one analyzer, with one id.
using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Analyzers.Inference;
using TensorDsl.Shapes;
using TensorDsl.Shared;

namespace TensorDsl.Analyzers;

/// <summary>Reports PyTorch's error for a tensor op whose operands' shapes are known and break its rule.</summary>
public abstract class ShapeRuleAnalyzer : ShapeAnalyzer
{
    private protected ShapeRuleAnalyzer(DiagnosticDescriptor descriptor)
    {
        Descriptor = descriptor;
        SupportedDiagnostics = ImmutableArray.Create(descriptor);
    }

    private protected DiagnosticDescriptor Descriptor { get; }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <summary>Whether this analyzer reports <paramref name="error"/> of <paramref name="kind"/>.</summary>
    private protected abstract bool Reports(OpKind kind, ShapeErrorKind error);

    /// <summary>What a code fix needs to repair the call (see <c>DiagnosticProperties</c>); null for nothing.</summary>
    private protected virtual ImmutableDictionary<string, string?>? FixProperties(TensorCall call, ShapeResult error, ShapeInference inference) => null;

    /// <summary>
    /// An error of a call whose shapes are fine, from more than shapes (a view's strides), with what
    /// a code fix needs to repair it; null for none.
    /// </summary>
    private protected virtual (string Message, ImmutableDictionary<string, string?>? FixProperties)? LayoutError(TensorCall call, ShapeInference inference) => null;

    internal sealed override void Analyze(IOperation operation, Func<ShapeInference> inference, Action<Diagnostic> report)
    {
        if (ShapeInference.Read(operation) is not { } call) return;
        var engine = inference();
        var result = engine.Evaluate(call);
        if (result is { IsOk: true } && LayoutError(call, engine) is { } layout)
        {
            // On the whole call: no one argument is at fault.
            report(Diagnostic.Create(Descriptor, call.Operation.Syntax.GetLocation(), layout.FixProperties, layout.Message));
            return;
        }
        if (result is not { IsOk: false } error || !Reports(call.Kind, error.Kind)) return;
        var location = ErrorLocations.Of(call, error).GetLocation();
        report(Diagnostic.Create(Descriptor, location, FixProperties(call, error, engine), error.Message));
    }
}
