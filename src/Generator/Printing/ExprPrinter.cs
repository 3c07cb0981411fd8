// Element expressions as C#: on floats, or lane-wise on Vector256/Vector128 (constants and values
// that stay put broadcast, reads that move with the loop load a vector). Parentheses only where
// precedence needs them; float literals in invariant, shortest round-trip form.
using System;
using System.Globalization;
using System.Linq;
using TensorDsl.Generators.Model;
using TensorDsl.Ops;

namespace TensorDsl.Generators.Printing;

/// <summary>What an expression computes on: one float, or the lanes of a vector.</summary>
internal enum Lanes
{
    Scalar,
    Vector256,
    Vector128,
}

internal static class ExprPrinter
{
    // Precedences: conditional, additive, multiplicative, unary and casts, primary.
    private const int Conditional = 0, Additive = 1, Multiplicative = 2, Unary = 3, Primary = 4;

    /// <summary>
    /// <paramref name="e"/> as C# on <paramref name="lanes"/>; <paramref name="loop"/> is the variable
    /// the vector lanes move along.
    /// </summary>
    public static string Print(Expr e, Lanes lanes, string? loop = null) => Print(e, lanes, loop, out _);

    /// <summary>The vector type of <paramref name="lanes"/> (<c>Vector256</c>).</summary>
    public static string VectorType(Lanes lanes) => lanes == Lanes.Vector128 ? "Vector128" : "Vector256";

    private static string Print(Expr e, Lanes lanes, string? loop, out int precedence)
    {
        precedence = Primary;
        bool vector = lanes != Lanes.Scalar;
        string Broadcast(string scalar) => vector ? $"{VectorType(lanes)}.Create({scalar})" : scalar;
        if (NumbersOnly(e) && e is Apply)
        {
            // Arithmetic on the kernel's float/double parameters and numbers alone (pow's exponent
            // minus 1) is done in double, as the eager op does with its double exponent, then rounded.
            if (!vector) precedence = Unary;
            return Broadcast($"(float)({Double(e, out _)})");
        }
        switch (e)
        {
            case Const c:
                if (vector) return Broadcast(Literal(c.Value));
                if (c.Value < 0 || (c.Value == 0 && 1 / c.Value < 0)) precedence = Unary;
                return Literal(c.Value);
            case Param p:
                if (!p.IsDouble) return Broadcast(p.Name);
                if (!vector) precedence = Unary;
                return Broadcast("(float)" + p.Name);
            case Local l:
                return Broadcast(l.Name);
            case Temp t:
                return t.Name;
            case Load load:
                if (!vector) return $"{load.Buffer}[{load.Index}]";
                return load.Index.CoefficientOf(loop!) == 0
                    ? Broadcast($"{load.Buffer}[{load.Index}]")
                    : $"KernelSupport.Load{(lanes == Lanes.Vector128 ? "128" : "256")}({load.Buffer}, {load.Index})";
            case SpanOf span:
                return span.Start is null ? span.Name : $"{span.Name}.Slice({span.Start}, {span.Length.ToString(CultureInfo.InvariantCulture)})";
            case IntConst i:
                return i.Value.ToString(CultureInfo.InvariantCulture);
            case Call call:
                return Invoke(vector ? call.Vector! : call.Scalar, call.Args, lanes, loop);
            case Apply apply:
                return PrintApply(apply, lanes, loop, out precedence);
            case IfEqual c:
                precedence = Conditional;
                string test = NumbersOnly(c.Left) && NumbersOnly(c.Right)
                    ? $"{Double(c.Left, out _)} == {Double(c.Right, out _)}"
                    : $"{Print(c.Left, lanes, loop)} == {Print(c.Right, lanes, loop)}";
                return $"{test} ? {Print(c.Then, lanes, loop)} : {Print(c.Else, lanes, loop)}";
        }
        throw new InvalidOperationException("Not a lowered expression: " + e);
    }

