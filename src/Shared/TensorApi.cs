// Recognizes calls of TensorDsl's API in Roslyn's IOperation tree. Linked as source into the
// generator and the analyzers, so both read user code the same way.
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Ops;

namespace TensorDsl.Shared;

/// <summary>One recognized call: the op, its tensor operands and its other arguments by parameter name.</summary>
internal sealed class TensorCall
{
    public TensorCall(OpKind kind, IOperation operation, ImmutableArray<IOperation> operands, IReadOnlyDictionary<string, IOperation> arguments)
    {
        Kind = kind;
        Operation = operation;
        Operands = operands;
        Arguments = arguments;
    }

    public OpKind Kind { get; }

    /// <summary>The invocation, binary or unary operation.</summary>
    public IOperation Operation { get; }

    /// <summary>
    /// The operands in order: the receiver of an instance method, both sides of an operator (a
    /// side may be a number), the list elements of <c>Cat</c>/<c>Stack</c>, the tensor of a <c>*Like</c>.
    /// </summary>
    public ImmutableArray<IOperation> Operands { get; }

    /// <summary>The other arguments that were written, by parameter name (defaults are absent).</summary>
    public IReadOnlyDictionary<string, IOperation> Arguments { get; }

    /// <summary>The written argument for <paramref name="parameter"/>, or null when it takes its default.</summary>
    public IOperation? Argument(string parameter) => Arguments.TryGetValue(parameter, out var a) ? a : null;
}

/// <summary>Reads TensorDsl calls out of IOperations.</summary>
internal static class TensorApi
{
    public const string TensorTypeName = "TensorDsl.Tensor";
    public const string TorchTypeName = "TensorDsl.Torch";
    public const string FunctionalTypeName = "TensorDsl.NN.Functional";
    public const string KernelAttributeName = "TensorDsl.KernelAttribute";
    public const string ShapeAttributeName = "TensorDsl.ShapeAttribute";
    public const string NoGradAttributeName = "TensorDsl.NoGradAttribute";

    // Method names and operators to rows, from the op table.
    private static readonly Dictionary<string, List<OpRow>> s_tensorMethods = Methods(r => !r.OnTorch && !r.OnFunctional);
    private static readonly Dictionary<string, List<OpRow>> s_torchMethods = Methods(r => r.OnTorch);
    private static readonly Dictionary<string, List<OpRow>> s_functionalMethods = Methods(r => r.OnFunctional);
    private static readonly Dictionary<string, OpRow> s_binaryOperators = BinaryOperators();

    private static Dictionary<string, OpRow> BinaryOperators()
    {
        var operators = new Dictionary<string, OpRow>();
        foreach (var row in OpTable.Rows)
            if (row.Operator is { } token && row.Shape == ShapeRule.Broadcast) operators[token] = row;
        return operators;
    }

    private static Dictionary<string, List<OpRow>> Methods(System.Func<OpRow, bool> owner)
    {
        var methods = new Dictionary<string, List<OpRow>>();
        foreach (var row in OpTable.Rows)
        {
            if (row.Method is null || !owner(row)) continue;
            if (!methods.TryGetValue(row.Method, out var rows)) methods[row.Method] = rows = new List<OpRow>();
            rows.Add(row);
        }
        return methods;
    }

