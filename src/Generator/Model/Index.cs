// Index arithmetic for generated code: an affine form (constant + Σ coef·var) that folds to a
// constant when every loop is unrolled, or an opaque expression where division is needed.
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace TensorDsl.Generators.Model;

/// <summary>An index into a buffer: compared by value, so that expressions reading it can be.</summary>
internal sealed class Ix : System.IEquatable<Ix>
{
    private readonly int _constant;
    private readonly KeyValuePair<string, int>[] _terms;
    private readonly string? _opaque;

    private Ix(int constant, KeyValuePair<string, int>[] terms, string? opaque)
    {
        _constant = constant;
        _terms = terms;
        _opaque = opaque;
    }

    public static Ix Const(int value) => new Ix(value, new KeyValuePair<string, int>[0], null);

    public static Ix Var(string name) => new Ix(0, new[] { new KeyValuePair<string, int>(name, 1) }, null);

    private static Ix Opaque(string text) => new Ix(0, new KeyValuePair<string, int>[0], text);

    /// <summary>The index held at <paramref name="at"/> of the int64 span <paramref name="indices"/>: <c>(int)context[i0]</c>.</summary>
    public static Ix Gathered(string indices, Ix at) => Opaque($"(int){indices}[{at}]");

    public bool IsConstant => _opaque is null && _terms.Length == 0;

    /// <summary>How much the index moves per step of <paramref name="variable"/>; null when it is not affine.</summary>
    public int? CoefficientOf(string variable)
    {
        if (_opaque is not null) return _opaque.Contains(variable) ? (int?)null : 0;
        foreach (var t in _terms)
            if (t.Key == variable) return t.Value;
        return 0;
    }

    public int Constant => _constant;

    public static Ix operator +(Ix a, Ix b)
    {
        if (b.IsConstant && b._constant == 0) return a;
        if (a.IsConstant && a._constant == 0) return b;
        if (a._opaque is not null || b._opaque is not null) return Opaque($"{a} + {b}");
        var terms = new Dictionary<string, int>();
        var order = new List<string>();
        foreach (var t in a._terms.Concat(b._terms))
        {
            if (!terms.ContainsKey(t.Key)) { terms[t.Key] = 0; order.Add(t.Key); }
            terms[t.Key] += t.Value;
        }
        return new Ix(a._constant + b._constant,
            order.Where(k => terms[k] != 0).Select(k => new KeyValuePair<string, int>(k, terms[k])).ToArray(), null);
    }

    public static Ix operator *(Ix a, int c)
    {
        if (c == 0) return Const(0);
        if (a._opaque is not null) return c == 1 ? a : Opaque($"({a}) * {c}");
        return new Ix(a._constant * c, a._terms.Select(t => new KeyValuePair<string, int>(t.Key, t.Value * c)).ToArray(), null);
    }

    public Ix Div(int c) => c == 1 ? this : IsConstant ? Const(_constant / c) : Opaque($"({this}) / {c}");

    public Ix Mod(int c) => c == 1 ? Const(0) : IsConstant ? Const(_constant % c) : Opaque($"({this}) % {c}");

    /// <summary>The flat row-major offset of <paramref name="index"/> in <paramref name="shape"/>.</summary>
    public static Ix Flat(IReadOnlyList<Ix> index, IReadOnlyList<int> shape)
    {
        // Outermost dim first, so the text reads i0 * 16 + i1.
        var strides = new int[shape.Count];
        int stride = 1;
        for (int d = shape.Count - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }
        var flat = Const(0);
        for (int d = 0; d < shape.Count; d++) flat += index[d] * strides[d];
        return flat;
    }

    /// <summary>The multi-index of a flat row-major offset.</summary>
    public static Ix[] Unravel(Ix flat, IReadOnlyList<int> shape)
    {
        var index = new Ix[shape.Count];
        int stride = 1;
        for (int d = shape.Count - 1; d >= 0; d--)
        {
            index[d] = flat.Div(stride).Mod(shape[d]);
            stride *= shape[d];
        }
        return index;
    }

    public bool Equals(Ix? other) => other is not null && ToString() == other.ToString();

    public override bool Equals(object? obj) => obj is Ix other && Equals(other);

    public override int GetHashCode() => ToString().GetHashCode();

    public override string ToString() => _text ??= Format();

    private string? _text;

    private string Format()
    {
        if (_opaque is not null) return _opaque;
        var sb = new StringBuilder();
        foreach (var t in _terms)
        {
            if (sb.Length > 0) sb.Append(" + ");
            sb.Append(t.Key);
            if (t.Value != 1) sb.Append(" * ").Append(t.Value);
        }
        if (_constant != 0 || sb.Length == 0)
        {
            if (sb.Length > 0) sb.Append(" + ");
            sb.Append(_constant);
        }
        return sb.ToString();
    }
}