    private static string PrintApply(Apply apply, Lanes lanes, string? loop, out int precedence)
    {
        var row = OpTable.Row(apply.Op);
        if (row.Operator is { } op && apply.Y is { } y)
        {
            precedence = op is "+" or "-" ? Additive : Multiplicative;
            // Left-associative: the right side keeps its parentheses at equal precedence (float
            // arithmetic is not associative).
            return $"{Operand(apply.X, lanes, loop, precedence, right: false)} {op} {Operand(y, lanes, loop, precedence, right: true)}";
        }
        if (row.Operator is { } unary)
        {
            precedence = Unary;
            string operand = Print(apply.X, lanes, loop, out int inner);
            return inner < Unary || operand.StartsWith("-", StringComparison.Ordinal) ? $"{unary}({operand})" : unary + operand;
        }
        precedence = Primary;
        string helper = lanes == Lanes.Scalar ? row.Scalar! : row.Vector!.Replace("Vector.", VectorType(lanes) + ".");
        return Invoke(helper, apply.Y is null ? new[] { apply.X } : new[] { apply.X, apply.Y }, lanes, loop);
    }

    private static string Operand(Expr e, Lanes lanes, string? loop, int precedence, bool right)
    {
        string text = Print(e, lanes, loop, out int inner);
        return inner < precedence || (right && inner == precedence) ? $"({text})" : text;
    }

    private static string Invoke(string method, System.Collections.Generic.IEnumerable<Expr> args, Lanes lanes, string? loop) =>
        $"{method}({string.Join(", ", args.Select(a => Print(a, lanes, loop)))})";

    // Numbers and parameters, and arithmetic on them alone: a value the kernel knows before any element.
    private static bool NumbersOnly(Expr e) => e switch
    {
        Const or Param => true,
        Apply { Op: OpKind.Add or OpKind.Sub or OpKind.Mul or OpKind.Div or OpKind.Neg } a => NumbersOnly(a.X) && (a.Y is null || NumbersOnly(a.Y)),
        _ => false,
    };

    // Numbers-only arithmetic in double: parameters as they are, numbers as double literals.
    private static string Double(Expr e, out int precedence)
    {
        precedence = Primary;
        switch (e)
        {
            case Const c:
                if (c.Value < 0) precedence = Unary;
                return DoubleLiteral(c.Value);
            case Param p:
                return p.Name;
            case Apply { Y: { } y } a:
            {
                string op = OpTable.Row(a.Op).Operator!;
                precedence = op is "+" or "-" ? Additive : Multiplicative;
                string left = Double(a.X, out int l), right = Double(y, out int r);
                return $"{(l < precedence ? $"({left})" : left)} {op} {(r <= precedence ? $"({right})" : right)}";
            }
            case Apply a:
            {
                precedence = Unary;
                string operand = Double(a.X, out int inner);
                return inner < Unary || operand.StartsWith("-", StringComparison.Ordinal) ? $"-({operand})" : "-" + operand;
            }
        }
        throw new InvalidOperationException("Not a number: " + e);
    }

    /// <summary>A double literal in invariant, round-trip form (whole numbers without a point).</summary>
    public static string DoubleLiteral(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsInfinity(value)) return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15) return value.ToString("0", CultureInfo.InvariantCulture);
        for (int digits = 1; digits < 17; digits++)
        {
            var text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (double.Parse(text, CultureInfo.InvariantCulture) == value) return text;
        }
        return value.ToString("G17", CultureInfo.InvariantCulture);
    }

    /// <summary>A float literal in invariant, round-trip form.</summary>
    public static string Literal(double value)
    {
        float f = (float)value;
        if (float.IsNaN(f)) return "float.NaN";
        if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
        if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
        // The shortest digits that read back as the same float, found the same way on every runtime
        // the compiler may host the generator on ("R" differs between .NET Framework and .NET).
        for (int digits = 1; digits < 9; digits++)
        {
            var text = f.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (float.Parse(text, CultureInfo.InvariantCulture) == f) return text + "f";
        }
        return f.ToString("G9", CultureInfo.InvariantCulture) + "f";
    }
}
