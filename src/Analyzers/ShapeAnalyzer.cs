// The one TensorDsl shape analyzer: one pass over each operation block with one inference engine,
// which every shape check (Checks/) reads. The engine is made only for blocks that contain
// something to check, and once per block, whatever the number of checks.
using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Analyzers.Checks;
using TensorDsl.Analyzers.Inference;
using TensorDsl.Shared;

namespace TensorDsl.Analyzers;

/// <summary>Reports shape errors (TD0001–TD0007) in every method, accessor, initializer and top-level statement.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ShapeAnalyzer : DiagnosticAnalyzer
{
    private static readonly ShapeCheck[] s_checks = { new OpRuleCheck(), new ShapeArgumentCheck(), new DeclaredShapeCheck() };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        s_checks.SelectMany(c => c.SupportedDiagnostics).ToImmutableArray();

    public override void Initialize(AnalysisContext context)
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

    private static void AnalyzeBlock(OperationBlockAnalysisContext context)
    {
        // One block at a time: the engine's caches need no locking.
        ShapeInference? inference = null;
        ShapeInference Inference() => inference ??= new ShapeInference(context.OperationBlocks);
        foreach (var block in context.OperationBlocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                foreach (var check in s_checks) check.Analyze(operation, Inference, context.ReportDiagnostic);
            }
        }
    }
}
