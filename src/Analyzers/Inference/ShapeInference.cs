// Static shape inference over one operation block (a method, accessor, lambda-containing
// initializer or the top-level statements): the one engine every shape analyzer shares. What is
// not provably known is unknown (null), and unknown never produces a diagnostic.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Ops;
using TensorDsl.Shapes;
using TensorDsl.Shared;

namespace TensorDsl.Analyzers.Inference;

/// <summary>Shapes of tensor expressions in one operation block, and the outcome of each tensor op in it.</summary>
internal sealed partial class ShapeInference
{
    private readonly VariableWrites _writes;
    private readonly Dictionary<IOperation, int[]?> _shapes = new();
    private readonly Dictionary<IOperation, ShapeResult?> _results = new();
    private readonly Dictionary<ISymbol, int[]?> _variables = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _inProgress = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, int[]> _hypotheses = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _selfReads = new(SymbolEqualityComparer.Default);
    private int _fuel = 32;

    // While a hypothesis about a variable is being tried, every cache entry is logged here so that
    // a rejected hypothesis leaves nothing behind.
    private readonly List<System.Action> _undo = new();
    private int _trying;

    public ShapeInference(IEnumerable<IOperation> blocks) => _writes = new VariableWrites(blocks);

    /// <summary>The result of <paramref name="call"/>: its shape or PyTorch's error; null when an input is not known.</summary>
    public ShapeResult? Evaluate(TensorCall call)
    {
        if (_results.TryGetValue(call.Operation, out var result)) return result;
        var data = call.Kind == OpKind.FromData && call.Argument("data") is { } d ? LocalDataShape(d) : null;
        result = call.Kind == OpKind.MatMul ? MatMulShape(call) : OpShapes.Infer(call, OperandShapes(call), data);
        Remember(_results, call.Operation, result);
        return result;
    }

    // The kernel a product reaches, and so the words of its size error, depends on the operands'
    // strides where they are known (row-major otherwise); requiring grad is taken to be false.
    private ShapeResult? MatMulShape(TensorCall call)
    {
        if (call.Operands.Length != 2 || ShapeOf(call.Operands[0]) is not { } a || ShapeOf(call.Operands[1]) is not { } b) return null;
        if (a.Length == 0 || b.Length == 0) return ShapeRules.MatMul(a, b);
        var path = ShapeRules.ChooseMatMul(a, StridesOf(call.Operands[0]), false, b, StridesOf(call.Operands[1]), false);
        return ShapeRules.MatMul(a, b, path);
    }

    /// <summary>The shapes of <paramref name="call"/>'s operands (null where unknown); a number beside an operator is <c>[]</c>.</summary>
    public int[]?[] OperandShapes(TensorCall call)
    {
        var shapes = new int[]?[call.Operands.Length];
        bool isOperator = OpTable.Row(call.Kind).Shape == ShapeRule.Broadcast;
        for (int i = 0; i < shapes.Length; i++)
        {
            var operand = call.Operands[i];
            shapes[i] = isOperator && IsNumber(TensorApi.SkipConversions(operand).Type) ? new int[0] : ShapeOf(operand);
        }
        return shapes;
    }

    /// <summary>The shape of a tensor-valued expression, or null when it is not provably known.</summary>
    public int[]? ShapeOf(IOperation operation)
    {
        if (_shapes.TryGetValue(operation, out var shape)) return shape;
        shape = Compute(operation);
        Remember(_shapes, operation, shape);
        return shape;
    }

