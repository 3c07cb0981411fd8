// Element expressions: what a generated statement computes for one element (or one vector of
// elements). Derivative formulas are built from the symbolic forms (GradOf, InputOf, …), which
// lowering replaces by reads of buffers at an index; printing writes the concrete forms as scalar,
// Vector256 or Vector128 C#. Records, so that equal terms compare equal (and are bound once).
using TensorDsl.Ops;
using TensorDsl.Shared;

namespace TensorDsl.Generators.Model;

internal abstract record Expr;

// ---- in derivative formulas: values of the op application being differentiated ----------------

/// <summary>The gradient of the op's result.</summary>
internal sealed record GradOf : Expr
{
    public static readonly GradOf Instance = new();
}

/// <summary>The op's result.</summary>
internal sealed record ResultOf : Expr
{
    public static readonly ResultOf Instance = new();
}

/// <summary>The op's input at <see cref="Index"/>.</summary>
internal sealed record InputOf(int Index) : Expr;

/// <summary>A value of the op's reduced shape, read back at each input element (a reduction's gradient).</summary>
internal sealed record Unreduce(Expr Value) : Expr;

/// <summary>The sum of a value along the op's dim (one number per row: a local of the row's loop).</summary>
internal sealed record SumAlong(Expr Value) : Expr;

// ---- both ---------------------------------------------------------------------------------------

/// <summary>A number.</summary>
internal sealed record Const(double Value) : Expr;

/// <summary>An element-wise op of the table (printed with its operator or helpers).</summary>
internal sealed record Apply(OpKind Op, Expr X, Expr? Y = null) : Expr;

/// <summary><see cref="Then"/> where <see cref="Left"/> equals <see cref="Right"/>, else <see cref="Else"/> (scalar code only).</summary>
internal sealed record IfEqual(Expr Left, Expr Right, Expr Then, Expr Else) : Expr;

// ---- in lowered code ----------------------------------------------------------------------------

/// <summary>An element of a buffer or span: a lane-wise load in vector code when the index moves with the loop.</summary>
internal sealed record Load(string Buffer, Ix Index) : Expr;

/// <summary>A float or int local of the method (broadcast to every lane in vector code).</summary>
internal sealed record Local(string Name) : Expr;

/// <summary>A local bound inside an element loop's body: a float in scalar code, a vector in vector code.</summary>
internal sealed record Temp(string Name) : Expr;

/// <summary>A float or double parameter of the kernel.</summary>
internal sealed record Param(string Name, bool IsDouble) : Expr;

/// <summary>A helper call: <see cref="Scalar"/> on floats, <see cref="Vector"/> (if any) lane-wise.</summary>
internal sealed record Call(string Scalar, string? Vector, EquatableArray<Expr> Args) : Expr
{
    public Call(string scalar, string? vector, params Expr[] args)
        : this(scalar, vector, new EquatableArray<Expr>(args))
    {
    }
}

/// <summary>A span argument of a helper call: <c>name</c>, or <c>name.Slice(start, length)</c>.</summary>
internal sealed record SpanOf(string Name, Ix? Start = null, int Length = 0) : Expr;

/// <summary>An int argument of a helper call.</summary>
internal sealed record IntConst(int Value) : Expr;

internal static class OpRows
{
    /// <summary>The op's row in the op table.</summary>
    public static OpRow Row(this OpKind op) => OpTable.Row(op);

    /// <summary>The row of the node's op (a method, not a property: models hold data only).</summary>
    public static OpRow Row(this Node node) => OpTable.Row(node.Op);
}
