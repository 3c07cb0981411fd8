// The derivative algebra over element expressions: the generator runs an op's formula from
// OpTable/Derivatives.cs with this, once per (node, input), and lowers the symbolic expression it
// gets back into the loops of the compiled Backward.
using TensorDsl.Generators.Model;
using TensorDsl.Ops;

namespace TensorDsl.Generators.Differentiation;

/// <summary>One node's backward as symbolic element expressions (<see cref="GradOf"/>, <see cref="InputOf"/>, …).</summary>
internal sealed class ElementAlgebra : GradientAlgebra
{
    private readonly Node _node;
    private readonly Shared.EquatableArray<Node> _nodes;

    public ElementAlgebra(Node node, Shared.EquatableArray<Node> nodes)
    {
        _node = node;
        _nodes = nodes;
    }

    /// <summary>The symbolic gradient of <paramref name="node"/>'s input at <paramref name="position"/>; null when it is 0.</summary>
    public static Expr? Term(Node node, int position, Shared.EquatableArray<Node> nodes)
    {
        var term = node.Row().Derivative!(new ElementAlgebra(node, nodes), position);
        return term.Constant == 0 ? null : Of(term);
    }

    public override Term Grad => new(this, GradOf.Instance);

    public override Term Result => new(this, ResultOf.Instance);

    // A number input (pow's exponent) is known here, so the formula can fold it.
    public override Term Input(int index)
    {
        var input = _nodes[_node.Inputs[index]];
        return input.Op == OpKind.Constant ? Number(input.Value) : new(this, new InputOf(index));
    }

    public override Term Number(double value) => new(this, new Const(value), value);

    public override Term Apply(OpKind kind, Term x, Term? y = null) => new(this, new Apply(kind, Of(x), y is null ? null : Of(y)));

    public override Term WhereNonZero(Term scalar, System.Func<Term> value) => scalar.Constant switch
    {
        0 => Number(0),
        double => value(),
        _ => new(this, new IfEqual(Of(scalar), new Const(0), new Const(0), Of(value()))),
    };

    public override Term Unreduce(Term reduced) => new(this, new Unreduce(Of(reduced)));

    public override Term SumAlong(Term value) => new(this, new SumAlong(Of(value)));

    public override int Count
    {
        get
        {
            var input = _nodes[_node.Inputs[0]];
            return _node.Row().Shape == ShapeRule.ReduceDim ? input.Shape[_node.Ints[0]] : input.Numel;
        }
    }

    private static Expr Of(Term term) => (Expr)term.Value;
}