    private int[]? Compute(IOperation operation)
    {
        switch (operation)
        {
            case IConversionOperation conversion:
                // Tensor to Tensor (nullability, identity); anything else is not a tensor.
                return IsShaped(conversion.Type) && IsShaped(conversion.Operand.Type) ? ShapeOf(conversion.Operand) : null;

            case ILocalReferenceOperation local:
                return VariableShape(local.Local) ?? ReachingShape(local, local.Local);

            case IParameterReferenceOperation parameter:
                return VariableShape(parameter.Parameter) ?? ReachingShape(parameter, parameter.Parameter);

            case IFieldReferenceOperation field:
                // [Shape] is the field's contract; assignments elsewhere are the declarer's responsibility.
                return TensorApi.IsTensor(field.Field.Type) ? Declared(field.Field.GetAttributes()) : null;

            case IPropertyReferenceOperation property:
                return PropertyShape(property);

            case IInvocationOperation invocation:
                return InvocationShape(invocation);

            case IBinaryOperation or IUnaryOperation or ICompoundAssignmentOperation:
                return TensorApi.Read(operation) is { } call && Evaluate(call) is { IsOk: true } ok ? ok.Shape : null;

            case IConditionalOperation { IsRef: false, WhenFalse: { } whenFalse } conditional:
                return Agree(ShapeOf(conditional.WhenTrue), ShapeOf(whenFalse));

            case ICoalesceOperation coalesce:
                return Agree(ShapeOf(coalesce.Value), ShapeOf(coalesce.WhenNull));

            case ISimpleAssignmentOperation { IsRef: false } assignment:
                return ShapeOf(assignment.Value);

            case IArrayElementReferenceOperation { Indices.Length: 1 } element:
                return PieceShape(element);
        }
        return null;
    }

    // x.Split(2, 1)[i], x.Chunk(3)[i]: the shape of piece i, when the split and the index are constant.
    private int[]? PieceShape(IArrayElementReferenceOperation element)
    {
        if (TensorApi.Read(TensorApi.SkipConversions(element.ArrayReference)) is not { } call || OpTable.Row(call.Kind).Shape != ShapeRule.Split) return null;
        if (call.Operands.Length == 0 || TensorApi.ConstantInt(element.Indices[0]) is not int index) return null;
        var shape = ShapeOf(call.Operands[0]);
        if (OpShapes.Pieces(call, shape, out int dim) is not { IsOk: true } pieces || index < 0 || index >= pieces.Shape!.Length) return null;
        return ShapeRules.Piece(shape!, dim, pieces.Shape!, index);
    }

    private int[]? InvocationShape(IInvocationOperation invocation)
    {
        if (TensorApi.Read(invocation) is { } call)
        {
            // An op that fails has no shape: its error is reported once, where it happens.
            return Evaluate(call) is { IsOk: true } ok ? ok.Shape : null;
        }
        var method = invocation.TargetMethod;
        if (TensorApi.IsTensor(method.ContainingType) && !method.IsStatic && invocation.Instance is { } instance &&
            method.Name is "RequiresGrad_" or "To")
        {
            // Both return a tensor of the receiver's shape (the receiver itself, or a cast copy).
            return ShapeOf(instance);
        }
        return TensorApi.IsTensor(method.ReturnType) ? Declared(method.GetReturnTypeAttributes()) : null;
    }

    private int[]? PropertyShape(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        if (property.IsIndexer && TensorApi.IsTensor(property.ContainingType))
            return reference.Instance is { } instance ? IndexerShape(ShapeOf(instance), reference.Arguments) : null;
        if (IsMaxResult(property.ContainingType) && property.Name is "Values" or "Indices")
            return reference.Instance is { } result ? ShapeOf(result) : null;
        return TensorApi.IsTensor(property.Type) ? Declared(property.GetAttributes()) : null;
    }

