// Lowers a kernel body's statements and expressions to the op graph (SSA: a reassigned local is a
// new node under the same name), with shapes from the shared shape rules. One override per
// construct kind: every unsupported construct adds a diagnostic and the walk goes on.
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Generators.Model;
using TensorDsl.Ops;
using TensorDsl.Shapes;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Generators.Parsing;

/// <summary>Lowers statements and expressions to graph nodes; one override per construct kind.</summary>
internal sealed class GraphBuilder : OperationVisitor<object?, int>
{
    private readonly List<ParameterModel> _parameters;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly Dictionary<ILocalSymbol, int> _locals = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
    private readonly Dictionary<int, int> _parameterNodes = new Dictionary<int, int>();
    private int _result = -1;

    public GraphBuilder(List<ParameterModel> parameters, List<DiagnosticInfo> diagnostics)
    {
        _parameters = parameters;
        _diagnostics = diagnostics;
    }

    public List<Node> Nodes { get; } = new List<Node>();

    /// <summary>The elements of all the values so far (a double: it need only compare with <see cref="KernelParser.MaxElements"/>).</summary>
    public double Elements { get; private set; }

    /// <summary>A shape rule failed inside the body: the analyzers report it; no code is generated.</summary>
    public bool HasShapeError { get; private set; }

    public int ParseBody(IBlockOperation block)
    {
        Visit(block, null);
        return _result;
    }

    // ---- statements ------------------------------------------------------------------------

    public override int VisitBlock(IBlockOperation operation, object? argument)
    {
        foreach (var statement in operation.Operations) Visit(statement, null);
        return -1;
    }

