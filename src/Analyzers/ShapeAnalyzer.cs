// The base of every TensorDsl shape analyzer: one pass over each operation block with one shared
// inference engine, created only when the block contains something to check.
using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Analyzers.Inference;
using TensorDsl.Shared;

namespace TensorDsl.Analyzers;

/// <summary>Runs <see cref="Analyze"/> on every operation of every block of a compilation that uses TensorDsl.</summary>
public abstract class ShapeAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Nothing to check in a compilation that does not reference TensorDsl.
            if (start.Compilation.GetTypeByMetadataName(TensorApi.TensorTypeName) is null) return;
            start.RegisterOperationBlockAction(AnalyzeBlock);
        });
    }

    private void AnalyzeBlock(OperationBlockAnalysisContext context)
    {
        // One block at a time: the engine's caches need no locking.
        ShapeInference? inference = null;
        ShapeInference Inference() => inference ??= new ShapeInference(context.OperationBlocks);
        foreach (var block in context.OperationBlocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                Analyze(operation, Inference, context.ReportDiagnostic);
            }
        }
    }

    /// <summary>Checks one operation; <paramref name="inference"/> creates the block's engine on first use.</summary>
    internal abstract void Analyze(IOperation operation, Func<ShapeInference> inference, Action<Diagnostic> report);
}
