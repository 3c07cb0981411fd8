// The one catalog of TensorDsl's diagnostics, linked into the generator and the
// analyzers. TD00xx: shape errors (analyzers). TD01xx: kernel declaration errors (generator).
// TD02xx: usage warnings (analyzers).
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace TensorDsl.Shared.Diagnostics;

/// <summary>Diagnostic ids, as constants for suppressions and code fixes.</summary>
internal static class DiagnosticIds
{
    public const string Cat = "TD0001";
    public const string View = "TD0002";
    public const string MatMul = "TD0003";
    public const string Broadcast = "TD0004";
    public const string DimOutOfRange = "TD0005";
    public const string ShapeArgument = "TD0006";
    public const string DeclaredShape = "TD0007";

    public const string KernelNotStatic = "TD0101";
    public const string KernelTypeNotPartial = "TD0102";
    public const string KernelMissingShape = "TD0103";
    public const string KernelInvalidShape = "TD0104";
    public const string KernelUnsupportedStatement = "TD0105";
    public const string KernelUnsupportedExpression = "TD0106";
    public const string KernelUnsupportedParameter = "TD0107";
    public const string KernelUnsupportedReturn = "TD0108";
    public const string KernelNameConflict = "TD0109";
    public const string KernelInvalidUnrollLimit = "TD0110";

    public const string TensorReferenceEquality = "TD0201";
    public const string TensorMethodGroup = "TD0202";
}

/// <summary>Every descriptor, in one place.</summary>
internal static class Descriptors
{
    private const string ShapeCategory = "TensorDsl.Shapes";
    private const string KernelCategory = "TensorDsl.Kernels";
    private const string UsageCategory = "TensorDsl.Usage";

    // Each id has a page under docs/diagnostics/ (what triggers it, an example, the fix). The link is
    // absolute, so that it resolves for a package user too: the published docs, whose address the
    // build sets once (TensorDslDocsUrl in Directory.Build.props) and stamps on this assembly.
    internal static readonly string HelpBase = DocsUrl() + "diagnostics/";

    private static string DocsUrl()
    {
        foreach (var attribute in typeof(Descriptors).Assembly.GetCustomAttributes(typeof(AssemblyMetadataAttribute), inherit: false))
            if (attribute is AssemblyMetadataAttribute { Key: "TensorDslDocsUrl", Value: { Length: > 0 } url })
                return url;
        // Built without the repository's Directory.Build.props: the pages' path in the repository and the package.
        return "docs/";
    }

    private static string Help(string id) => HelpBase + id + ".md";

    private static DiagnosticDescriptor Error(string id, string title, string message, string category, string description) =>
        new DiagnosticDescriptor(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: description, helpLinkUri: Help(id));

    // ---- shape errors: the message is PyTorch's, produced by the shared shape rules ----------

    public static readonly DiagnosticDescriptor Cat = Error(DiagnosticIds.Cat,
        "Tensors cannot be concatenated or stacked", "{0}", ShapeCategory,
        "torch.cat/torch.stack of tensors whose shapes are incompatible or whose ranks differ; PyTorch would raise this at run time.");

    public static readonly DiagnosticDescriptor View = Error(DiagnosticIds.View,
        "Invalid view or reshape", "{0}", ShapeCategory,
        "View/Reshape to a shape whose element count differs from the tensor's, with more than one -1, or with a -1 for a tensor of no elements.");

    public static readonly DiagnosticDescriptor MatMul = Error(DiagnosticIds.MatMul,
        "Matrix product of incompatible shapes", "{0}", ShapeCategory,
        "MatMul whose inner dimensions (or batch dimensions) differ, or of a 0-dim tensor.");

    public static readonly DiagnosticDescriptor Broadcast = Error(DiagnosticIds.Broadcast,
        "Shapes do not broadcast", "{0}", ShapeCategory,
        "An element-wise op on tensors whose shapes do not broadcast.");

    public static readonly DiagnosticDescriptor DimOutOfRange = Error(DiagnosticIds.DimOutOfRange,
        "Dimension out of range", "{0}", ShapeCategory,
        "A dim argument outside [-rank, rank-1] for the tensor it applies to (one more for Unsqueeze and Stack); also T() of more than 2 dims, and Permute with the wrong number of dims or a repeated dim.");

    public static readonly DiagnosticDescriptor ShapeArgument = Error(DiagnosticIds.ShapeArgument,
        "Tensor of the wrong shape passed to a [Shape] parameter", "{0}", ShapeCategory,
        "A call of a kernel, or of any method or constructor whose parameter has [Shape], with a tensor of a different known shape; the message is PyTorch's checkSize.");

    public static readonly DiagnosticDescriptor DeclaredShape = Error(DiagnosticIds.DeclaredShape,
        "Tensor of the wrong shape stored where [Shape] declares another", "{0}", ShapeCategory,
        "A return value of a method with [return: Shape], or a value given to a [Shape] field or property, of a different known shape. The analyzers trust these declarations at every use, so the declaration is checked where values enter it.");