    /// <summary>Whether <paramref name="type"/> is <c>TensorDsl.Tensor</c>.</summary>
    public static bool IsTensor(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Tensor", ContainingNamespace: { Name: "TensorDsl", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsTorch(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Torch", ContainingNamespace: { Name: "TensorDsl", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsFunctional(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Functional", ContainingNamespace: { Name: "NN", ContainingNamespace: { Name: "TensorDsl", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary>
    /// The TensorDsl op <paramref name="operation"/> is: a tensor operator, a compound assignment
    /// with one (<c>x += y</c>), or a call of a tensor method or a <c>Torch</c> op; null for anything else.
    /// </summary>
    public static TensorCall? Read(IOperation operation)
    {
        switch (operation)
        {
            case IBinaryOperation { OperatorMethod: { } method } binary when IsTensor(method.ContainingType):
                return BinaryOperator(binary.OperatorKind) is { } row
                    ? new TensorCall(row.Kind, binary, ImmutableArray.Create(binary.LeftOperand, binary.RightOperand), Empty)
                    : null;

            case ICompoundAssignmentOperation { OperatorMethod: { } method } compound when IsTensor(method.ContainingType):
                return BinaryOperator(compound.OperatorKind) is { } compoundRow
                    ? new TensorCall(compoundRow.Kind, compound, ImmutableArray.Create(compound.Target, compound.Value), Empty)
                    : null;

            case IUnaryOperation { OperatorMethod: { } method, OperatorKind: UnaryOperatorKind.Minus } unary when IsTensor(method.ContainingType):
                return new TensorCall(OpKind.Neg, unary, ImmutableArray.Create(unary.Operand), Empty);

            case IInvocationOperation invocation:
                return ReadInvocation(invocation);
        }
        return null;
    }

    // The element-wise row of a binary operator (+ - * /).
    private static OpRow? BinaryOperator(BinaryOperatorKind kind)
    {
        string? token = kind switch
        {
            BinaryOperatorKind.Add => "+",
            BinaryOperatorKind.Subtract => "-",
            BinaryOperatorKind.Multiply => "*",
            BinaryOperatorKind.Divide => "/",
            _ => null,
        };
        return token is not null && s_binaryOperators.TryGetValue(token, out var row) ? row : null;
    }

    private static TensorCall? ReadInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        List<OpRow>? rows;
        var operands = ImmutableArray.CreateBuilder<IOperation>();
        if (IsTensor(method.ContainingType) && !method.IsStatic && s_tensorMethods.TryGetValue(method.Name, out rows))
        {
            if (invocation.Instance is null) return null;
            operands.Add(invocation.Instance);
        }
        else if (!(IsTorch(method.ContainingType) && s_torchMethods.TryGetValue(method.Name, out rows))
            && !(IsFunctional(method.ContainingType) && s_functionalMethods.TryGetValue(method.Name, out rows)))
        {
            return null;
        }

        // Tensors passed are operands (MatMul's other, a *Like's tensor, the elements of Cat's list); the rest are arguments.
        var arguments = new Dictionary<string, IOperation>();
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue) continue;
            if (IsTensor(parameter.Type))
            {
                operands.Add(argument.Value);
            }
            else if (IsTensorList(parameter.Type))
            {
                var elements = ListElements(argument.Value);
                if (elements.IsDefault) return null;
                operands.AddRange(elements);
            }
            else
            {
                arguments[parameter.Name] = argument.Value;
            }
        }

        // Overloads with derivatives of their own (Sum(), Sum(dim)) are told apart by an argument.
        OpRow? chosen = null;
        foreach (var row in rows)
        {
            if (row.WhenArgument is null ? chosen is null : HasParameter(method, row.WhenArgument))
                chosen = row;
        }
        return chosen is null ? null : new TensorCall(chosen.Kind, invocation, operands.ToImmutable(), arguments);
    }

    // The overload that declares the argument selects the row, whether or not the argument is written.
    private static bool HasParameter(IMethodSymbol method, string name)
    {
        foreach (var p in method.Parameters)
            if (p.Name == name) return true;
        return false;
    }

    // IReadOnlyList<Tensor>, Tensor[] and the like: a list of operands.
    private static bool IsTensorList(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => IsTensor(array.ElementType),
        INamedTypeSymbol { TypeArguments.Length: 1 } named => IsTensor(named.TypeArguments[0]),
        _ => false,
    };

    /// <summary>
    /// The elements of a tensor list written in place: a collection expression <c>[a, b]</c> or an
    /// array creation <c>new[] { a, b }</c>; default when the list is built elsewhere or spread.
    /// </summary>
    public static ImmutableArray<IOperation> ListElements(IOperation list)
    {
        list = SkipConversions(list);
        switch (list)
        {
            case ICollectionExpressionOperation collection:
                foreach (var e in collection.Elements)
                    if (e is ISpreadOperation) return default;
                return ImmutableArray.CreateRange(collection.Elements, SkipConversions);
            case IArrayCreationOperation { Initializer: { } initializer }:
                return ImmutableArray.CreateRange(initializer.ElementValues, SkipConversions);
        }
        return default;
    }

    /// <summary>
    /// The int values of a <c>params int[]</c> or <c>int[]</c> argument written with constants
    /// (<c>View(2, -1)</c>, <c>View([2, -1])</c>, <c>View(new[] { 2, -1 })</c>); null otherwise.
    /// </summary>
    public static int[]? ConstantInts(IOperation? value)
    {
        if (value is null) return null;
        value = SkipConversions(value);
        IEnumerable<IOperation>? elements = value switch
        {
            IArrayCreationOperation { Initializer: { } init } => init.ElementValues,
            ICollectionExpressionOperation collection => collection.Elements,
            _ => null,
        };
        if (elements is null)
        {
            return ConstantInt(value) is int single ? new[] { single } : null;
        }
        var result = new List<int>();
        foreach (var e in elements)
        {
            if (ConstantInt(e) is not int v) return null;
            result.Add(v);
        }
        return result.ToArray();
    }

