// Every write to a local or parameter in one operation block (lambdas and local functions
// included). Shape inference is flow-insensitive first: a variable has a known shape when every
// value ever stored in it has that same shape, which is sound whatever the control flow. Where
// that fails, a variable written only by statements of one block, with no labels to jump back
// to, holds at each read the value of the last of those statements before it (straight-line
// code, as in a script that reuses x for tensors of different shapes).
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TensorDsl.Analyzers.Inference;

/// <summary>The values assigned to each local and parameter, and the variables written in ways that are not tracked.</summary>
internal sealed class VariableWrites
{
    private readonly Dictionary<ISymbol, List<IOperation>> _values = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _untracked = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _jaggedEscapes = new(SymbolEqualityComparer.Default);

    public VariableWrites(IEnumerable<IOperation> blocks)
    {
        foreach (var block in blocks)
            foreach (var operation in block.DescendantsAndSelf())
                Visit(operation);
    }

    /// <summary>
    /// The values stored in <paramref name="variable"/>, or null when some write is not a plain
    /// assignment (ref, out, deconstruction, compound, address taken, …) and so is not tracked.
    /// A local declared without an initializer by a pattern, foreach or catch has no values.
    /// </summary>
    public IReadOnlyList<IOperation>? ValuesOf(ISymbol variable)
    {
        if (_untracked.Contains(variable)) return null;
        return _values.TryGetValue(variable, out var values) ? values : (IReadOnlyList<IOperation>)new IOperation[0];
    }

