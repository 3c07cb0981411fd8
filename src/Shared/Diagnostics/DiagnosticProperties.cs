// Keys of Diagnostic.Properties through which the analyzers hand a repair to the code fixes, so
// that the code-fix assembly needs no shape inference of its own.
namespace TensorDsl.Shared.Diagnostics;

/// <summary>Property keys shared by the analyzers and the code fixes.</summary>
internal static class DiagnosticProperties
{
    /// <summary>TD0002: the size that makes the view valid at the reported position.</summary>
    public const string Size = "Size";

    /// <summary>TD0002: "true" when <c>-1</c> at the reported position makes the view valid.</summary>
    public const string CanInfer = "CanInfer";

    /// <summary>TD0002: "true" when the sizes fit but the strides allow no view: Reshape copies instead.</summary>
    public const string UseReshape = "UseReshape";

    /// <summary>TD0001: the only dim along which the cat is valid.</summary>
    public const string Dim = "Dim";

    /// <summary>TD0201: the element-wise method to call instead (<c>Eq</c> or <c>Ne</c>).</summary>
    public const string Method = "Method";

    /// <summary>TD0202: "true" when the method can be called without arguments, so the fix can add <c>()</c>.</summary>
    public const string Callable = "Callable";
}
