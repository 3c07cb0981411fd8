using System;
using TensorDsl.Shapes;

namespace TensorDsl;

/// <summary>Turns a failed shape rule into the exception PyTorch's error maps to.</summary>
internal static class Errors
{
    /// <summary>The shape, or the rule's message thrown: dims as <see cref="ArgumentOutOfRangeException"/> (PyTorch's IndexError), the rest as <see cref="ArgumentException"/> (RuntimeError).</summary>
    public static int[] Check(in ShapeResult result)
    {
        if (result.IsOk) return result.Shape!;
        throw result.Kind == ShapeErrorKind.Dim
            ? new ArgumentOutOfRangeException(null, result.Message)
            : new ArgumentException(result.Message);
    }

    /// <summary>A wrapped (non-negative) dim, or PyTorch's IndexError.</summary>
    public static int Dim(int dim, int rank)
    {
        Check(ShapeRules.WrapDim(dim, rank, out int d));
        return d;
    }

    public static ArgumentException Argument(string message) => new(message);

    public static InvalidOperationException State(string message) => new(message);

    /// <summary>PyTorch's name for a dtype in kernel errors: <c>Long</c>, <c>Float</c>.</summary>
    public static string KernelTypeName(DType dtype) => dtype switch
    {
        DType.Bool => "Bool",
        DType.Int32 => "Int",
        DType.Int64 => "Long",
        DType.Float32 => "Float",
        _ => "Double",
    };
}
