// The incremental pipeline: [Kernel] methods found by ForAttributeWithMetadataName, parsed into
// equatable models in the transform, then lowered and printed. Each step has a tracking name so
// tests can check that unrelated edits leave it cached.
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Generators.Lowering;
using TensorDsl.Generators.Model;
using TensorDsl.Generators.Parsing;
using TensorDsl.Generators.Printing;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Generators;

/// <summary>Generates the nested <c>{Method}Kernel</c> class of every <c>[Kernel]</c> method.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class KernelGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps.</summary>
    public static class Steps
    {
        public const string Kernels = "Kernels";
        public const string UnrollLimit = "UnrollLimit";
        public const string Models = "Models";
        public const string InvalidKernels = "InvalidKernels";
        /// <summary>Invalid kernels with the compilation, to place their diagnostics in syntax trees (holds a Compilation by design).</summary>
        public const string DiagnosticLocations = "DiagnosticLocations";
    }

    internal static readonly string Version = typeof(KernelGenerator).Assembly.GetName().Version?.ToString() ?? "1.0.0.0";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var unrollLimit = context.AnalyzerConfigOptionsProvider
            .Select((options, _) =>
                options.GlobalOptions.TryGetValue("build_property.TensorDslUnrollLimit", out var text)
                && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit >= 0
                    ? limit
                    : KernelParser.DefaultUnrollLimit)
            .WithTrackingName(Steps.UnrollLimit);

        var kernels = context.SyntaxProvider.ForAttributeWithMetadataName(
                TensorApi.KernelAttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) =>
                {
                    var method = (IMethodSymbol)ctx.TargetSymbol;
                    var attribute = ctx.Attributes.First();
                    int? own = attribute.NamedArguments.Where(a => a.Key == "UnrollLimit").Select(a => a.Value.Value as int?).FirstOrDefault();
                    var model = KernelParser.Parse(method, (MethodDeclarationSyntax)ctx.TargetNode, ctx.SemanticModel, own is >= 0 ? own.Value : -1, ct);
                    if (own < -1)
                    {
                        // -1 is "unset"; anything lower is a mistake worth saying.
                        var location = attribute.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation() ?? Location.None;
                        model = model with
                        {
                            Diagnostics = new EquatableArray<DiagnosticInfo>(model.Diagnostics.Concat(new[]
                            {
                                KernelParser.Diagnostic(DiagnosticIds.KernelInvalidUnrollLimit, location, own.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                            })),
                        };
                    }
                    return model;
                })
            .WithTrackingName(Steps.Kernels);

        // The project-wide limit applies where the attribute does not set one.
        var models = kernels.Combine(unrollLimit)
            .Select(static (pair, _) => pair.Left.UnrollLimit >= 0 ? pair.Left : pair.Left with { UnrollLimit = pair.Right })
            .WithTrackingName(Steps.Models);

        context.RegisterSourceOutput(models, static (spc, model) =>
        {
            if (model.IsValid) spc.AddSource(HintName(model), KernelPrinter.Print(KernelLowering.Lower(model), Version));
        });

        // Diagnostics are placed in the syntax tree they came from (looked up by path), so that
        // #pragma and .editorconfig severities apply to them. Only invalid kernels meet the
        // compilation here; valid ones stay cached through every edit.
        var invalid = models.Where(static m => m.Diagnostics.Count > 0).WithTrackingName(Steps.InvalidKernels)
            .Combine(context.CompilationProvider).WithTrackingName(Steps.DiagnosticLocations);
        context.RegisterSourceOutput(invalid, static (spc, pair) =>
        {
            var (model, compilation) = pair;
            foreach (var d in model.Diagnostics)
                spc.ReportDiagnostic(Diagnostic.Create(Descriptor(d.Id), ToLocation(d, compilation), d.Arguments.Cast<object>().ToArray()));
        });
    }

    private static string HintName(KernelModel model)
    {
        var types = string.Join(".", model.ContainingTypes.Select(t => t.Name.Split('<')[0]));
        return (model.Namespace is null ? "" : model.Namespace + ".") + types + "." + model.KernelClassName + ".g.cs";
    }

    private static Location ToLocation(DiagnosticInfo d, Compilation compilation)
    {
        var span = new Microsoft.CodeAnalysis.Text.TextSpan(d.Start, d.Length);
        foreach (var tree in compilation.SyntaxTrees)
            if (tree.FilePath == d.FilePath) return Location.Create(tree, span);
        return Location.Create(d.FilePath, span,
            new Microsoft.CodeAnalysis.Text.LinePositionSpan(
                new Microsoft.CodeAnalysis.Text.LinePosition(d.StartLine, d.StartColumn),
                new Microsoft.CodeAnalysis.Text.LinePosition(d.EndLine, d.EndColumn)));
    }

    private static DiagnosticDescriptor Descriptor(string id) => id switch
    {
        DiagnosticIds.KernelNotStatic => Descriptors.KernelNotStatic,
        DiagnosticIds.KernelTypeNotPartial => Descriptors.KernelTypeNotPartial,
        DiagnosticIds.KernelMissingShape => Descriptors.KernelMissingShape,
        DiagnosticIds.KernelInvalidShape => Descriptors.KernelInvalidShape,
        DiagnosticIds.KernelUnsupportedStatement => Descriptors.KernelUnsupportedStatement,
        DiagnosticIds.KernelUnsupportedParameter => Descriptors.KernelUnsupportedParameter,
        DiagnosticIds.KernelUnsupportedReturn => Descriptors.KernelUnsupportedReturn,
        DiagnosticIds.KernelNameConflict => Descriptors.KernelNameConflict,
        DiagnosticIds.KernelInvalidUnrollLimit => Descriptors.KernelInvalidUnrollLimit,
        _ => Descriptors.KernelUnsupportedExpression,
    };
}
