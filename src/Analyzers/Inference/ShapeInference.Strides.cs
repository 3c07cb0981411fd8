// Strides, for the shape errors that depend on them: a View that no strides allow (PyTorch's
// "view size is not compatible with input tensor's size and stride"), and which kernel a MatMul
// reaches. Known where the runtime and PyTorch lay a tensor out alike, which is everywhere the
// shared layout rules reach: fresh results, views, element-wise results (TensorIterator's
// choice) and copies that keep their source's layout. Unknown for anything from a parameter,
// field or call; a [Kernel] method's parameters are contiguous, as the spans its compiled code
// runs on.
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Ops;
using TensorDsl.Shapes;
using TensorDsl.Shared;

namespace TensorDsl.Analyzers.Inference;

internal sealed partial class ShapeInference
{
    private readonly Dictionary<IOperation, int[]?> _strides = new();

    /// <summary>The strides of a tensor-valued expression's result, or null when they are not provably known.</summary>
    public int[]? StridesOf(IOperation operation)
    {
        if (_strides.TryGetValue(operation, out var strides)) return strides;
        _strides[operation] = null;  // a cycle through a variable is unknown
        strides = ComputeStrides(operation);
        _strides[operation] = strides;
        return strides;
    }

    /// <summary>
    /// Whether <paramref name="call"/> is a View whose sizes fit the element count but whose input's
    /// known strides allow no such view (PyTorch's <see cref="ShapeRules.ViewStrideMessage"/>).
    /// </summary>
    public bool IsViewForbiddenByStrides(TensorCall call)
    {
        if (call.Kind != OpKind.View || call.Operands.Length != 1 || Evaluate(call) is not { IsOk: true } view) return false;
        if (ShapeOf(call.Operands[0]) is not { } shape || StridesOf(call.Operands[0]) is not { } strides) return false;
        return ShapeRules.ViewStrides(shape, strides, view.Shape!) is null;
    }

