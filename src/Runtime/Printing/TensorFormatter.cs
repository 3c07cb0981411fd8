using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace TensorDsl.Printing;

/// <summary>
/// PyTorch's <c>repr(tensor)</c> (torch/_tensor_str.py with the default print options: precision 4,
/// threshold 1000, edgeitems 3, linewidth 80, automatic scientific mode).
/// </summary>
internal static class TensorFormatter
{
    private const int Precision = 4;
    private const int Threshold = 1000;
    private const int EdgeItems = 3;
    private const int LineWidth = 80;
    private const string Prefix = "tensor(";

    /// <summary>
    /// PyTorch's <c>repr(t)</c> of a tensor given its shape, dtype and contiguous row-major elements
    /// (<c>float[]</c>, <c>double[]</c>, <c>long[]</c>, <c>int[]</c> or <c>bool[]</c> as the dtype says).
    /// </summary>
    public static string Format(int[] shape, DType dtype, Array data, string? gradFnName, bool requiresGrad)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long numel = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException("A dimension is negative.", nameof(shape));
            }

            numel *= d;
        }

        Type expected = dtype switch
        {
            DType.Float32 => typeof(float[]),
            DType.Float64 => typeof(double[]),
            DType.Int64 => typeof(long[]),
            DType.Int32 => typeof(int[]),
            DType.Bool => typeof(bool[]),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
        if (data.GetType() != expected)
        {
            throw new ArgumentException($"The data of a {dtype.TorchName()} tensor must be a {expected.Name}.", nameof(data));
        }

        if (data.Length != numel)
        {
            throw new ArgumentException($"The data has {data.Length} elements, the shape {numel}.", nameof(data));
        }

        int indent = Prefix.Length;
        var suffixes = new List<string>();
        string body;
        if (numel == 0)
        {
            // Explicitly print the shape if it is not (0,), and the dtype unless it is the default float32.
            if (shape.Length != 1)
            {
                suffixes.Add("size=" + PythonTuple(shape));
            }

            if (dtype != DType.Float32)
            {
                suffixes.Add("dtype=" + dtype.TorchName());
            }

            body = "[]";
        }
        else
        {
            if (dtype is not (DType.Float32 or DType.Int64 or DType.Bool))
            {
                suffixes.Add("dtype=" + dtype.TorchName());
            }

            body = TensorStr(shape, data, numel > Threshold, indent);
        }

        if (gradFnName != null)
        {
            suffixes.Add("grad_fn=<" + gradFnName + ">");
        }
        else if (requiresGrad)
        {
            suffixes.Add("requires_grad=True");
        }

        return AddSuffixes(Prefix + body, suffixes, indent);
    }

    /// <summary>PyTorch's <c>repr(t.shape)</c>: <c>torch.Size([2, 3])</c>, <c>torch.Size([])</c> for a scalar.</summary>
    public static string FormatSize(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var sb = new StringBuilder("torch.Size([");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        return sb.Append("])").ToString();
    }

    /// <summary>Python's <c>str(tuple(shape))</c>: <c>(2, 0)</c>, <c>(0,)</c>, <c>()</c>.</summary>
    private static string PythonTuple(int[] shape)
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        if (shape.Length == 1)
        {
            sb.Append(',');
        }

        return sb.Append(')').ToString();
    }

    private static string AddSuffixes(string text, List<string> suffixes, int indent)
    {
        var sb = new StringBuilder(text);
        int lastLineLen = text.Length - text.LastIndexOf('\n') + 1;
        foreach (string suffix in suffixes)
        {
            if (lastLineLen + suffix.Length + 2 > LineWidth)
            {
                sb.Append(",\n").Append(' ', indent).Append(suffix);
                lastLineLen = indent + suffix.Length;
            }
            else
            {
                sb.Append(", ").Append(suffix);
                lastLineLen += suffix.Length + 2;
            }
        }

        return sb.Append(')').ToString();
    }

    // ----- layout -----

    private static long[] Strides(int[] shape)
    {
        var strides = new long[shape.Length];
        long s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }

        return strides;
    }

    /// <summary>The indices shown along a dimension of length n: all, or the first and last edge items.</summary>
    private static bool Shortened(int n, bool summarize) => summarize && n > 2 * EdgeItems;

    private static string TensorStr(int[] shape, Array data, bool summarize, int indent)
    {
        long[] strides = Strides(shape);

        // The formatter sees only the elements that are shown.
        var shown = new List<long>();
        CollectShown(shape, strides, 0, 0, summarize, shown);
        var formatter = new ElementFormatter(data, shown);

        var sb = new StringBuilder();
        if (shape.Length == 0)
        {
            sb.Append(formatter.Format(0));
        }
        else
        {
            AppendTensor(sb, shape, strides, 0, 0, summarize, indent, formatter);
        }

        return sb.ToString();
    }

    private static void CollectShown(int[] shape, long[] strides, int dim, long offset, bool summarize, List<long> shown)
    {
        if (dim == shape.Length)
        {
            shown.Add(offset);
            return;
        }

        int n = shape[dim];
        foreach (int i in ShownIndices(n, summarize))
        {
            CollectShown(shape, strides, dim + 1, offset + (i * strides[dim]), summarize, shown);
        }
    }

    private static IEnumerable<int> ShownIndices(int n, bool summarize)
    {
        if (Shortened(n, summarize))
        {
            for (int i = 0; i < EdgeItems; i++)
            {
                yield return i;
            }

            for (int i = n - EdgeItems; i < n; i++)
            {
                yield return i;
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                yield return i;
            }
        }
    }

    private static void AppendTensor(
        StringBuilder sb, int[] shape, long[] strides, int dim, long offset, bool summarize, int indent, ElementFormatter formatter)
    {
        int rank = shape.Length - dim;
        int n = shape[dim];
        bool shortened = Shortened(n, summarize);
        if (rank == 1)
        {
            int elementLength = formatter.Width + 2;
            int perLine = Math.Max(1, (LineWidth - indent) / elementLength);
            var items = new List<string>();
            if (shortened)
            {
                for (int i = 0; i < EdgeItems; i++)
                {
                    items.Add(formatter.Format(offset + (i * strides[dim])));
                }

                items.Add(" ...");
                for (int i = n - EdgeItems; i < n; i++)
                {
                    items.Add(formatter.Format(offset + (i * strides[dim])));
                }
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    items.Add(formatter.Format(offset + (i * strides[dim])));
                }
            }

            sb.Append('[');
            for (int k = 0; k < items.Count; k++)
            {
                if (k > 0)
                {
                    if (k % perLine == 0)
                    {
                        sb.Append(",\n").Append(' ', indent + 1);
                    }
                    else
                    {
                        sb.Append(", ");
                    }
                }

                sb.Append(items[k]);
            }

            sb.Append(']');
            return;
        }

        sb.Append('[');
        bool first = true;
        void Separator()
        {
            if (!first)
            {
                sb.Append(',').Append('\n', rank - 1).Append(' ', indent + 1);
            }

            first = false;
        }

        if (shortened)
        {
            for (int i = 0; i < EdgeItems; i++)
            {
                Separator();
                AppendTensor(sb, shape, strides, dim + 1, offset + (i * strides[dim]), summarize, indent + 1, formatter);
            }

            Separator();
            sb.Append("...");
            for (int i = n - EdgeItems; i < n; i++)
            {
                Separator();
                AppendTensor(sb, shape, strides, dim + 1, offset + (i * strides[dim]), summarize, indent + 1, formatter);
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                Separator();
                AppendTensor(sb, shape, strides, dim + 1, offset + (i * strides[dim]), summarize, indent + 1, formatter);
            }
        }

        sb.Append(']');
    }

    // ----- elements -----

    /// <summary>PyTorch's <c>_Formatter</c>: one width and one mode for every element of the tensor.</summary>
    private sealed class ElementFormatter
    {
        private enum Kind
        {
            Integer,
            Bool,
            Float,
        }

        private readonly Array _data;
        private readonly Kind _kind;
        private readonly bool _intMode = true;
        private readonly bool _sciMode;

        public ElementFormatter(Array data, List<long> shown)
        {
            _data = data;
            Width = 1;
            _kind = data switch
            {
                bool[] => Kind.Bool,
                float[] or double[] => Kind.Float,
                _ => Kind.Integer,
            };

            if (_kind != Kind.Float)
            {
                foreach (long i in shown)
                {
                    Width = Math.Max(Width, Raw(i).Length);
                }

                return;
            }

            // The finite non-zero values, widened to float64.
            var values = new List<double>();
            foreach (long i in shown)
            {
                double v = FloatAt(i);
                if (double.IsFinite(v) && v != 0)
                {
                    values.Add(v);
                }
            }

            if (values.Count == 0)
            {
                return;
            }

            double min = double.PositiveInfinity;
            double max = 0;
            foreach (double v in values)
            {
                double a = Math.Abs(v);
                min = Math.Min(min, a);
                max = Math.Max(max, a);
                if (v != Math.Ceiling(v))
                {
                    _intMode = false;
                }
            }

            if (_intMode)
            {
                if (max / min > 1000.0 || max > 1.0e8)
                {
                    _sciMode = true;
                    foreach (double v in values)
                    {
                        Width = Math.Max(Width, Scientific(v, Precision).Length);
                    }
                }
                else
                {
                    foreach (double v in values)
                    {
                        Width = Math.Max(Width, Fixed(v, 0).Length + 1);
                    }
                }
            }
            else if (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4)
            {
                _sciMode = true;
                foreach (double v in values)
                {
                    Width = Math.Max(Width, Scientific(v, Precision).Length);
                }
            }
            else
            {
                foreach (double v in values)
                {
                    Width = Math.Max(Width, Fixed(v, Precision).Length);
                }
            }
        }

        public int Width { get; }

        /// <summary>The element at a flat index, right-aligned to the common width.</summary>
        public string Format(long index)
        {
            string s = Raw(index);
            return s.Length < Width ? new string(' ', Width - s.Length) + s : s;
        }

        private double FloatAt(long i) => _data is float[] f ? f[i] : ((double[])_data)[i];

        private string Raw(long i)
        {
            switch (_kind)
            {
                case Kind.Bool:
                    return ((bool[])_data)[i] ? "True" : "False";
                case Kind.Integer:
                    return _data is long[] l
                        ? l[i].ToString(CultureInfo.InvariantCulture)
                        : ((int[])_data)[i].ToString(CultureInfo.InvariantCulture);
                default:
                    double v = FloatAt(i);
                    if (double.IsNaN(v))
                    {
                        return "nan";
                    }

                    if (double.IsInfinity(v))
                    {
                        return v > 0 ? "inf" : "-inf";
                    }

                    if (_sciMode)
                    {
                        return Scientific(v, Precision);
                    }

                    return _intMode ? Fixed(v, 0) + "." : Fixed(v, Precision);
            }
        }
    }

    // ----- exact decimal rounding (Python's '{:.Nf}' and '{:.Ne}') -----

    /// <summary>A positive finite double as num / den exactly, den a power of two.</summary>
    private static void Exact(double a, out BigInteger num, out BigInteger den)
    {
        long bits = BitConverter.DoubleToInt64Bits(a);
        int biased = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (biased == 0)
        {
            biased = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        int exp2 = biased - 1075;
        num = new BigInteger(mantissa);
        den = BigInteger.One;
        if (exp2 >= 0)
        {
            num <<= exp2;
        }
        else
        {
            den <<= -exp2;
        }
    }

    /// <summary>num / den rounded to an integer, ties to even.</summary>
    private static BigInteger RoundHalfEven(BigInteger num, BigInteger den)
    {
        BigInteger q = BigInteger.DivRem(num, den, out BigInteger r);
        int c = (r * 2).CompareTo(den);
        if (c > 0 || (c == 0 && !q.IsEven))
        {
            q += 1;
        }

        return q;
    }

    /// <summary>Python's <c>f"{v:.{decimals}f}"</c> for a finite value: the exact binary value rounded half to even.</summary>
    internal static string Fixed(double v, int decimals)
    {
        bool negative = double.IsNegative(v);
        string digits;
        if (v == 0)
        {
            digits = "0";
        }
        else
        {
            Exact(Math.Abs(v), out BigInteger num, out BigInteger den);
            digits = RoundHalfEven(num * BigInteger.Pow(10, decimals), den).ToString(CultureInfo.InvariantCulture);
        }

        if (digits.Length <= decimals)
        {
            digits = new string('0', decimals + 1 - digits.Length) + digits;
        }

        string text = decimals == 0
            ? digits
            : digits.Substring(0, digits.Length - decimals) + "." + digits.Substring(digits.Length - decimals);
        return negative ? "-" + text : text;
    }

    /// <summary>Python's <c>f"{v:.{decimals}e}"</c> for a finite value: the exact binary value rounded half to even,
    /// with a signed exponent of at least two digits.</summary>
    internal static string Scientific(double v, int decimals)
    {
        bool negative = double.IsNegative(v);
        BigInteger mantissa;
        int exponent;
        if (v == 0)
        {
            mantissa = BigInteger.Zero;
            exponent = 0;
        }
        else
        {
            Exact(Math.Abs(v), out BigInteger num, out BigInteger den);
            BigInteger low = BigInteger.Pow(10, decimals);
            BigInteger high = low * 10;
            exponent = (int)Math.Floor(Math.Log10(Math.Abs(v)));

            // x = |v| * 10^(decimals - exponent), to be in [10^decimals, 10^(decimals+1)).
            BigInteger xNum;
            BigInteger xDen;
            while (true)
            {
                int shift = decimals - exponent;
                xNum = shift >= 0 ? num * BigInteger.Pow(10, shift) : num;
                xDen = shift >= 0 ? den : den * BigInteger.Pow(10, -shift);
                if (xNum < low * xDen)
                {
                    exponent--;
                }
                else if (xNum >= high * xDen)
                {
                    exponent++;
                }
                else
                {
                    break;
                }
            }

            mantissa = RoundHalfEven(xNum, xDen);
            if (mantissa == high)
            {
                mantissa = low;
                exponent++;
            }
        }

        string digits = mantissa.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        sb.Append(digits[0]);
        if (decimals > 0)
        {
            sb.Append('.').Append(digits, 1, decimals);
        }

        sb.Append('e').Append(exponent < 0 ? '-' : '+');
        sb.Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