    /// <summary>
    /// Whether <paramref name="variable"/> is written only by statements directly in one block
    /// (declarations, <c>x = …;</c>, <c>x += …;</c>) and <paramref name="reference"/> is in that
    /// block, outside any lambda or local function: then <paramref name="value"/> is the value the
    /// read sees, the last such write before it, or null if the read comes before them all (a
    /// parameter then still holds its argument).
    /// </summary>
    public bool TryReach(IOperation reference, ISymbol variable, out IOperation? value)
    {
        value = null;
        if (StraightLineWrites(variable) is not { } writes) return false;

        // The statement of the block the read is in; a lambda or local function may run any time.
        IOperation? current = reference;
        while (current is not null && current.Parent != writes.Block)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation) return false;
            current = current.Parent;
        }
        if (current is null or ILocalFunctionOperation) return false;
        int at = writes.Block.Operations.IndexOf(current);
        // The writes are in statement order. A declaration's later declarators see it; an
        // assignment's own value sees the write before.
        for (int i = writes.Statements.Length - 1; i >= 0; i--)
        {
            int index = writes.Statements[i];
            if (index < at || (index == at && writes.Values[i].Parent is IVariableInitializerOperation))
            {
                value = writes.Values[i];
                break;
            }
        }
        return true;
    }

    /// <summary>A variable's writes, all statements of one block: their indices there, in order, and the values.</summary>
    private sealed class StraightLine(IBlockOperation block, int[] statements, IOperation[] values)
    {
        public IBlockOperation Block { get; } = block;

        public int[] Statements { get; } = statements;

        public IOperation[] Values { get; } = values;
    }

    // Computed once per variable: every read of it asks.
    private readonly Dictionary<ISymbol, StraightLine?> _straightLines = new(SymbolEqualityComparer.Default);

    private StraightLine? StraightLineWrites(ISymbol variable)
    {
        if (!_straightLines.TryGetValue(variable, out var writes))
            _straightLines[variable] = writes = FindStraightLineWrites(variable);
        return writes;
    }

    private StraightLine? FindStraightLineWrites(ISymbol variable)
    {
        if (ValuesOf(variable) is not { Count: > 0 } values) return null;
        IBlockOperation? block = null;
        var statements = new List<IOperation>();
        foreach (var stored in values)
        {
            if (WritingStatement(stored, variable) is not { Parent: IBlockOperation parent } statement) return null;
            if (block is null) block = parent;
            else if (block != parent) return null;
            statements.Add(statement);
        }
        // No label to jump back to; and a parameter's block must be its function's body, run once
        // per call (in a loop body a read before the writes sees the previous iteration's value).
        if (block is null || (variable is IParameterSymbol && block.Parent is not (IMethodBodyOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)))
            return null;
        // The block runs in the function that owns the variable: a variable captured by a nested
        // function (or a primary constructor's parameter) lives on across its calls.
        if (block.SemanticModel is not { } model ||
            !SymbolEqualityComparer.Default.Equals(model.GetEnclosingSymbol(statements[0].Syntax.SpanStart), variable.ContainingSymbol))
            return null;
        foreach (var statement in block.Operations)
            if (statement is ILabeledOperation) return null;

        var indices = statements.Select(st => block.Operations.IndexOf(st)).ToArray();
        var order = Enumerable.Range(0, indices.Length).OrderBy(i => indices[i]).ToArray();
        return new StraightLine(block, order.Select(i => indices[i]).ToArray(), order.Select(i => values[i]).ToArray());
    }

    // The statement that stores value in variable, when it is nothing but that store.
    private static IOperation? WritingStatement(IOperation value, ISymbol variable)
    {
        switch (value.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when
                SymbolEqualityComparer.Default.Equals(declarator.Symbol, variable):
                return declarator.Parent?.Parent is IVariableDeclarationGroupOperation group ? group : null;
            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                return assignment.Parent as IExpressionStatementOperation;
            case IExpressionStatementOperation statement when value is ICompoundAssignmentOperation:
                return statement;
        }
        return null;
    }

    /// <summary>
    /// Whether a local jagged array is used only in ways that cannot replace its rows:
    /// as <c>Torch.Tensor</c>'s data, for its <c>Length</c>, or through element accesses of full depth.
    /// </summary>
    public bool RowsMayChange(ILocalSymbol local) => _jaggedEscapes.Contains(local);

    private void Visit(IOperation operation)
    {
        switch (operation)
        {
            // A pattern stores a value its declaration does not show: not tracked.
            case IDeclarationPatternOperation pattern: Untrack(pattern.DeclaredSymbol); break;
            case IRecursivePatternOperation pattern: Untrack(pattern.DeclaredSymbol); break;
            case IListPatternOperation pattern: Untrack(pattern.DeclaredSymbol); break;

            case IVariableDeclaratorOperation declarator:
                if (declarator.Symbol.IsRef) Untrack(declarator.Symbol);
                if (declarator.GetVariableInitializer() is { } init)
                {
                    Add(declarator.Symbol, init.Value);
                    if (declarator.Symbol.IsRef) UntrackReferenced(init.Value);
                }
                break;

            case ISimpleAssignmentOperation assignment:
                if (assignment.IsRef)
                {
                    Untrack(Variable(assignment.Target));
                    UntrackReferenced(assignment.Value);
                }
                else if (Variable(assignment.Target) is { } target)
                {
                    Add(target, assignment.Value);
                }
                break;

            case ICompoundAssignmentOperation compound:
                // x += y stores the result of the operator: the compound operation is the value.
                if (Variable(compound.Target) is { } written) Add(written, compound);
                break;

            case ICoalesceAssignmentOperation coalesce:
                Untrack(Variable(coalesce.Target));
                break;

            case IIncrementOrDecrementOperation increment:
                Untrack(Variable(increment.Target));
                break;

            case IDeconstructionAssignmentOperation deconstruction:
                foreach (var target in deconstruction.Target.DescendantsAndSelf())
                    Untrack(Variable(target));
                break;

            case IArgumentOperation { Parameter: { RefKind: not RefKind.None } }:
                UntrackReferenced(((IArgumentOperation)operation).Value);
                break;

            case IAddressOfOperation addressOf:
                UntrackReferenced(addressOf.Reference);
                break;

            case IConditionalOperation { IsRef: true } conditional:
                UntrackReferenced(conditional.WhenTrue);
                if (conditional.WhenFalse is { } whenFalse) UntrackReferenced(whenFalse);
                break;

            case ILocalReferenceOperation { Local: { Type: IArrayTypeSymbol { ElementType: IArrayTypeSymbol } } local } reference:
                if (!IsRowSafeUse(reference)) _jaggedEscapes.Add(local);
                break;
        }
    }

    private void Add(ISymbol variable, IOperation value)
    {
        if (!_values.TryGetValue(variable, out var list)) _values[variable] = list = new List<IOperation>();
        list.Add(value);
    }

    private void Untrack(ISymbol? variable)
    {
        if (variable is not null) _untracked.Add(variable);
    }

    private void UntrackReferenced(IOperation value) => Untrack(Variable(TensorDsl.Shared.TensorApi.SkipConversions(value)));

    private static ISymbol? Variable(IOperation operation) => operation switch
    {
        ILocalReferenceOperation l => l.Local,
        IParameterReferenceOperation p => p.Parameter,
        _ => null,
    };

    private static bool IsRowSafeUse(ILocalReferenceOperation reference)
    {
        if (reference.IsDeclaration) return true;
        IOperation current = reference;
        var type = reference.Local.Type;
        // Element accesses down to a non-array element cannot replace a row.
        while (current.Parent is IArrayElementReferenceOperation element && element.ArrayReference == current)
        {
            current = element;
            type = element.Type;
        }
        if (type is not IArrayTypeSymbol) return true;
        var parent = current.Parent;
        while (parent is IConversionOperation { IsImplicit: true }) parent = parent.Parent;
        if (current == reference)
        {
            if (parent is IPropertyReferenceOperation { Property.Name: "Length" }) return true;
            if (IsAssignmentTarget(reference)) return true;
            if (parent is IArgumentOperation { Parameter: { } p, Parent: IInvocationOperation invocation } &&
                p.Name == "data" && invocation.TargetMethod is { Name: "Tensor", ContainingType: { Name: "Torch" } })
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsAssignmentTarget(IOperation reference) =>
        reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference;
}