    /// <summary>
    /// A constant bound of a range <c>a..b</c>: its value and whether it counts from the end
    /// (<c>^n</c>); a missing bound is <paramref name="missing"/> from the start, or the end when null.
    /// </summary>
    public static (int Value, bool FromEnd)? RangeBound(IOperation? bound, int? missing)
    {
        if (bound is null) return missing is int m ? (m, false) : (0, true);
        bound = SkipConversions(bound);
        if (bound is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } hat)
            return ConstantInt(hat.Operand) is int e ? (e, true) : ((int, bool)?)null;
        return ConstantInt(bound) is int v ? (v, false) : ((int, bool)?)null;
    }

    /// <summary>The constant int value of an expression, or null.</summary>
    public static int? ConstantInt(IOperation? value)
    {
        if (value is null) return null;
        var c = value.ConstantValue;
        if (!c.HasValue) c = SkipConversions(value).ConstantValue;
        return c.HasValue && c.Value is int i ? i : (int?)null;
    }

    /// <summary>The constant bool value of an expression, or null.</summary>
    public static bool? ConstantBool(IOperation? value)
    {
        if (value is null) return null;
        var c = value.ConstantValue;
        return c.HasValue && c.Value is bool b ? b : (bool?)null;
    }

    /// <summary>The constant numeric value of an expression (any numeric type), or null.</summary>
    public static double? ConstantNumber(IOperation? value)
    {
        if (value is null) return null;
        var c = value.ConstantValue;
        if (!c.HasValue) c = SkipConversions(value).ConstantValue;
        if (!c.HasValue) return null;
        return c.Value switch
        {
            int i => i,
            long l => l,
            float f => f,
            double d => d,
            _ => (double?)null,
        };
    }

    /// <summary>The operation under implicit conversions.</summary>
    public static IOperation SkipConversions(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
        return operation;
    }

    /// <summary>
    /// The shape of data passed to <c>Torch.Tensor</c> when it is written in place: a number
    /// (<c>[]</c>), an array creation (<c>new float[,] { … }</c>, <c>new[] { … }</c>) or a collection
    /// expression, nested for jagged arrays (<c>[[1f, 2f], [3f, 4f]]</c>). Null when the data is
    /// built elsewhere, spread, ragged (a runtime error), or an empty outer level of a jagged array.
    /// </summary>
    public static int[]? DataShape(IOperation? data)
    {
        if (data is null) return null;
        var type = data.Type;
        data = SkipConversions(data);
        type = data.Type ?? type;
        if (type is not IArrayTypeSymbol array) return IsScalarData(type) ? new int[0] : null;
        switch (data)
        {
            case IArrayCreationOperation creation:
                if (array.Rank > 1)
                {
                    // Rectangular: the sizes are the dimension sizes (the compiler fills them in from an initializer).
                    if (array.ElementType is IArrayTypeSymbol || creation.DimensionSizes.Length != array.Rank) return null;
                    var sizes = new int[array.Rank];
                    for (int i = 0; i < sizes.Length; i++)
                    {
                        if (ConstantInt(creation.DimensionSizes[i]) is not int size) return null;
                        sizes[i] = size;
                    }
                    return sizes;
                }
                if (creation.DimensionSizes.Length != 1 || ConstantInt(creation.DimensionSizes[0]) is not int n) return null;
                if (array.ElementType is not IArrayTypeSymbol) return new[] { n };
                return creation.Initializer is null ? null : Nested(n, creation.Initializer.ElementValues);

            case ICollectionExpressionOperation collection:
                foreach (var e in collection.Elements)
                    if (e is ISpreadOperation) return null;
                if (array.ElementType is not IArrayTypeSymbol) return new[] { collection.Elements.Length };
                return Nested(collection.Elements.Length, collection.Elements);
        }
        return null;
    }

    // A jagged level: every row must have the same known shape.
    private static int[]? Nested(int count, ImmutableArray<IOperation> rows)
    {
        if (count == 0 || rows.Length != count) return null;
        int[]? inner = null;
        foreach (var row in rows)
        {
            var shape = DataShape(row);
            if (shape is null) return null;
            if (inner is null) inner = shape;
            else if (!Shapes.ShapeRules.SameShape(inner, shape)) return null;
        }
        var result = new int[inner!.Length + 1];
        result[0] = count;
        inner.CopyTo(result, 1);
        return result;
    }

    private static bool IsScalarData(ITypeSymbol? type) => type?.SpecialType is
        SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Int64 or
        SpecialType.System_Int32 or SpecialType.System_Boolean;

    /// <summary>The sizes of a <c>[Shape(...)]</c> attribute among <paramref name="attributes"/>, or null.</summary>
    public static int[]? ShapeOf(ImmutableArray<AttributeData> attributes)
    {
        foreach (var a in attributes)
        {
            if (a.AttributeClass?.ToDisplayString() != ShapeAttributeName) continue;
            if (a.ConstructorArguments.Length != 1) return null;
            var arg = a.ConstructorArguments[0];
            if (arg.Kind != TypedConstantKind.Array || arg.IsNull) return null;
            var sizes = new int[arg.Values.Length];
            for (int i = 0; i < sizes.Length; i++)
            {
                if (arg.Values[i].Value is not int v) return null;
                sizes[i] = v;
            }
            return sizes;
        }
        return null;
    }

    /// <summary>The <c>DType</c> named on a <c>[Shape]</c> (its enum name, <c>Int64</c>), or null when it is left as float32.</summary>
    public static string? ShapeDType(ImmutableArray<AttributeData> attributes)
    {
        foreach (var a in attributes)
        {
            if (a.AttributeClass?.ToDisplayString() != ShapeAttributeName) continue;
            foreach (var named in a.NamedArguments)
            {
                if (named.Key != "DType" || named.Value.Value is not int value || named.Value.Type is not INamedTypeSymbol type) continue;
                foreach (var member in type.GetMembers())
                    if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: int v } field && v == value)
                        return field.Name == "Float32" ? null : field.Name;
                return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    private static readonly IReadOnlyDictionary<string, IOperation> Empty = new Dictionary<string, IOperation>();
}