    // t[i], t[^i], t[i, j, …] and t[a..b], by the shared indexing rules; a failing or non-constant
    // index leaves the shape unknown (a non-constant int index still removes a dim).
    private static int[]? IndexerShape(int[]? shape, ImmutableArray<IArgumentOperation> arguments)
    {
        if (shape is null || arguments.Length != 1 || arguments[0].Parameter is not { } parameter) return null;
        var value = TensorApi.SkipConversions(arguments[0].Value);
        if (value is IRangeOperation range)
        {
            if (TensorApi.RangeBound(range.LeftOperand, 0) is not { } start || TensorApi.RangeBound(range.RightOperand, null) is not { } stop) return null;
            var sliced = ShapeRules.Slice(shape, 0, start.Value, start.FromEnd, stop.Value, stop.FromEnd, out _, out _);
            return sliced.IsOk ? sliced.Shape : null;
        }
        int[]? indices;
        if (value is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } hat)
        {
            indices = TensorApi.ConstantInt(hat.Operand) is int n && shape.Length > 0 ? new[] { ShapeRules.FromEnd(n, shape[0]) } : null;
        }
        else if (parameter.Type.SpecialType == SpecialType.System_Int32 || parameter.IsParams)
        {
            indices = TensorApi.ConstantInts(value);
        }
        else
        {
            return null;
        }
        if (indices is not null)
        {
            var indexed = ShapeRules.Index(shape, indices);
            return indexed.IsOk ? indexed.Shape : null;
        }
        // Runtime indices: the shape is still known when the count is.
        int count = parameter.IsParams
            ? (value is IArrayCreationOperation { Initializer: { } init } ? init.ElementValues.Length : -1)
            : 1;
        if (count < 0 || shape.Length < count) return null;
        var result = new int[shape.Length - count];
        System.Array.Copy(shape, count, result, 0, result.Length);
        return result;
    }


    // A variable's shape is S when every value stored in it has shape S, assuming the variable has
    // shape S wherever a value reads it (x = x.Tanh(), x += y in a loop): by induction over the
    // stores, the variable then never holds anything else. A value whose op fails under the
    // assumption is never stored, so it does not break it. S is taken from the values that do
    // not read the variable; if they disagree, or the assumption fails, the shape is unknown.
    private int[]? VariableShape(ISymbol variable)
    {
        if (_variables.TryGetValue(variable, out var known)) return known;
        if (_hypotheses.TryGetValue(variable, out var assumed)) return assumed;
        if (_inProgress.Contains(variable))
        {
            _selfReads.Add(variable);
            return null;
        }

        if (!Trackable(variable, out var declared) || _writes.ValuesOf(variable) is not { } values ||
            (declared is null && values.Count == 0))
        {
            Remember(_variables, variable, null);
            return null;
        }

        _inProgress.Add(variable);
        _trying++;
        int mark = _undo.Count;
        int[]? hypothesis = declared;
        bool conflict = false, unknown = false;
        foreach (var value in values)
        {
            if (ShapeOf(value) is not { } shape)
            {
                unknown |= !Fails(value);
                continue;
            }
            if (hypothesis is null) hypothesis = shape;
            else if (!ShapeRules.SameShape(hypothesis, shape)) conflict = true;
        }

        int[]? result = null;
        if (!_selfReads.Remove(variable))
        {
            // No value reads the variable: what was found is final.
            if (!conflict && !unknown) result = hypothesis;
        }
        else
        {
            // What was found with the variable unknown is recomputed under the hypothesis. A
            // hypothesis tried inside another one may be retried each time the outer one is, so
            // those are rationed (out of fuel is unknown); an outermost one is tried once.
            Rollback(mark);
            if (!conflict && hypothesis is not null && (_trying == 1 || _fuel-- > 0))
            {
                _hypotheses[variable] = hypothesis;
                bool holds = true;
                foreach (var value in values)
                {
                    if (!Holds(value, hypothesis)) { holds = false; break; }
                }
                _hypotheses.Remove(variable);
                if (holds) result = hypothesis;
                else Rollback(mark);
            }
        }
        _inProgress.Remove(variable);
        if (--_trying == 0) _undo.Clear();
        Remember(_variables, variable, result);
        return result;
    }

    // The shape of the value a read of a variable written only in straight-line code sees; a
    // [Shape] parameter read before any write holds its declared shape.
    private int[]? ReachingShape(IOperation reference, ISymbol variable)
    {
        if (!Trackable(variable, out var declared)) return null;
        if (!_writes.TryReach(reference, variable, out var value)) return null;
        return value is not null ? ShapeOf(value) : declared;
    }

    // A value computed by an op that fails is never stored.
    private bool Fails(IOperation value) =>
        TensorApi.Read(TensorApi.SkipConversions(value)) is { } call && Evaluate(call) is { IsOk: false };

    private bool Holds(IOperation value, int[] shape) =>
        ShapeOf(value) is { } s ? ShapeRules.SameShape(s, shape) : Fails(value);

    // Locals and by-value parameters of a shaped type; a parameter contributes its [Shape] (the
    // caller's argument) and is not tracked without one. Ref locals and ref/out parameters are aliases.
    private static bool Trackable(ISymbol variable, out int[]? declared)
    {
        declared = null;
        switch (variable)
        {
            case IParameterSymbol parameter:
                if (parameter.RefKind is RefKind.Ref or RefKind.Out || !IsShaped(parameter.Type) || IsPrimaryConstructorParameter(parameter)) return false;
                declared = Declared(parameter.GetAttributes());
                return declared is not null;
            case ILocalSymbol local:
                return !local.IsRef && IsShaped(local.Type);
        }
        return false;
    }

    // A primary constructor's parameter is captured state: any member may have changed it.
    private static bool IsPrimaryConstructorParameter(IParameterSymbol parameter) =>
        parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor &&
        constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax);

    private void Remember<TKey, TValue>(Dictionary<TKey, TValue> cache, TKey key, TValue value) where TKey : notnull
    {
        cache[key] = value;
        if (_trying > 0) _undo.Add(() => cache.Remove(key));
    }

    private void Rollback(int mark)
    {
        for (int i = _undo.Count - 1; i >= mark; i--) _undo[i]();
        _undo.RemoveRange(mark, _undo.Count - mark);
    }

    // A local array given to Torch.Tensor: known when every array ever stored in it has the same shape.
    private int[]? LocalDataShape(IOperation data)
    {
        if (TensorApi.SkipConversions(data) is not ILocalReferenceOperation { Local: { IsRef: false, Type: IArrayTypeSymbol array } local })
            return null;
        if (array.ElementType is IArrayTypeSymbol && _writes.RowsMayChange(local)) return null;
        var values = _writes.ValuesOf(local);
        if (values is null || values.Count == 0) return null;
        int[]? shape = null;
        foreach (var value in values)
        {
            shape = Agree(shape, TensorApi.DataShape(value), allowFirst: true);
            if (shape is null) return null;
        }
        return shape;
    }

    /// <summary>
    /// The shape a <c>[Shape]</c> among <paramref name="attributes"/> declares, or null; an invalid
    /// one (a negative size: the generator's TD0104 for kernels) declares nothing.
    /// </summary>
    public static int[]? Declared(ImmutableArray<AttributeData> attributes)
    {
        var sizes = TensorApi.ShapeOf(attributes);
        if (sizes is null) return null;
        foreach (var s in sizes)
            if (s < 0) return null;
        return sizes;
    }

    private static int[]? Agree(int[]? a, int[]? b, bool allowFirst = false)
    {
        if (allowFirst && a is null) return b;
        return a is not null && b is not null && ShapeRules.SameShape(a, b) ? a : null;
    }

    // Values that carry a tensor shape: Tensor, and MaxResult (the shape of its Values and Indices).
    private static bool IsShaped(ITypeSymbol? type) => TensorApi.IsTensor(type) || IsMaxResult(type);

    private static bool IsMaxResult(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "MaxResult", ContainingNamespace: { Name: "TensorDsl", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsNumber(ITypeSymbol? type) => type?.SpecialType is
        SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Int64 or SpecialType.System_Int32;
}
