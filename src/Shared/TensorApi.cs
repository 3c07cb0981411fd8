// Recognizes calls of TensorDsl's API in Roslyn's IOperation tree. Linked as source into the
// generator and the analyzers, so both read user code the same way.
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TensorDsl.Shared;

/// <summary>The tensor ops of DESIGN §1 that have a shape rule.</summary>
internal enum OpKind
{
    // Element-wise binary (operators).
    Add, Sub, Mul, Div,
    // Element-wise unary.
    Neg, Exp, Log, Sqrt, Tanh, Sigmoid, Relu, Abs, Pow,
    // Reductions and normalizations.
    Sum, Mean, Max, Softmax, LogSoftmax,
    // Linear algebra.
    MatMul,
    // Views and shape changes.
    T, Transpose, Permute, View, Reshape, Contiguous, Flatten, Squeeze, Unsqueeze, Clone, Detach,
    // Joining.
    Cat, Stack,
    // Factories.
    Zeros, Ones, Full, Randn, Rand, Randint, Arange, ZerosLike, OnesLike, RandnLike, RandLike, FromData,
}

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
    public const string KernelAttributeName = "TensorDsl.KernelAttribute";
    public const string ShapeAttributeName = "TensorDsl.ShapeAttribute";
    public const string NoGradAttributeName = "TensorDsl.NoGradAttribute";

    private static readonly Dictionary<string, OpKind> s_tensorMethods = new Dictionary<string, OpKind>
    {
        ["Neg"] = OpKind.Neg, ["Exp"] = OpKind.Exp, ["Log"] = OpKind.Log, ["Sqrt"] = OpKind.Sqrt,
        ["Tanh"] = OpKind.Tanh, ["Sigmoid"] = OpKind.Sigmoid, ["Relu"] = OpKind.Relu, ["Abs"] = OpKind.Abs,
        ["Pow"] = OpKind.Pow, ["Sum"] = OpKind.Sum, ["Mean"] = OpKind.Mean, ["Max"] = OpKind.Max,
        ["Softmax"] = OpKind.Softmax, ["LogSoftmax"] = OpKind.LogSoftmax, ["MatMul"] = OpKind.MatMul,
        ["T"] = OpKind.T, ["Transpose"] = OpKind.Transpose, ["Permute"] = OpKind.Permute,
        ["View"] = OpKind.View, ["Reshape"] = OpKind.Reshape, ["Contiguous"] = OpKind.Contiguous,
        ["Flatten"] = OpKind.Flatten, ["Squeeze"] = OpKind.Squeeze, ["Unsqueeze"] = OpKind.Unsqueeze,
        ["Clone"] = OpKind.Clone, ["Detach"] = OpKind.Detach,
    };

    private static readonly Dictionary<string, OpKind> s_torchMethods = new Dictionary<string, OpKind>
    {
        ["Cat"] = OpKind.Cat, ["Stack"] = OpKind.Stack, ["Zeros"] = OpKind.Zeros, ["Ones"] = OpKind.Ones,
        ["Full"] = OpKind.Full, ["Randn"] = OpKind.Randn, ["Rand"] = OpKind.Rand, ["Randint"] = OpKind.Randint,
        ["Arange"] = OpKind.Arange, ["ZerosLike"] = OpKind.ZerosLike, ["OnesLike"] = OpKind.OnesLike,
        ["RandnLike"] = OpKind.RandnLike, ["RandLike"] = OpKind.RandLike, ["Tensor"] = OpKind.FromData,
    };

    /// <summary>Whether <paramref name="type"/> is <c>TensorDsl.Tensor</c>.</summary>
    public static bool IsTensor(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Tensor", ContainingNamespace: { Name: "TensorDsl", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsTorch(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Torch", ContainingNamespace: { Name: "TensorDsl", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>The TensorDsl op <paramref name="operation"/> is, or null for anything else.</summary>
    public static TensorCall? Read(IOperation operation)
    {
        switch (operation)
        {
            case IBinaryOperation { OperatorMethod: { } method } binary when IsTensor(method.ContainingType):
                OpKind? kind = binary.OperatorKind switch
                {
                    BinaryOperatorKind.Add => OpKind.Add,
                    BinaryOperatorKind.Subtract => OpKind.Sub,
                    BinaryOperatorKind.Multiply => OpKind.Mul,
                    BinaryOperatorKind.Divide => OpKind.Div,
                    _ => null,
                };
                return kind is null ? null : new TensorCall(kind.Value, binary,
                    ImmutableArray.Create(binary.LeftOperand, binary.RightOperand), Empty);

            case IUnaryOperation { OperatorMethod: { } method, OperatorKind: UnaryOperatorKind.Minus } unary when IsTensor(method.ContainingType):
                return new TensorCall(OpKind.Neg, unary, ImmutableArray.Create(unary.Operand), Empty);

            case IInvocationOperation invocation:
                return ReadInvocation(invocation);
        }
        return null;
    }

    private static TensorCall? ReadInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var operands = ImmutableArray.CreateBuilder<IOperation>();
        var arguments = new Dictionary<string, IOperation>();
        OpKind kind;
        if (IsTensor(method.ContainingType) && !method.IsStatic && s_tensorMethods.TryGetValue(method.Name, out kind))
        {
            if (invocation.Instance is null) return null;
            operands.Add(invocation.Instance);
        }
        else if (IsTorch(method.ContainingType) && s_torchMethods.TryGetValue(method.Name, out kind))
        {
            // The list of Cat/Stack and the tensor of a *Like factory are operands, not arguments.
        }
        else
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is null || argument.ArgumentKind == ArgumentKind.DefaultValue) continue;
            var value = argument.Value;
            bool isOperand = (kind is OpKind.Cat or OpKind.Stack && argument.Parameter.Name == "tensors")
                || (kind is OpKind.ZerosLike or OpKind.OnesLike or OpKind.RandnLike or OpKind.RandLike && argument.Parameter.Name == "t")
                || (kind == OpKind.MatMul && argument.Parameter.Name == "other");
            if (!isOperand)
            {
                arguments[argument.Parameter.Name] = value;
                continue;
            }
            if (kind is OpKind.Cat or OpKind.Stack)
            {
                var elements = ListElements(value);
                if (elements.IsDefault) return null;
                operands.AddRange(elements);
            }
            else
            {
                operands.Add(value);
            }
        }
        return new TensorCall(kind, invocation, operands.ToImmutable(), arguments);
    }

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

    private static readonly IReadOnlyDictionary<string, IOperation> Empty = new Dictionary<string, IOperation>();
}