    public override int VisitVariableDeclarationGroup(IVariableDeclarationGroupOperation operation, object? argument)
    {
        foreach (var declaration in operation.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                var initializer = declarator.Initializer ?? declaration.Initializer;
                if (initializer is null)
                {
                    Unsupported(DiagnosticIds.KernelUnsupportedStatement, declarator, "A local without an initializer");
                    continue;
                }
                int node = Visit(initializer.Value, null);
                if (node >= 0) _locals[declarator.Symbol] = Name(node, declarator.Symbol.Name);
            }
        }
        return -1;
    }

    public override int VisitExpressionStatement(IExpressionStatementOperation operation, object? argument)
    {
        // A local or parameter reassigned (x = x * 2, x += b) is a new SSA value under the same name.
        switch (operation.Operation)
        {
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } assignment:
                Assign(assignment.Target, Visit(assignment.Value, null));
                return -1;
            case ICompoundAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } compound
                when TensorApi.Read(compound) is { } call:
                Assign(compound.Target, Call(call, compound));
                return -1;
        }
        return Unsupported(DiagnosticIds.KernelUnsupportedStatement, operation, "This statement");
    }

    private void Assign(IOperation target, int node)
    {
        if (node < 0) return;
        if (target is ILocalReferenceOperation local)
            _locals[local.Local] = Name(node, local.Local.Name);
        else if (target is IParameterReferenceOperation parameter)
            _parameterNodes[parameter.Parameter.Ordinal] = Name(node, parameter.Parameter.Name);
    }

    public override int VisitReturn(IReturnOperation operation, object? argument)
    {
        if (_result >= 0)
            return Unsupported(DiagnosticIds.KernelUnsupportedStatement, operation, "A second return");
        if (operation.ReturnedValue is null) return -1;
        _result = Visit(operation.ReturnedValue, null);
        if (IsIndices(_result))
            _result = Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation.ReturnedValue, IndicesOnly(_result));
        return -1;
    }

    public override int VisitForLoop(IForLoopOperation operation, object? argument) =>
        Unsupported(DiagnosticIds.KernelUnsupportedStatement, operation, "A for loop");

    public override int VisitForEachLoop(IForEachLoopOperation operation, object? argument) =>
        Unsupported(DiagnosticIds.KernelUnsupportedStatement, operation, "A foreach loop");

    public override int VisitWhileLoop(IWhileLoopOperation operation, object? argument) =>
        Unsupported(DiagnosticIds.KernelUnsupportedStatement, operation, "A while loop");

    public override int VisitConditional(IConditionalOperation operation, object? argument) =>
        operation.IsRef || operation.Type is null
            ? Unsupported(DiagnosticIds.KernelUnsupportedStatement, operation, "A branch")
            : Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, "A conditional expression");

    public override int VisitSwitch(ISwitchOperation operation, object? argument) =>
        Unsupported(DiagnosticIds.KernelUnsupportedStatement, operation, "A switch");

    public override int VisitTry(ITryOperation operation, object? argument) =>
        Unsupported(DiagnosticIds.KernelUnsupportedStatement, operation, "A try statement");

    public override int VisitUsing(IUsingOperation operation, object? argument) =>
        Unsupported(DiagnosticIds.KernelUnsupportedStatement, operation, "A using statement");

    public override int VisitThrow(IThrowOperation operation, object? argument) =>
        Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, "A throw");

    // ---- expressions -----------------------------------------------------------------------

    public override int VisitParameterReference(IParameterReferenceOperation operation, object? argument)
    {
        int index = operation.Parameter.Ordinal;
        if (_parameterNodes.TryGetValue(index, out var existing)) return existing;
        var p = _parameters[index];
        int node = Add(p.IsTensor ? OpKind.Input : OpKind.Scalar, new int[0], p.Shape.AsImmutableArray().ToArray(), new int[0], 0, index, p.Name, p.Name);
        _parameterNodes[index] = node;
        return node;
    }

    public override int VisitLocalReference(ILocalReferenceOperation operation, object? argument) =>
        _locals.TryGetValue(operation.Local, out var node) ? node : -1;

    public override int VisitLiteral(ILiteralOperation operation, object? argument) => ConstantOrUnsupported(operation);

    public override int VisitFieldReference(IFieldReferenceOperation operation, object? argument) => ConstantOrUnsupported(operation);

    public override int VisitConversion(IConversionOperation operation, object? argument)
    {
        if (operation.ConstantValue.HasValue) return ConstantOrUnsupported(operation);
        // Implicit numeric conversions of scalar parameters (float → double for an operator) change nothing here.
        if (operation.IsImplicit || operation.Operand.Type?.SpecialType is SpecialType.System_Single or SpecialType.System_Double)
            return Visit(operation.Operand, null);
        return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, "This conversion");
    }

    public override int VisitParenthesized(IParenthesizedOperation operation, object? argument) => Visit(operation.Operand, null);

    public override int VisitPropertyReference(IPropertyReferenceOperation operation, object? argument)
    {
        // t.Max(dim).Values is the maxima along dim.
        if (operation.Property.Name == "Values" && operation.Instance is IInvocationOperation inner
            && TensorApi.Read(inner) is { Kind: OpKind.MaxDim } max)
        {
            return Call(max, operation);
        }
        if (operation.Property.IsIndexer && TensorApi.IsTensor(operation.Property.ContainingType) && operation.Instance is { } instance)
            return Indexer(operation, instance);
        return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, $"'{operation.Syntax}'");
    }

    // t[i], t[^i], t[a..b], t[i, j] with constant indices: views, as Select/Slice along dim 0.
    private int Indexer(IPropertyReferenceOperation operation, IOperation instance)
    {
        int node = Visit(instance, null);
        var argument = operation.Arguments.Length == 1 ? operation.Arguments[0] : null;
        var value = argument is null ? null : TensorApi.SkipConversions(argument.Value);
        string source = operation.Syntax.ToString();

        if (value is IRangeOperation range)
        {
            if (TensorApi.RangeBound(range.LeftOperand, 0) is not { } start || TensorApi.RangeBound(range.RightOperand, null) is not { } stop)
                return Unsupported(DiagnosticIds.KernelUnsupportedExpression, argument!, $"The non-constant range '{argument!.Syntax}'");
            if (node < 0) return -1;
            var sliced = ShapeRules.Slice(Shape(node), 0, start.Value, start.FromEnd, stop.Value, stop.FromEnd, out int begin, out _);
            return sliced.IsOk ? Add(OpKind.Slice, new List<int> { node }, sliced.Shape!, source, ints: new[] { 0, begin }) : ShapeError();
        }

        // t[i], t[^i], t[i, j, …]: int indices select along the leading dims.
        bool fromEnd = value is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat };
        var indices = fromEnd ? TensorApi.ConstantInts(((IUnaryOperation)value!).Operand) : TensorApi.ConstantInts(value);
        if (indices is null)
            return Unsupported(DiagnosticIds.KernelUnsupportedExpression, (IOperation?)argument ?? operation, $"The non-constant index '{argument?.Syntax}'");
        if (node < 0) return -1;
        var shape = Shape(node);
        if (fromEnd) indices = new[] { ShapeRules.FromEnd(indices[0], shape.Length > 0 ? shape[0] : 0) };
        if (!ShapeRules.Index(shape, indices).IsOk) return ShapeError();
        foreach (var index in indices)
        {
            var selected = ShapeRules.Select(Shape(node), 0, index);
            node = Add(OpKind.Select, new List<int> { node }, selected.Shape!, source, ints: new[] { 0, index < 0 ? index + Shape(node)[0] : index });
        }
        return node;
    }

    private int[] Shape(int node) => Nodes[node].Shape.AsImmutableArray().ToArray();

    // Out-of-range indices are the analyzers' (or the runtime's) to report; no code is generated.
    private int ShapeError()
    {
        HasShapeError = true;
        return -1;
    }


    public override int VisitBinaryOperator(IBinaryOperation operation, object? argument)
    {
        if (TensorApi.Read(operation) is { } call) return Call(call, operation);
        if (operation.ConstantValue.HasValue) return ConstantOrUnsupported(operation);
        return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, "Arithmetic on numbers that are not constants");
    }

    public override int VisitUnaryOperator(IUnaryOperation operation, object? argument)
    {
        if (TensorApi.Read(operation) is { } call) return Call(call, operation);
        if (operation.ConstantValue.HasValue) return ConstantOrUnsupported(operation);
        return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, $"'{operation.Syntax}'");
    }

    public override int VisitInvocation(IInvocationOperation operation, object? argument)
    {
        if (TensorApi.Read(operation) is { } call) return Call(call, operation);
        // Visit the arguments too, so unsupported constructs inside are reported in the same pass.
        foreach (var a in operation.Arguments) Visit(a.Value, null);
        return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, $"The call '{operation.TargetMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}'");
    }

    // Roslyn's visitor answers default (0, a node id) for a missing operation and for one of kind
    // None, such as the method group in `=> x.MatMul` or `x.Exp).Log()` typed mid-edit: both are
    // "no node" here, and a None operation is an unsupported expression like any other.
    public override int Visit(IOperation? operation, object? argument) =>
        operation is null ? -1
        : operation.Kind == OperationKind.None ? DefaultVisit(operation, argument)
        : base.Visit(operation, argument);

    public override int DefaultVisit(IOperation operation, object? argument)
    {
        bool isStatement = operation.Syntax is StatementSyntax;
        return Unsupported(isStatement ? DiagnosticIds.KernelUnsupportedStatement : DiagnosticIds.KernelUnsupportedExpression,
            operation, isStatement ? "This statement" : $"'{operation.Syntax}'");
    }

    // ---- ops -------------------------------------------------------------------------------

    private int Call(TensorCall call, IOperation operation)
    {
        string source = operation.Syntax.ToString();
        var row = OpTable.Row(call.Kind);
        if (call.Kind is OpKind.NllLoss or OpKind.CrossEntropy) return ClassLoss(call, operation);
        if (row.Class == OpClass.Factory)
            return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, $"The factory 'Torch.{row.Method}'");
        if (!row.InKernels)
            return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, $"'{row.Method}' (eager only for now)");

        var inputs = new List<int>();
        bool failed = false;
        foreach (var operand in call.Operands)
        {
            int node = Visit(operand, null);
            if (node < 0) failed = true;
            inputs.Add(node);
        }
        // An int64 tensor is read only as the indices of an embedding (its first operand).
        for (int i = 0; i < inputs.Count; i++)
        {
            if (IsIndices(inputs[i]) && !(call.Kind == OpKind.Embedding && i == 0))
            {
                Unsupported(DiagnosticIds.KernelUnsupportedExpression, call.Operands[i], IndicesOnly(inputs[i]));
                failed = true;
            }
        }
        if (call.Operands.Length == 0 && row.Class == OpClass.Join)
            return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, "A tensor list not written in place ([a, b] or new[] { a, b })");

        // Constant arguments (dims, sizes, ranges, exponents) must be compile-time constants.
        foreach (var pair in call.Arguments)
        {
            bool ok = pair.Key switch
            {
                "shape" or "dims" => TensorApi.ConstantInts(pair.Value) is not null,
                "exponent" => TensorApi.ConstantNumber(pair.Value) is not null || ScalarParameter(pair.Value) is not null,
                "keepDim" => TensorApi.ConstantBool(pair.Value) is not null,
                "range" => OpShapes.SliceBounds(pair.Value) is not null,
                _ => TensorApi.ConstantInt(pair.Value) is not null,
            };
            if (!ok)
            {
                Unsupported(DiagnosticIds.KernelUnsupportedExpression, pair.Value, $"The non-constant argument '{pair.Key}'");
                failed = true;
            }
        }
        if (failed) return -1;

        var shapes = inputs.Select(i => Nodes[i].Shape.AsImmutableArray().ToArray()).ToArray();
        if (OpShapes.Infer(call, shapes) is not { IsOk: true } result)
        {
            // A shape error is the analyzers' to report (TD0001–TD0005); generate nothing.
            HasShapeError = true;
            return -1;
        }
        var shape = result.Shape!;
        // Broadcasting and products can outgrow what a kernel holds (past it, int arithmetic would
        // overflow); parameters too large on their own are reported on their [Shape] (TD0104).
        double elements = KernelParser.Elements(shape);
        if (Elements <= KernelParser.MaxElements && Elements + elements > KernelParser.MaxElements)
        {
            return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, string.Format(CultureInfo.InvariantCulture,
                "A tensor of {0:R} elements ('{1}'; a kernel's values hold at most {2} in all)", elements, source, KernelParser.MaxElements));
        }
        int rank = shapes.Length > 0 ? shapes[0].Length : 0;
        int Dim(string name, int fallback, int of)
        {
            int d = call.Argument(name) is { } a ? TensorApi.ConstantInt(a) ?? fallback : fallback;
            return d < 0 ? d + System.Math.Max(of, 1) : d;
        }
        int[] Identity() => Enumerable.Range(0, rank).ToArray();

        switch (row.Shape)
        {
            case ShapeRule.ReduceDim:
                // Along the one dim of a 0-dim tensor: the reduction of everything.
                if (rank == 0) return Add(AllSibling(row), inputs, shape, source);
                bool keep = call.Argument("keepDim") is { } k && TensorApi.ConstantBool(k) == true;
                return Add(call.Kind, inputs, shape, source, ints: new[] { Dim("dim", 0, rank), keep ? 1 : 0 });
            case ShapeRule.Along:
                return Add(call.Kind, inputs, shape, source, ints: new[] { rank == 0 ? 0 : Dim("dim", 0, rank) });
            case ShapeRule.T:
                return Add(call.Kind, inputs, shape, source, ints: rank == 2 ? new[] { 1, 0 } : Identity());
            case ShapeRule.Transpose:
            {
                var perm = Identity();
                if (rank > 0)
                {
                    int d0 = Dim("dim0", 0, rank), d1 = Dim("dim1", 0, rank);
                    (perm[d0], perm[d1]) = (perm[d1], perm[d0]);
                }
                return Add(call.Kind, inputs, shape, source, ints: perm);
            }
            case ShapeRule.Permute:
                ShapeRules.Permute(shapes[0], TensorApi.ConstantInts(call.Argument("dims"))!, out var order);
                return Add(call.Kind, inputs, shape, source, ints: order);
            case ShapeRule.Select:
            {
                int d = Dim("dim", 0, rank), index = TensorApi.ConstantInt(call.Argument("index")) ?? 0;
                return Add(call.Kind, inputs, shape, source, ints: new[] { d, index < 0 ? index + shapes[0][d] : index });
            }
            case ShapeRule.Slice:
            {
                var (start, stop) = OpShapes.SliceBounds(call.Argument("range"))!.Value;
                int d = Dim("dim", 0, rank);
                ShapeRules.Slice(shapes[0], d, start.Value, start.FromEnd, stop.Value, stop.FromEnd, out int begin, out _);
                return Add(call.Kind, inputs, shape, source, ints: new[] { d, begin });
            }
            case ShapeRule.Cat:
                return Add(call.Kind, inputs, shape, source, ints: new[] { Dim("dim", 0, rank) });
            case ShapeRule.Stack:
                return Add(call.Kind, inputs, shape, source, ints: new[] { Dim("dim", 0, rank + 1) });
        }
        // The table first: the lowering reads a layout node's data as its input 0.
        if (call.Kind == OpKind.Embedding)
        {
            if (!IsIndices(inputs[0]))
                return Unsupported(DiagnosticIds.KernelUnsupportedExpression, call.Operands[0], "Embedding indices that are not an int64 [Shape] parameter");
            return Add(call.Kind, new List<int> { inputs[1], inputs[0] }, shape, source);
        }
        if (call.Kind == OpKind.Pow)
        {
            // The exponent is the node's second input: a constant, or a float/double parameter.
            var exponent = call.Argument("exponent");
            inputs.Add(TensorApi.ConstantNumber(exponent) is double constant
                ? Add(OpKind.Constant, new List<int>(), new int[0], exponent!.Syntax.ToString(), value: constant)
                : Visit(ScalarParameter(exponent)!, null));
        }
        return Add(call.Kind, inputs, shape, source);
    }

    // F.NllLoss(x, target) and F.CrossEntropy(x, target): -mean(pick(x, target)) (or its sum, or
    // each), cross-entropy over log_softmax(x) along the classes; x is [N, C] with target [N], or [C]
    // with a 0-dim target; the target is an int64 [Shape] parameter.
    private int ClassLoss(TensorCall call, IOperation operation)
    {
        string source = operation.Syntax.ToString();
        if (call.Operands.Length != 2) return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, $"'{source}'");
        int x = Visit(call.Operands[0], null), target = Visit(call.Operands[1], null);
        if (x < 0 || target < 0) return -1;
        if (IsIndices(x)) return Unsupported(DiagnosticIds.KernelUnsupportedExpression, call.Operands[0], IndicesOnly(x));
        if (!IsIndices(target))
            return Unsupported(DiagnosticIds.KernelUnsupportedExpression, call.Operands[1], "A target that is not an int64 [Shape] parameter");
        if (call.Argument("ignoreIndex") is { } ignore)
            return Unsupported(DiagnosticIds.KernelUnsupportedExpression, ignore, "The argument 'ignoreIndex'");
        string? reduction = call.Argument("reduction") is { } r ? r.ConstantValue.Value as string : "mean";
        if (reduction is not ("mean" or "sum" or "none"))
            return Unsupported(DiagnosticIds.KernelUnsupportedExpression, call.Argument("reduction")!, "A reduction other than the constants \"mean\", \"sum\" and \"none\"");
        var xShape = Nodes[x].Shape.AsImmutableArray().ToArray();
        var tShape = Nodes[target].Shape.AsImmutableArray().ToArray();
        bool fits = xShape.Length == 2 ? tShape.Length == 1 && tShape[0] == xShape[0] : xShape.Length == 1 && tShape.Length == 0;
        if (!fits)
        {
            return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation,
                $"A class loss of input {ShapeRules.Format(xShape)} and target {ShapeRules.Format(tShape)} (a kernel takes [N, C] with [N], or [C] with [])");
        }
        if (call.Kind == OpKind.CrossEntropy)
            x = Add(OpKind.LogSoftmax, new List<int> { x }, xShape, source, ints: new[] { xShape.Length - 1 });
        int picked = Add(OpKind.Pick, new List<int> { x, target }, tShape, source);
        int loss = Add(OpKind.Neg, new List<int> { picked }, tShape, source);
        return reduction switch
        {
            "none" => loss,
            "sum" => Add(OpKind.Sum, new List<int> { loss }, new int[0], source),
            _ => Add(OpKind.Mean, new List<int> { loss }, new int[0], source),
        };
    }

    private bool IsIndices(int node) =>
        node >= 0 && Nodes[node] is { Op: OpKind.Input, Parameter: var p } && _parameters[p].IsIndices;

    private string IndicesOnly(int node) =>
        $"'{_parameters[Nodes[node].Parameter].Name}' (an int64 tensor) outside F.Embedding, F.NllLoss and F.CrossEntropy";

    // The overload of a reduction without a dim (Sum for Sum(dim)).
    private static OpKind AllSibling(OpRow row) =>
        OpTable.Rows.First(r => r.Method == row.Method && r.WhenArgument is null && !r.OnTorch).Kind;

    // A reference to one of the kernel's float/double parameters, through implicit conversions.
    private static IParameterReferenceOperation? ScalarParameter(IOperation? operation) =>
        operation is null ? null
        : TensorApi.SkipConversions(operation) is IParameterReferenceOperation { Parameter.Type.SpecialType: SpecialType.System_Single or SpecialType.System_Double } reference
            ? reference
            : null;

    private int ConstantOrUnsupported(IOperation operation)
    {
        if (TensorApi.ConstantNumber(operation) is double v)
            return Add(OpKind.Constant, new List<int>(), new int[0], operation.Syntax.ToString(), value: v);
        return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, $"'{operation.Syntax}'");
    }

    private int Add(OpKind op, List<int> inputs, int[] shape, string source, int[]? ints = null, double value = 0) =>
        Add(op, inputs.ToArray(), shape, ints ?? new int[0], value, -1, source, null);

    private int Add(OpKind op, int[] inputs, int[] shape, int[] ints, double value, int parameter, string source, string? local)
    {
        Elements += KernelParser.Elements(shape);
        int id = Nodes.Count;
        Nodes.Add(new Node(id, op, new EquatableArray<int>(inputs), new EquatableArray<int>(shape), new EquatableArray<int>(ints), value, parameter, source, local));
        return id;
    }

    // The first local bound to a node names its buffer in the generated code.
    private int Name(int node, string local)
    {
        var n = Nodes[node];
        if (n.LocalName is null && n.Op is not (OpKind.Input or OpKind.Scalar))
            Nodes[node] = n with { LocalName = local };
        return node;
    }

    private int Unsupported(string id, IOperation operation, string what)
    {
        _diagnostics.Add(KernelParser.Diagnostic(id, operation.Syntax.GetLocation(), what));
        return -1;
    }
}
