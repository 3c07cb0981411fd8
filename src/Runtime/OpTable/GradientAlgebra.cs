// The small algebra every derivative in Derivatives.cs is written in. The runtime implements it
// over tensors (eager autograd); the generator over element expressions (compiled Backward).
namespace TensorDsl.Ops;

/// <summary>One op application's backward, seen by a derivative formula: its gradient, inputs, result and the operations on them.</summary>
internal abstract class GradientAlgebra
{
    /// <summary>The gradient of the op's result (PyTorch's <c>grad</c>).</summary>
    public abstract Term Grad { get; }

    /// <summary>The op's result (PyTorch's <c>result</c>).</summary>
    public abstract Term Result { get; }

    /// <summary>The op's input at <paramref name="index"/> (<c>self</c>, <c>other</c>, an exponent).</summary>
    public abstract Term Input(int index);

    /// <summary>A number, in the dtype of the values it meets (PyTorch's wrapped numbers).</summary>
    public abstract Term Number(double value);

    /// <summary>The element-wise op <paramref name="kind"/> applied to <paramref name="x"/> (and <paramref name="y"/>).</summary>
    public abstract Term Apply(OpKind kind, Term x, Term? y = null);

    /// <summary><paramref name="value"/> where <paramref name="scalar"/> is not 0, and 0 where it is (the value is not made where it is known to be 0).</summary>
    public abstract Term WhereNonZero(Term scalar, System.Func<Term> value);

    /// <summary>A value of the op's reduced shape, broadcast back over the input's shape (a reduction's gradient).</summary>
    public abstract Term Unreduce(Term reduced);

    /// <summary>The sum of <paramref name="value"/> along the op's dim, as a reduced value (see <see cref="Unreduce"/>).</summary>
    public abstract Term SumAlong(Term value);

    /// <summary>How many input elements each result element reduces (for a mean).</summary>
    public abstract int Count { get; }
}

/// <summary>A value in a derivative formula: a tensor in the runtime, an element expression in the generator.</summary>
internal sealed class Term
{
    public Term(GradientAlgebra algebra, object value, double? constant = null)
    {
        Algebra = algebra;
        Value = value;
        Constant = constant;
    }

    /// <summary>The algebra the term belongs to.</summary>
    public GradientAlgebra Algebra { get; }

    /// <summary>The implementation's value: a Tensor, or an element expression.</summary>
    public object Value { get; }

    /// <summary>The number this term is, when it is one.</summary>
    public double? Constant { get; }

    public static Term operator +(Term a, Term b) => Binary(OpKind.Add, a, b);
    public static Term operator -(Term a, Term b) => Binary(OpKind.Sub, a, b);
    public static Term operator *(Term a, Term b) => Binary(OpKind.Mul, a, b);
    public static Term operator /(Term a, Term b) => Binary(OpKind.Div, a, b);
    public static Term operator +(Term a, double b) => a + a.Algebra.Number(b);
    public static Term operator -(Term a, double b) => a - a.Algebra.Number(b);
    public static Term operator *(Term a, double b) => a * a.Algebra.Number(b);
    public static Term operator /(Term a, double b) => a / a.Algebra.Number(b);
    public static Term operator +(double a, Term b) => b.Algebra.Number(a) + b;
    public static Term operator -(double a, Term b) => b.Algebra.Number(a) - b;
    public static Term operator *(double a, Term b) => b.Algebra.Number(a) * b;
    public static Term operator /(double a, Term b) => b.Algebra.Number(a) / b;

    public static Term operator -(Term a) => a.Constant is double c ? a.Algebra.Number(-c) : a.Algebra.Apply(OpKind.Neg, a);

    public Term Exp() => Algebra.Apply(OpKind.Exp, this);
    public Term Square() => Algebra.Apply(OpKind.Square, this);
    public Term Sign() => Algebra.Apply(OpKind.Sign, this);
    public Term Sin() => Algebra.Apply(OpKind.Sin, this);
    public Term Cos() => Algebra.Apply(OpKind.Cos, this);
    public Term Pow(Term exponent) => Algebra.Apply(OpKind.Pow, this, exponent);
    public Term Pow(double exponent) => Pow(Algebra.Number(exponent));

    // Numbers fold: the exponent of pow's gradient is known when the exponent is.
    private static Term Binary(OpKind kind, Term a, Term b)
    {
        if (a.Constant is double x && b.Constant is double y)
        {
            return a.Algebra.Number(kind switch
            {
                OpKind.Add => x + y,
                OpKind.Sub => x - y,
                OpKind.Mul => x * y,
                _ => x / y,
            });
        }
        return a.Algebra.Apply(kind, a, b);
    }
}

/// <summary>The gradient of one input of an op application, in the op's <see cref="GradientAlgebra"/>.</summary>
internal delegate Term Derivative(GradientAlgebra d, int input);
