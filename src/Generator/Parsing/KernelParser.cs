// Front end: a [Kernel] method's declaration and body (IOperation) → KernelModel with an op graph
// whose shapes come from the shared shape rules. Every unsupported construct adds a diagnostic
// and parsing goes on, so one pass reports them all.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Generators.Model;
using TensorDsl.Shapes;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Generators.Parsing;

internal static class KernelParser
{
    public const int DefaultUnrollLimit = 64;

    public static KernelModel Parse(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, int unrollLimit, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var location = syntax.Identifier.GetLocation();

        if (!method.IsStatic)
            diagnostics.Add(Diagnostic(DiagnosticIds.KernelNotStatic, location, method.Name));

        var containing = new List<ContainingType>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var typeSyntax = type.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (typeSyntax is null) break;
            if (!typeSyntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Add(Diagnostic(DiagnosticIds.KernelTypeNotPartial, typeSyntax.Identifier.GetLocation(), type.Name, method.Name));
            containing.Insert(0, new ContainingType(typeSyntax.Keyword.ValueText, typeSyntax.Identifier.ValueText + TypeParameters(typeSyntax), Modifiers(typeSyntax)));
        }

        if (!TensorApi.IsTensor(method.ReturnType))
            diagnostics.Add(Diagnostic(DiagnosticIds.KernelUnsupportedReturn, syntax.ReturnType.GetLocation(), method.Name));

        var parameters = new List<ParameterModel>();
        foreach (var p in method.Parameters)
        {
            var pLocation = p.Locations.FirstOrDefault() ?? location;
            bool noGrad = p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == TensorApi.NoGradAttributeName);
            if (TensorApi.IsTensor(p.Type))
            {
                bool hasShape = p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == TensorApi.ShapeAttributeName);
                var shape = TensorApi.ShapeOf(p.GetAttributes());
                if (!hasShape)
                    diagnostics.Add(Diagnostic(DiagnosticIds.KernelMissingShape, pLocation, p.Name, method.Name));
                else if (shape is null || shape.Any(s => s < 0))
                    diagnostics.Add(Diagnostic(DiagnosticIds.KernelInvalidShape, pLocation, p.Name,
                        shape is null ? "sizes must be integer constants" : "sizes must not be negative"));
                parameters.Add(new ParameterModel(p.Name, true, new EquatableArray<int>(shape ?? new int[0]), noGrad, "float"));
            }
            else if (p.Type.SpecialType is SpecialType.System_Single or SpecialType.System_Double && p.RefKind == RefKind.None)
            {
                parameters.Add(new ParameterModel(p.Name, false, EquatableArray<int>.Empty, true, p.Type.SpecialType == SpecialType.System_Single ? "float" : "double"));
            }
            else
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.KernelUnsupportedParameter, pLocation, p.Name, p.Type.ToDisplayString()));
                parameters.Add(new ParameterModel(p.Name, false, EquatableArray<int>.Empty, true, "float"));
            }
        }

        ReportNameConflicts(method, parameters, diagnostics);

        var builder = new GraphBuilder(parameters, diagnostics, method);
        int result = -1;
        if (semanticModel.GetOperation(syntax, cancellationToken) is IMethodBodyOperation body)
        {
            var block = body.BlockBody ?? body.ExpressionBody;
            if (block is not null) result = builder.ParseBody(block);
        }

        string accessibility = SyntaxFacts.GetText(method.DeclaredAccessibility);
        return new KernelModel(
            method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString(),
            new EquatableArray<ContainingType>(containing),
            method.Name,
            string.IsNullOrEmpty(accessibility) ? "internal" : accessibility,
            new EquatableArray<ParameterModel>(parameters),
            new EquatableArray<Node>(builder.Nodes),
            builder.HasShapeError ? -1 : result,
            unrollLimit,
            new EquatableArray<DiagnosticInfo>(diagnostics));
    }

    // Each tensor parameter P becomes PLength and PShape: those must not meet each other or the fixed members.
    private static void ReportNameConflicts(IMethodSymbol method, List<ParameterModel> parameters, List<DiagnosticInfo> diagnostics)
    {
        var fixedStems = new[] { "Result", "ForwardWorkspace", "BackwardWorkspace" };
        var seen = new Dictionary<string, string>();
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (!p.IsTensor || p.Name.Length == 0) continue;
            var location = method.Parameters[i].Locations.FirstOrDefault() ?? Location.None;
            string member = p.ConstantStem + "Length";
            if (fixedStems.Contains(p.ConstantStem))
                diagnostics.Add(Diagnostic(DiagnosticIds.KernelNameConflict, location, p.Name, member, "the kernel class already has"));
            else if (seen.TryGetValue(p.ConstantStem, out var other))
                diagnostics.Add(Diagnostic(DiagnosticIds.KernelNameConflict, location, p.Name, member, $"parameter '{other}' generates too"));
            else
                seen[p.ConstantStem] = p.Name;
        }
    }

    private static string TypeParameters(TypeDeclarationSyntax type) =>
        type.TypeParameterList is null ? "" : type.TypeParameterList.ToString();

    private static string Modifiers(TypeDeclarationSyntax type) =>
        string.Join(" ", type.Modifiers.Where(m => m.IsKind(SyntaxKind.StaticKeyword) || m.IsKind(SyntaxKind.PartialKeyword) || m.IsKind(SyntaxKind.UnsafeKeyword)).Select(m => m.ValueText));

    internal static DiagnosticInfo Diagnostic(string id, Location location, params string[] arguments)
    {
        var span = location.GetLineSpan();
        return new DiagnosticInfo(id, location.SourceTree?.FilePath ?? "", location.SourceSpan.Start, location.SourceSpan.Length,
            span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character,
            new EquatableArray<string>(arguments));
    }

    /// <summary>Lowers statements and expressions to graph nodes; one override per construct kind.</summary>
    private sealed class GraphBuilder : OperationVisitor<object?, int>
    {
        private readonly List<ParameterModel> _parameters;
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly IMethodSymbol _method;
        private readonly Dictionary<ILocalSymbol, int> _locals = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        private readonly Dictionary<int, int> _parameterNodes = new Dictionary<int, int>();
        private int _result = -1;

        public GraphBuilder(List<ParameterModel> parameters, List<DiagnosticInfo> diagnostics, IMethodSymbol method)
        {
            _parameters = parameters;
            _diagnostics = diagnostics;
            _method = method;
        }

        public List<Node> Nodes { get; } = new List<Node>();

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
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation, OperatorMethod: { } method } compound
                    when TensorApi.IsTensor(method.ContainingType) && CompoundKind(compound.OperatorKind) is OpKind kind:
                    var call = new TensorCall(kind, compound, ImmutableArray.Create(compound.Target, compound.Value), new Dictionary<string, IOperation>());
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

        private static OpKind? CompoundKind(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.Add => OpKind.Add,
            BinaryOperatorKind.Subtract => OpKind.Sub,
            BinaryOperatorKind.Multiply => OpKind.Mul,
            BinaryOperatorKind.Divide => OpKind.Div,
            _ => null,
        };

        public override int VisitReturn(IReturnOperation operation, object? argument)
        {
            if (_result >= 0)
                return Unsupported(DiagnosticIds.KernelUnsupportedStatement, operation, "A second return");
            if (operation.ReturnedValue is null) return -1;
            _result = Visit(operation.ReturnedValue, null);
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
            int node = Add(p.IsTensor ? NodeOp.Input : NodeOp.Scalar, new int[0], p.Shape.AsImmutableArray().ToArray(), new int[0], 0, index, p.Name, p.Name);
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
                && TensorApi.Read(inner) is { Kind: OpKind.Max } max && max.Argument("dim") is not null)
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
                return sliced.IsOk ? Add(NodeOp.Slice, new List<int> { node }, sliced.Shape!, source, ints: new[] { 0, begin }) : ShapeError();
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
                node = Add(NodeOp.Select, new List<int> { node }, selected.Shape!, source, ints: new[] { 0, index < 0 ? index + Shape(node)[0] : index });
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
            var kindName = call.Kind;
            if (kindName is OpKind.Zeros or OpKind.Ones or OpKind.Full or OpKind.Randn or OpKind.Rand or OpKind.Randint
                or OpKind.Arange or OpKind.ZerosLike or OpKind.OnesLike or OpKind.RandnLike or OpKind.RandLike or OpKind.FromData)
            {
                return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, $"The factory 'Torch.{operation.Syntax.ToString().Split('.').Last().Split('(').First()}'");
            }

            var inputs = new List<int>();
            bool failed = false;
            foreach (var operand in call.Operands)
            {
                int node = Visit(operand, null);
                if (node < 0) failed = true;
                inputs.Add(node);
            }
            if (call.Operands.Length == 0 && call.Kind is OpKind.Cat or OpKind.Stack)
                return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, "A tensor list not written in place ([a, b] or new[] { a, b })");

            // Constant arguments (dims, sizes, exponents) must be compile-time constants.
            foreach (var pair in call.Arguments)
            {
                bool ok = pair.Key switch
                {
                    "shape" or "dims" => TensorApi.ConstantInts(pair.Value) is not null,
                    "exponent" => TensorApi.ConstantNumber(pair.Value) is not null || ScalarParameter(pair.Value) is not null,
                    "keepDim" => TensorApi.ConstantBool(pair.Value) is not null,
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
            var inferred = OpShapes.Infer(call, shapes);
            if (inferred is not { } result || !result.IsOk)
            {
                // A shape error is the analyzers' to report (TD0001–TD0005); generate nothing.
                HasShapeError = true;
                return -1;
            }
            var shape = result.Shape!;
            int Dim(string name, int fallback, int rank)
            {
                int d = call.Argument(name) is { } a ? TensorApi.ConstantInt(a) ?? fallback : fallback;
                return d < 0 ? d + System.Math.Max(rank, 1) : d;
            }
            bool Keep() => call.Argument("keepDim") is { } k && TensorApi.ConstantBool(k) == true;
            int rank0 = shapes.Length > 0 ? shapes[0].Length : 0;

            switch (call.Kind)
            {
                case OpKind.Add: return Add(NodeOp.Add, inputs, shape, source);
                case OpKind.Sub: return Add(NodeOp.Sub, inputs, shape, source);
                case OpKind.Mul: return Add(NodeOp.Mul, inputs, shape, source);
                case OpKind.Div: return Add(NodeOp.Div, inputs, shape, source);
                case OpKind.Neg: return Add(NodeOp.Neg, inputs, shape, source);
                case OpKind.Exp: return Add(NodeOp.Exp, inputs, shape, source);
                case OpKind.Log: return Add(NodeOp.Log, inputs, shape, source);
                case OpKind.Sqrt: return Add(NodeOp.Sqrt, inputs, shape, source);
                case OpKind.Tanh: return Add(NodeOp.Tanh, inputs, shape, source);
                case OpKind.Sigmoid: return Add(NodeOp.Sigmoid, inputs, shape, source);
                case OpKind.Relu: return Add(NodeOp.Relu, inputs, shape, source);
                case OpKind.Abs: return Add(NodeOp.Abs, inputs, shape, source);
                case OpKind.Pow:
                {
                    var exponent = call.Argument("exponent");
                    if (TensorApi.ConstantNumber(exponent) is double constant)
                        return Add(NodeOp.Pow, inputs, shape, source, value: constant);
                    // A float/double parameter: the exponent is the Pow node's second input.
                    inputs.Add(Visit(ScalarParameter(exponent)!, null));
                    return Add(NodeOp.Pow, inputs, shape, source);
                }
                case OpKind.Sum:
                case OpKind.Mean:
                    if (call.Argument("dim") is null || rank0 == 0)
                        return Add(call.Kind == OpKind.Sum ? NodeOp.SumAll : NodeOp.MeanAll, inputs, shape, source);
                    return Add(call.Kind == OpKind.Sum ? NodeOp.SumDim : NodeOp.MeanDim, inputs, shape, source,
                        ints: new[] { Dim("dim", 0, rank0), Keep() ? 1 : 0 });
                case OpKind.Max:
                    if (call.Argument("dim") is null || rank0 == 0) return Add(NodeOp.MaxAll, inputs, shape, source);
                    return Add(NodeOp.MaxDim, inputs, shape, source, ints: new[] { Dim("dim", 0, rank0), Keep() ? 1 : 0 });
                case OpKind.Softmax:
                case OpKind.LogSoftmax:
                    if (rank0 == 0) return Add(NodeOp.Identity, inputs, shape, source);
                    return Add(call.Kind == OpKind.Softmax ? NodeOp.Softmax : NodeOp.LogSoftmax, inputs, shape, source, ints: new[] { Dim("dim", 0, rank0) });
                case OpKind.MatMul: return Add(NodeOp.MatMul, inputs, shape, source);
                case OpKind.T:
                    return rank0 < 2 ? Add(NodeOp.Identity, inputs, shape, source) : Add(NodeOp.Permute, inputs, shape, source, ints: new[] { 1, 0 });
                case OpKind.Transpose:
                {
                    if (rank0 == 0) return Add(NodeOp.Identity, inputs, shape, source);
                    var perm = Enumerable.Range(0, rank0).ToArray();
                    int d0 = Dim("dim0", 0, rank0), d1 = Dim("dim1", 0, rank0);
                    (perm[d0], perm[d1]) = (perm[d1], perm[d0]);
                    return Add(NodeOp.Permute, inputs, shape, source, ints: perm);
                }
                case OpKind.Permute:
                    ShapeRules.Permute(shapes[0], TensorApi.ConstantInts(call.Argument("dims"))!, out var order);
                    return Add(NodeOp.Permute, inputs, shape, source, ints: order);
                case OpKind.View: case OpKind.Reshape: case OpKind.Flatten: case OpKind.Squeeze: case OpKind.Unsqueeze:
                    return Add(NodeOp.Reshape, inputs, shape, source);
                case OpKind.Contiguous: case OpKind.Clone:
                    return Add(NodeOp.Identity, inputs, shape, source);
                case OpKind.Detach:
                    return Add(NodeOp.Detach, inputs, shape, source);
                case OpKind.Cat:
                    return Add(NodeOp.Cat, inputs, shape, source, ints: new[] { Dim("dim", 0, rank0) });
                case OpKind.Stack:
                    return Add(NodeOp.Stack, inputs, shape, source, ints: new[] { Dim("dim", 0, rank0 + 1) });
            }
            return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, $"'{source}'");
        }

        // A reference to one of the kernel's float/double parameters, through implicit conversions.
        private static IParameterReferenceOperation? ScalarParameter(IOperation? operation) =>
            operation is null ? null
            : TensorApi.SkipConversions(operation) is IParameterReferenceOperation { Parameter.Type.SpecialType: SpecialType.System_Single or SpecialType.System_Double } reference
                ? reference
                : null;

        private int ConstantOrUnsupported(IOperation operation)
        {
            if (TensorApi.ConstantNumber(operation) is double v)
                return Add(NodeOp.Constant, new List<int>(), new int[0], operation.Syntax.ToString(), value: v);
            return Unsupported(DiagnosticIds.KernelUnsupportedExpression, operation, $"'{operation.Syntax}'");
        }

        private int Add(NodeOp op, List<int> inputs, int[] shape, string source, int[]? ints = null, double value = 0) =>
            Add(op, inputs.ToArray(), shape, ints ?? new int[0], value, -1, source, null);

        private int Add(NodeOp op, int[] inputs, int[] shape, int[] ints, double value, int parameter, string source, string? local)
        {
            int id = Nodes.Count;
            Nodes.Add(new Node(id, op, new EquatableArray<int>(inputs), new EquatableArray<int>(shape), new EquatableArray<int>(ints), value, parameter, source, local));
            return id;
        }

        // The first local bound to a node names its buffer in the generated code.
        private int Name(int node, string local)
        {
            var n = Nodes[node];
            if (n.LocalName is null && n.Op is not (NodeOp.Input or NodeOp.Scalar))
                Nodes[node] = n with { LocalName = local };
            return node;
        }

        private int Unsupported(string id, IOperation operation, string what)
        {
            _diagnostics.Add(Diagnostic(id, operation.Syntax.GetLocation(), what));
            return -1;
        }
    }
}
