// One concern of the shape analyzer: which operations it looks at and what it reports.
using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TensorDsl.Analyzers.Inference;

namespace TensorDsl.Analyzers.Checks;

/// <summary>A shape check run by <see cref="ShapeAnalyzer"/> on every operation of a block.</summary>
internal abstract class ShapeCheck
{
    /// <summary>The diagnostics this check reports.</summary>
    public abstract ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <summary>Checks one operation; <paramref name="inference"/> makes the block's engine on first use.</summary>
    public abstract void Analyze(IOperation operation, Func<ShapeInference> inference, Action<Diagnostic> report);
}
