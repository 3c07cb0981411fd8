namespace TensorDsl;

/// <summary>Element types, as PyTorch's <c>torch.dtype</c>. The order is PyTorch's promotion order for this subset.</summary>
public enum DType
{
    /// <summary><c>torch.bool</c>.</summary>
    Bool,
    /// <summary><c>torch.int32</c>.</summary>
    Int32,
    /// <summary><c>torch.int64</c>.</summary>
    Int64,
    /// <summary><c>torch.float32</c>, the default.</summary>
    Float32,
    /// <summary><c>torch.float64</c>.</summary>
    Float64,
}

/// <summary>Facts about <see cref="DType"/> values.</summary>
public static class DTypeInfo
{
    /// <summary>PyTorch's name, as printed: <c>torch.float32</c>.</summary>
    public static string TorchName(this DType dtype) => dtype switch
    {
        DType.Bool => "torch.bool",
        DType.Int32 => "torch.int32",
        DType.Int64 => "torch.int64",
        DType.Float32 => "torch.float32",
        DType.Float64 => "torch.float64",
        _ => throw new System.ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>True for float32 and float64, the types that can require grad.</summary>
    public static bool IsFloatingPoint(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    /// <summary>The dtype of a promoted pair (<c>torch.promote_types</c>): the later one in promotion order.</summary>
    public static DType Promote(DType a, DType b) => a > b ? a : b;
}