    private int[]? ComputeStrides(IOperation operation)
    {
        if (ShapeOf(operation) is not { } shape) return null;
        switch (operation)
        {
            case IConversionOperation conversion:
                return StridesOf(conversion.Operand);
            case ILocalReferenceOperation local:
                return VariableStrides(local, local.Local, entry: null);
            case IParameterReferenceOperation parameter when IsKernelParameter(parameter.Parameter):
                // A kernel computes over contiguous spans: its eager body is the reference for
                // contiguous inputs, so a View those forbid is an error in the kernel too.
                return VariableStrides(parameter, parameter.Parameter, entry: ShapeRules.ContiguousStrides(shape));
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } indexer:
                return IndexerStrides(instance, indexer.Arguments, shape);
            case IPropertyReferenceOperation { Property.Name: "Values", Instance: { } result } when TensorApi.Read(result) is { Kind: OpKind.MaxDim } max:
                return FreshIfContiguous(max, shape);
            case IInvocationOperation { TargetMethod.Name: "RequiresGrad_", Instance: { } self }:
                return StridesOf(self);
            case IInvocationOperation { TargetMethod.Name: "To", Instance: { } source }:
                // A copy in another dtype keeps the input's layout (torch.preserve_format).
                return Preserved(source, shape);
        }
        return TensorApi.Read(operation) is { } call ? CallStrides(call, shape) : null;
    }

    private int[]? CallStrides(TensorCall call, int[] shape)
    {
        int[]? Input() => call.Operands.Length == 1 ? StridesOf(call.Operands[0]) : null;
        int[]? InputShape() => call.Operands.Length == 1 ? ShapeOf(call.Operands[0]) : null;
        int Dim(string name, int rank) =>
            call.Argument(name) is { } a && TensorApi.ConstantInt(a) is int d && ShapeRules.WrapDim(d, rank, out int w).IsOk ? w : -1;

        switch (call.Kind)
        {
            case OpKind.Zeros: case OpKind.Ones: case OpKind.Full: case OpKind.Randn: case OpKind.Rand: case OpKind.Randint:
            case OpKind.Arange: case OpKind.FromData: case OpKind.MatMul: case OpKind.Cat: case OpKind.Stack: case OpKind.Contiguous:
                return ShapeRules.ContiguousStrides(shape);

            case OpKind.Detach:
                return Input();

            case OpKind.T:
            {
                var s = Input();
                return s is null ? null : s.Reverse().ToArray();
            }
            case OpKind.Transpose:
            {
                var s = Input();
                if (s is null) return null;
                int d0 = Dim("dim0", s.Length), d1 = Dim("dim1", s.Length);
                if (d0 < 0 || d1 < 0) return null;
                var t = (int[])s.Clone();
                (t[d0], t[d1]) = (t[d1], t[d0]);
                return t;
            }
            case OpKind.Permute:
            {
                var s = Input();
                if (s is null || InputShape() is not { } inShape || TensorApi.ConstantInts(call.Argument("dims")) is not { } dims) return null;
                if (!ShapeRules.Permute(inShape, dims, out var wrapped).IsOk) return null;
                return wrapped.Select(d => s[d]).ToArray();
            }
            case OpKind.Unsqueeze:
            {
                var s = Input();
                if (s is null || InputShape() is not { } inShape) return null;
                int d = Dim("dim", s.Length + 1);
                if (d < 0) return null;
                var t = new List<int>(s);
                t.Insert(d, d < s.Length ? inShape[d] * s[d] : 1);
                return t.ToArray();
            }
            case OpKind.Squeeze:
            {
                var s = Input();
                if (s is null || InputShape() is not { } inShape) return null;
                return Enumerable.Range(0, s.Length).Where(i => inShape[i] != 1).Select(i => s[i]).ToArray();
            }
            case OpKind.SqueezeDim:
            {
                var s = Input();
                if (s is null || InputShape() is not { } inShape) return null;
                int d = Dim("dim", s.Length);
                if (d < 0 && s.Length > 0) return null;
                return s.Length == 0 || inShape[d] != 1 ? s : s.Where((_, i) => i != d).ToArray();
            }
            case OpKind.Select:
            {
                var s = Input();
                if (s is null) return null;
                int d = Dim("dim", s.Length);
                return d < 0 ? null : s.Where((_, i) => i != d).ToArray();
            }
            case OpKind.Slice:
                return Input();
            case OpKind.View:
                return Input() is { } vs && InputShape() is { } vShape ? ShapeRules.ViewStrides(vShape, vs, shape) : null;
            case OpKind.Reshape:
                return Input() is { } rs && InputShape() is { } rShape
                    ? ShapeRules.ViewStrides(rShape, rs, shape) ?? ShapeRules.ContiguousStrides(shape)
                    : null;
            case OpKind.Flatten:
            {
                // As the runtime: a 0-dim tensor becomes [1], an unchanged shape is the tensor itself, else Reshape.
                var s = Input();
                if (s is null || InputShape() is not { } inShape) return null;
                if (inShape.Length == 0) return new[] { 1 };
                if (ShapeRules.SameShape(inShape, shape)) return s;
                return ShapeRules.ViewStrides(inShape, s, shape) ?? ShapeRules.ContiguousStrides(shape);
            }
        }
        switch (call.Kind)
        {
            case OpKind.Clone: case OpKind.ZerosLike: case OpKind.OnesLike: case OpKind.FullLike:
                return call.Operands.Length == 1 ? Preserved(call.Operands[0], shape) : null;
            case OpKind.MaskedFill:
                return FreshIfContiguous(call, shape);
        }
        if (OpTable.Row(call.Kind).Class == OpClass.Elementwise) return ElementwiseStrides(call, shape);
        // Reductions, softmax and the rest: a fresh contiguous result when every tensor operand is contiguous.
        return FreshIfContiguous(call, shape);
    }

    // The layout TensorIterator gives an element-wise result, from its operands' known strides (a
    // number is a 0-d operand).
    private int[]? ElementwiseStrides(TensorCall call, int[] shape)
    {
        bool isOperator = OpTable.Row(call.Kind).Shape == ShapeRule.Broadcast;
        var inputs = new List<(IReadOnlyList<int>, IReadOnlyList<int>)>();
        foreach (var operand in call.Operands)
        {
            if (isOperator && IsNumber(TensorApi.SkipConversions(operand).Type))
            {
                inputs.Add((new int[0], new int[0]));
                continue;
            }
            if (ShapeOf(operand) is not { } s || StridesOf(operand) is not { } st) return null;
            inputs.Add((s, st));
        }
        return ShapeRules.ElementwiseStrides(shape, inputs) ?? ShapeRules.ContiguousStrides(shape);
    }

    // A copy that keeps its source's layout (clone, to, the *_like factories).
    private int[]? Preserved(IOperation source, int[] shape) =>
        ShapeOf(source) is { } s && StridesOf(source) is { } st ? ShapeRules.PreservedStrides(s, st) ?? ShapeRules.ContiguousStrides(shape) : null;

    private static bool IsKernelParameter(IParameterSymbol parameter) =>
        parameter.ContainingSymbol is IMethodSymbol method &&
        method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == TensorApi.KernelAttributeName) &&
        ShapeInference.Declared(parameter.GetAttributes()) is not null;

    private int[]? FreshIfContiguous(TensorCall call, int[] shape)
    {
        bool isOperator = OpTable.Row(call.Kind).Shape == ShapeRule.Broadcast;
        foreach (var operand in call.Operands)
        {
            if (isOperator && IsNumber(TensorApi.SkipConversions(operand).Type)) continue;
            if (!IsContiguous(operand)) return null;
        }
        return ShapeRules.ContiguousStrides(shape);
    }

    private bool IsContiguous(IOperation operand) =>
        ShapeOf(operand) is { } shape && StridesOf(operand) is { } strides && ShapeRules.IsContiguous(shape, strides);

    // t[i], t[i, j], t[^i] drop leading dims; t[a..b] keeps every stride.
    private int[]? IndexerStrides(IOperation instance, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, int[] shape)
    {
        if (StridesOf(instance) is not { } s || arguments.Length != 1) return null;
        if (TensorApi.SkipConversions(arguments[0].Value) is IRangeOperation) return s;
        int dropped = s.Length - shape.Length;
        return dropped >= 0 ? s.Skip(dropped).ToArray() : null;
    }

    // A variable's strides where the value it holds at the read is known: the straight-line write
    // that reaches it, its only write (a local is written before it is read), or, before any
    // write, what it holds on entry (a kernel parameter's contiguous strides; nothing for a local).
    private int[]? VariableStrides(IOperation reference, ISymbol variable, int[]? entry)
    {
        if (_writes.TryReach(reference, variable, out var value)) return value is null ? entry : StridesOf(value);
        return _writes.ValuesOf(variable) switch
        {
            { Count: 0 } => entry,
            { Count: 1 } values when variable is ILocalSymbol => StridesOf(values[0]),
            _ => null,
        };
    }
}
