using System;

namespace TensorDsl;

/// <summary>
/// Compiles this static method of a partial type at build time into a nested <c>{Method}Kernel</c>
/// class with specialized, allocation-free <c>Forward</c> and <c>Backward</c> methods over spans.
/// The method body stays the eager reference semantics.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class KernelAttribute : Attribute
{
    /// <summary>
    /// Loop nests of at most this many elements are fully unrolled; 0 unrolls nothing. Unset (-1),
    /// the project's MSBuild property <c>TensorDslUnrollLimit</c> applies, and without it 64.
    /// </summary>
    public int UnrollLimit { get; set; } = -1;
}

/// <summary>The static shape of a tensor parameter, field, property or return value, checked at compile time.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.ReturnValue, Inherited = false)]
public sealed class ShapeAttribute : Attribute
{
    /// <summary>The sizes, outermost first; none for a 0-dim tensor.</summary>
    public ShapeAttribute(params int[] sizes) => Sizes = sizes;

    /// <summary>The sizes, outermost first.</summary>
    public int[] Sizes { get; }

    /// <summary>
    /// The element type (float32 unless set): <c>[Shape(2, DType = DType.Int64)]</c> declares a tensor of
    /// indices, which kernels take as <c>ReadOnlySpan&lt;long&gt;</c> and read in <c>F.Embedding</c>,
    /// <c>F.NllLoss</c> and <c>F.CrossEntropy</c>. Other dtypes are reported in kernels (TD0107).
    /// </summary>
    public DType DType { get; set; } = DType.Float32;
}

/// <summary>A kernel input that needs no gradient: the generated <c>Backward</c> takes no span for it and does no work for it.</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class NoGradAttribute : Attribute
{
}
