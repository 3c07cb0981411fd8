using System;
using TensorDsl.Ops;
using TensorDsl.Shapes;

namespace TensorDsl.Autograd;

/// <summary>
/// The derivative algebra over tensors: eager autograd runs an op's formula from
/// <c>OpTable/Derivatives.cs</c> with one of these per backward call.
/// </summary>
internal sealed class TensorGradient : GradientAlgebra
{
    /// <summary>The dim of a reduction or normalization; <see cref="AllDims"/> for a reduction of everything.</summary>
    public const int AllDims = int.MinValue;

    private readonly Tensor _grad;
    private readonly Tensor _result;
    private readonly Tensor[] _inputs;
    private readonly double? _exponent;
    private readonly int _dim;
    private readonly bool _keepDim;

    private readonly int[] _versions;
    private readonly string _node;

    public TensorGradient(Tensor grad, Tensor result, Tensor[] inputs, double? exponent, int dim, bool keepDim, int[] versions, string node)
    {
        _versions = versions;
        _node = node;
        _grad = grad;
        _result = result;
        _inputs = inputs;
        _exponent = exponent;
        _dim = dim;
        _keepDim = keepDim;
    }

    /// <summary>Whether the formula read the op's inputs or result: values the node keeps for backward.</summary>
    public bool ReadSaved { get; private set; }

    public override Term Grad => new(this, _grad);

    public override Term Result
    {
        get
        {
            ReadSaved = true;
            // The result is saved as output 0 of this node.
            Tensor.CheckSaved(_result, _versions[^1], _node);
            return new(this, _result);
        }
    }

    // Inputs past the tensors are the op's numbers (pow's exponent), which are not tensors. A wrapped
    // number operand (x * 2.0) is one: PyTorch saves it as it saves any other.
    public override Term Input(int index)
    {
        if (index >= _inputs.Length) return Number(_exponent ?? throw new ArgumentOutOfRangeException(nameof(index)));
        var input = _inputs[index];
        ReadSaved = true;
        Tensor.CheckSaved(input, _versions[index], null);
        return new(this, input, input.IsWrappedNumber ? input.ScalarAsDouble() : null);
    }

    public override Term Number(double value) => new(this, Tensor.Wrap(value), value);

    public override Term Apply(OpKind kind, Term x, Term? y = null) =>
        new(this, Tensor.Elementwise(kind, Of(x), y is null ? null : Of(y)));

    // Numbers here are always known: pow's exponent is a double.
    public override Term WhereNonZero(Term scalar, Func<Term> value) => scalar.Constant == 0 ? Number(0) : value();

    public override Term Unreduce(Term reduced)
    {
        var input = _inputs[0];
        return new(this, _dim == AllDims ? Of(reduced).ExpandTo(input.Sizes) : input.ExpandReduced(Of(reduced), _dim, _keepDim));
    }

    public override Term SumAlong(Term value) => new(this, Of(value).Sum(_dim, keepDim: true));

    public override int Count
    {
        get
        {
            var input = _inputs[0];
            if (_dim == AllDims || input.Sizes.Length == 0) return input.Numel;
            return input.Sizes[Errors.Dim(_dim, input.Sizes.Length)];
        }
    }

    /// <summary>
    /// A formula's gradient for an input of shape <paramref name="shape"/>: a broadcast gradient
    /// summed back (as PyTorch's engine does), a number (a zero gradient) expanded.
    /// </summary>
    public static Tensor FitTo(Term gradient, int[] shape)
    {
        var g = Of(gradient);
        if (ShapeRules.SameShape(g.Sizes, shape)) return g;
        var full = Errors.Check(ShapeRules.Broadcast(g.Sizes, shape));
        return Tensor.SumTo(g.ExpandTo(full), shape);
    }

    private static Tensor Of(Term term) => (Tensor)term.Value;
}