    // ---- kernel declarations ----------------------------------------------------------------

    public static readonly DiagnosticDescriptor KernelNotStatic = Error(DiagnosticIds.KernelNotStatic,
        "Kernel methods must be static", "Kernel method '{0}' must be static", KernelCategory,
        "A [Kernel] method is compiled into static Forward and Backward methods; it cannot use instance state.");

    public static readonly DiagnosticDescriptor KernelTypeNotPartial = Error(DiagnosticIds.KernelTypeNotPartial,
        "The type containing a kernel must be partial", "Type '{0}' must be partial to contain the kernel '{1}'", KernelCategory,
        "The generator adds a nested {Method}Kernel class, so the containing type and every type around it must be partial.");

    public static readonly DiagnosticDescriptor KernelMissingShape = Error(DiagnosticIds.KernelMissingShape,
        "Kernel tensor parameters need [Shape]", "Tensor parameter '{0}' of kernel '{1}' needs a [Shape(...)] attribute", KernelCategory,
        "Every tensor parameter of a kernel needs a static shape so that the generated code can be specialized.");

    public static readonly DiagnosticDescriptor KernelInvalidShape = Error(DiagnosticIds.KernelInvalidShape,
        "Invalid [Shape]", "Invalid shape for '{0}': {1}", KernelCategory,
        "[Shape] sizes must be non-negative integer constants whose product a kernel can hold (715827882 elements: its workspace is one int-indexed span).");

    public static readonly DiagnosticDescriptor KernelUnsupportedStatement = Error(DiagnosticIds.KernelUnsupportedStatement,
        "Statement not supported in a kernel", "{0} is not supported in a kernel; use var locals and a return of tensor ops", KernelCategory,
        "A kernel body may contain only var locals and return statements (or be expression-bodied).");

    public static readonly DiagnosticDescriptor KernelUnsupportedExpression = Error(DiagnosticIds.KernelUnsupportedExpression,
        "Expression not supported in a kernel", "{0} is not supported in a kernel", KernelCategory,
        "A kernel body may use TensorDsl's tensor ops whose shapes are static (every op but the factories), its parameters and locals, and numeric constants, with values that a kernel can hold (715827882 elements in all).");

    public static readonly DiagnosticDescriptor KernelUnsupportedParameter = Error(DiagnosticIds.KernelUnsupportedParameter,
        "Parameter type not supported in a kernel", "Parameter '{0}' of type '{1}' is not supported in a kernel; use a Tensor with [Shape] (float32, or int64 indices), float or double", KernelCategory,
        "Kernel parameters are tensors with a [Shape] (float32, or int64 indices), or float/double scalars.");

    public static readonly DiagnosticDescriptor KernelNameConflict = Error(DiagnosticIds.KernelNameConflict,
        "Kernel parameter names collide in the generated class", "Parameter '{0}' would generate the member '{1}', which {2}", KernelCategory,
        "Each tensor parameter P gets the constants PLength and PShape in the {Method}Kernel class; those names must be distinct from each other and from ResultLength, ResultShape, ForwardWorkspaceLength and BackwardWorkspaceLength.");

    public static readonly DiagnosticDescriptor KernelInvalidUnrollLimit = Error(DiagnosticIds.KernelInvalidUnrollLimit,
        "Invalid UnrollLimit", "UnrollLimit must be 0 or more (or left unset), but is {0}", KernelCategory,
        "[Kernel(UnrollLimit = n)] takes the largest loop nest, in elements, that is still unrolled; 0 unrolls nothing.");

    public static readonly DiagnosticDescriptor KernelUnsupportedReturn = Error(DiagnosticIds.KernelUnsupportedReturn,
        "Kernels must return a Tensor", "Kernel '{0}' must return Tensor", KernelCategory,
        "A kernel computes one tensor result.");

    // ---- usage --------------------------------------------------------------------------------

    public static readonly DiagnosticDescriptor TensorReferenceEquality = new(DiagnosticIds.TensorReferenceEquality,
        "'==' between tensors compares references", "'{0}' between tensors compares references, not elements; use {1} for the element-wise comparison",
        UsageCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "C#'s == and != on two Tensor values are reference comparisons that give one bool, where PyTorch's give a bool tensor. Eq and Ne compare elements.",
        helpLinkUri: Help(DiagnosticIds.TensorReferenceEquality));

    public static readonly DiagnosticDescriptor TensorMethodGroup = new(DiagnosticIds.TensorMethodGroup,
        "Tensor method used as a value", "'{0}' is a method group, not a tensor; call it: '{0}()'",
        UsageCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Where PyTorch has attributes (t.T, t.mT) TensorDsl has methods. Without parentheses, t.T is a method group: var and object turn it into a delegate, not a tensor.",
        helpLinkUri: Help(DiagnosticIds.TensorMethodGroup));
}
