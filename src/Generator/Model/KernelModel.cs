// The generator's models: equatable records of strings, numbers, enums and EquatableArrays only
// (no symbols, syntax, compilations or locations), so unchanged kernels stay cached.
using TensorDsl.Ops;
using TensorDsl.Shared;

namespace TensorDsl.Generators.Model;

/// <summary>One [Kernel] method: where it lives, its parameters, its op graph, and what went wrong.</summary>
internal sealed record KernelModel(
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string MethodName,
    string Accessibility,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<Node> Nodes,
    int ResultNode,
    int UnrollLimit,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool ModuleVisible = false)
{
    // ModuleVisible: the method and every type around it are public or internal, so that a module
    // initializer in the generated class is allowed (it warms the cores up; see KernelPrinter).

    /// <summary>The generated class's name: <c>{Method}Kernel</c>.</summary>
    public string KernelClassName => MethodName + "Kernel";

    /// <summary>True when code can be generated: no declaration errors and a complete graph.</summary>
    public bool IsValid => Diagnostics.Count == 0 && ResultNode >= 0;
}

/// <summary>A type around the kernel, outermost first: <c>static partial class Net</c>.</summary>
internal sealed record ContainingType(string Keyword, string Name, string Modifiers);

/// <summary>A kernel parameter: a tensor with a static shape (float32, or int64 indices), or a float/double scalar.</summary>
internal sealed record ParameterModel(string Name, bool IsTensor, EquatableArray<int> Shape, bool NoGrad, string ScalarType)
{
    /// <summary>An int64 tensor of indices (<c>[Shape(..., DType = DType.Int64)]</c>): read only as an index, never differentiated.</summary>
    public bool IsIndices => IsTensor && ScalarType == "long";

    /// <summary>The PascalCase stem of the shape constants: <c>w1</c> → <c>W1</c>.</summary>
    public string ConstantStem => char.ToUpperInvariant(Name[0]) + Name.Substring(1);

    public int Length => Numel(Shape);

    public static int Numel(EquatableArray<int> shape)
    {
        int n = 1;
        foreach (var s in shape) n *= s;
        return n;
    }
}

/// <summary>
/// A node of the op graph in static single assignment: its inputs are earlier nodes (pow's exponent
/// is its second input, a Constant or Scalar node). <see cref="Ints"/> holds the op's constant ints
/// (permutation, dim, keepDim as 0/1, select index, slice start); <see cref="Value"/> a Constant's
/// number; <see cref="Parameter"/> the parameter index of an Input/Scalar node.
/// </summary>
internal sealed record Node(
    int Id,
    OpKind Op,
    EquatableArray<int> Inputs,
    EquatableArray<int> Shape,
    EquatableArray<int> Ints,
    double Value,
    int Parameter,
    string Source,
    string? LocalName)
{
    public int Numel => ParameterModel.Numel(Shape);

    public int Rank => Shape.Count;
}

/// <summary>A diagnostic with its location as plain data.</summary>
internal sealed record DiagnosticInfo(string Id, string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn, EquatableArray<string> Arguments);
