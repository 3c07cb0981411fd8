using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;

namespace TensorDsl.Printing;

/// <summary>Python's text for scalar values, as <c>repr</c> and <c>print</c> show them.</summary>
internal static class PythonFormat
{
    /// <summary>
    /// Python's <c>repr(float)</c>: the shortest digits that round-trip, in positional notation when the
    /// decimal exponent is in [-4, 16), else scientific with a signed exponent of at least two digits
    /// (<c>1.0</c>, <c>0.1</c>, <c>1e-05</c>, <c>1e+16</c>, <c>nan</c>, <c>inf</c>, <c>-0.0</c>).
    /// </summary>
    public static string Float(double v)
    {
        if (double.IsNaN(v))
        {
            return "nan";
        }

        if (double.IsPositiveInfinity(v))
        {
            return "inf";
        }

        if (double.IsNegativeInfinity(v))
        {
            return "-inf";
        }

        bool negative = double.IsNegative(v);
        if (v == 0)
        {
            return negative ? "-0.0" : "0.0";
        }

        // .NET (Core 3.0 and later) gives the shortest round-trip digits with "R"; only its layout differs from Python's.
        ShortestDigits(Math.Abs(v), out string digits, out int pointPos);

        // The value is 0.d1d2d3... * 10^pointPos; the scientific exponent is pointPos - 1.
        int exponent = pointPos - 1;
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (exponent < -4 || exponent >= 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(exponent < 0 ? '-' : '+');
            sb.Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (pointPos <= 0)
        {
            sb.Append("0.").Append('0', -pointPos).Append(digits);
        }
        else if (pointPos >= digits.Length)
        {
            sb.Append(digits).Append('0', pointPos - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Python's <c>print</c> text of a value: <c>None</c>, <c>True</c>/<c>False</c>, floats as <see cref="Float"/>
    /// (a float32 widened, as PyTorch's <c>item()</c> returns a Python float), integers in decimal, strings as they
    /// are, lists, tuples and dicts as Python shows them (their elements by <see cref="Repr"/>), and TensorDsl's own
    /// types (tensors, sizes, modules) by their <c>ToString</c>, which is PyTorch's repr.
    /// </summary>
    public static string Value(object? v) => v is string s ? s : Repr(v);

    /// <summary>
    /// Python's <c>repr</c>: strings quoted (<c>'word'</c>, or <c>"it's"</c>), C# arrays and lists as lists,
    /// tuples as tuples (<c>(1,)</c> for one element), dictionaries as <c>{'a': 1}</c> in their enumeration order.
    /// </summary>
    public static string Repr(object? v) => v switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        float f => Float(f),
        double d => Float(d),
        string s => Quote(s),
        char c => Quote(c.ToString()),
        DType dtype => dtype.TorchName(),
        _ when !v.GetType().IsArray && v.GetType().Assembly == typeof(PythonFormat).Assembly => v.ToString() ?? "",
        ITuple t => Tuple(t),
        IDictionary dict => Dict(dict),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Repr)) + "]",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static string Tuple(ITuple t)
    {
        var parts = new string[t.Length];
        for (int i = 0; i < t.Length; i++) parts[i] = Repr(t[i]);
        return t.Length == 1 ? $"({parts[0]},)" : "(" + string.Join(", ", parts) + ")";
    }

    private static string Dict(IDictionary dict)
    {
        var parts = new List<string>();
        foreach (DictionaryEntry e in dict) parts.Add(Repr(e.Key) + ": " + Repr(e.Value));
        return "{" + string.Join(", ", parts) + "}";
    }

    // Python's str.__repr__: single quotes unless the text has one and no double quote; escapes.
    private static string Quote(string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder().Append(quote);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote) sb.Append('\\').Append(c);
                    else if (c < ' ' || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }

    /// <summary>The shortest round-trip significant digits of a positive finite value, without leading or
    /// trailing zeros, and the position of the decimal point: value = 0.digits * 10^pointPos.</summary>
    private static void ShortestDigits(double a, out string digits, out int pointPos)
    {
        string r = a.ToString("R", CultureInfo.InvariantCulture);
        int exp = 0;
        int ePos = r.IndexOfAny(['E', 'e']);
        string mantissa = r;
        if (ePos >= 0)
        {
            exp = int.Parse(r.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = r.Substring(0, ePos);
        }

        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        int intLen = dot >= 0 ? dot : mantissa.Length;
        string all = dot >= 0 ? mantissa.Remove(dot, 1) : mantissa;
        int lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0')
        {
            lead++;
        }

        string trimmed = all.Substring(lead).TrimEnd('0');
        if (trimmed.Length == 0)
        {
            trimmed = "0";
        }

        digits = trimmed;
        pointPos = intLen - lead + exp;
    }
}
