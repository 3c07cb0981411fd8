using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using TensorDsl.Kernels;
using TensorDsl.Autograd;
using TensorDsl.Ops;
using TensorDsl.Shapes;

namespace TensorDsl;

// Element-wise arithmetic with broadcasting and PyTorch's type promotion.
public sealed partial class Tensor
{
    // A C# number used as an operand; PyTorch calls these wrapped numbers and gives them the
    // lowest priority in type promotion.
    private bool _isWrappedNumber;

    internal bool IsWrappedNumber => _isWrappedNumber;

    internal static Tensor Wrap(double value) => new(new[] { value }, Array.Empty<int>()) { _isWrappedNumber = true };

    internal static Tensor Wrap(long value) => new(new[] { value }, Array.Empty<int>()) { _isWrappedNumber = true };

    /// <summary>
    /// A C# number where a tensor is expected, as a Python number: <c>t[0] = 5.0</c> writes 5 in
    /// <c>t</c>'s dtype. It takes part in type promotion as PyTorch's wrapped numbers do.
    /// </summary>
    public static implicit operator Tensor(double value) => Wrap(value);

    // ---- operators -------------------------------------------------------------------------

    public static Tensor operator +(Tensor a, Tensor b) => Add(a, b);
    public static Tensor operator +(Tensor a, double b) => Add(a, Wrap(b));
    public static Tensor operator +(double a, Tensor b) => Add(b, Wrap(a));
    public static Tensor operator +(Tensor a, long b) => Add(a, Wrap(b));
    public static Tensor operator +(long a, Tensor b) => Add(b, Wrap(a));

    public static Tensor operator -(Tensor a, Tensor b) => Sub(a, b, "SubBackward0");
    public static Tensor operator -(Tensor a, double b) => Sub(a, Wrap(b), "SubBackward0");
    public static Tensor operator -(double a, Tensor b) => Sub(Wrap(a), b, "RsubBackward1");
    public static Tensor operator -(Tensor a, long b) => Sub(a, Wrap(b), "SubBackward0");
    public static Tensor operator -(long a, Tensor b) => Sub(Wrap(a), b, "RsubBackward1");

    public static Tensor operator *(Tensor a, Tensor b) => Mul(a, b);
    public static Tensor operator *(Tensor a, double b) => Mul(a, Wrap(b));
    public static Tensor operator *(double a, Tensor b) => Mul(b, Wrap(a));
    public static Tensor operator *(Tensor a, long b) => Mul(a, Wrap(b));
    public static Tensor operator *(long a, Tensor b) => Mul(b, Wrap(a));

    public static Tensor operator /(Tensor a, Tensor b) => Div(a, b);
    public static Tensor operator /(Tensor a, double b) => Div(a, Wrap(b));
    // Python's number / tensor is tensor.reciprocal() * number (torch/_tensor.py __rtruediv__).
    public static Tensor operator /(double a, Tensor b) => Mul(b.Reciprocal(), Wrap(a));
    public static Tensor operator /(Tensor a, long b) => Div(a, Wrap(b));
    public static Tensor operator /(long a, Tensor b) => Mul(b.Reciprocal(), Wrap(a));

    public static Tensor operator -(Tensor a) => a.Neg();

    // ---- type promotion --------------------------------------------------------------------

    /// <summary>
    /// PyTorch's <c>result_type</c>: tensors with dims outrank 0-dim tensors, which outrank wrapped
    /// numbers, except that a higher category (bool &lt; integer &lt; floating) from a lower
    /// priority still promotes. A wrapped float counts as the default dtype (float32).
    /// </summary>
    internal static DType ResultType(Tensor a, Tensor b)
    {
        DType? dims = null, zeroDim = null, wrapped = null;
        foreach (var t in new[] { a, b })
        {
            if (t._isWrappedNumber)
                wrapped = PromoteSkip(wrapped, t.DType.IsFloatingPoint() ? DType.Float32 : t.DType);
            else if (t.Sizes.Length == 0)
                zeroDim = PromoteSkip(zeroDim, t.DType);
            else
                dims = PromoteSkip(dims, t.DType);
        }
        return Combine(dims, Combine(zeroDim, wrapped))!.Value;

        static DType? PromoteSkip(DType? x, DType y) => x is null ? y : DTypeInfo.Promote(x.Value, y);

        static DType? Combine(DType? higher, DType? lower)
        {
            if (higher is null) return lower;
            if (lower is null) return higher;
            if (higher.Value.IsFloatingPoint()) return higher;
            if (higher == DType.Bool || lower.Value.IsFloatingPoint()) return DTypeInfo.Promote(higher.Value, lower.Value);
            return higher;
        }
    }

    // ---- binary ops ------------------------------------------------------------------------

    private static Tensor Add(Tensor a, Tensor b) => Record(Binary<AddOp>(a, b, ResultType(a, b)), OpKind.Add, [a, b]);

    private static Tensor Sub(Tensor a, Tensor b, string nodeName)
    {
        var dtype = ResultType(a, b);
        SubCheck(a, b);
        return Record(Binary<SubOp>(a, b, dtype), OpKind.Sub, [a, b], nodeName: nodeName);
    }

    // PyTorch's sub_check: two bools, then a bool on either side.
    private static void SubCheck(Tensor a, Tensor b)
    {
        if (a.DType == DType.Bool && b.DType == DType.Bool)
            throw Errors.Argument("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
        if (a.DType == DType.Bool || b.DType == DType.Bool)
            throw Errors.Argument("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
    }

    private static Tensor Mul(Tensor a, Tensor b) => Record(Binary<MulOp>(a, b, ResultType(a, b)), OpKind.Mul, [a, b]);

    private static Tensor Div(Tensor a, Tensor b)
    {
        // True division: integer operands give the default float dtype.
        var dtype = ResultType(a, b);
        if (!dtype.IsFloatingPoint()) dtype = DType.Float32;
        return Record(Binary<DivOp>(a, b, dtype), OpKind.Div, [a, b]);
    }

    private static Tensor Binary<TOp>(Tensor a, Tensor b, DType dtype) where TOp : IBinaryOp
    {
        var shape = Errors.Check(ShapeRules.Broadcast(a.Sizes, b.Sizes));
        return OutputLayout.Zip(a, b, shape, dtype, dtype, static (x, y, s, d) => BinaryValues<TOp>(x, y, s, d));
    }

    // The values of a binary op as a row-major tensor of shape.
    private static Tensor BinaryValues<TOp>(Tensor a, Tensor b, int[] shape, DType dtype) where TOp : IBinaryOp
    {
        if (dtype == DType.Float32 && BinaryFloat<TOp>(a, b, shape) is { } fast) return new Tensor(fast, shape);
        // Bools compute as ints: + is "or", * is "and" once cast back.
        var compute = dtype == DType.Bool ? DType.Int32 : dtype;
        Array result = compute switch
        {
            DType.Float32 => Map<float, TOp>(a.Read<float>(shape), b.Read<float>(shape)),
            DType.Float64 => Map<double, TOp>(a.Read<double>(shape), b.Read<double>(shape)),
            DType.Int64 => Map<long, TOp>(a.Read<long>(shape), b.Read<long>(shape)),
            _ => Map<int, TOp>(a.Read<int>(shape), b.Read<int>(shape)),
        };
        var t = new Tensor(result, shape);
        return dtype == DType.Bool ? t.Cast(DType.Bool) : t;
    }

    private static T[] Map<T, TOp>(T[] x, T[] y) where T : INumber<T> where TOp : IBinaryOp
    {
        for (int i = 0; i < x.Length; i++) x[i] = TOp.Apply(x[i], y[i]);
        return x;
    }

    internal interface IBinaryOp
    {
        static abstract T Apply<T>(T a, T b) where T : INumber<T>;

        static abstract Vector256<float> Apply(Vector256<float> a, Vector256<float> b);
    }

    private readonly struct AddOp : IBinaryOp
    {
        public static T Apply<T>(T a, T b) where T : INumber<T> => a + b;
        public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a + b;
    }

    private readonly struct SubOp : IBinaryOp
    {
        public static T Apply<T>(T a, T b) where T : INumber<T> => a - b;
        public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a - b;
    }

    private readonly struct MulOp : IBinaryOp
    {
        public static T Apply<T>(T a, T b) where T : INumber<T> => a * b;
        public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a * b;
    }

    private readonly struct DivOp : IBinaryOp
    {
        public static T Apply<T>(T a, T b) where T : INumber<T> => a / b;
        public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a / b;
    }

    // ---- unary ops -------------------------------------------------------------------------

    /// <summary><c>-t</c>.</summary>
    public Tensor Neg() => Unary(OpKind.Neg);

    /// <summary><c>|t|</c>.</summary>
    public Tensor Abs() => Unary(OpKind.Abs);

    /// <summary>The sign of each element: 1, -1, or 0 for 0 and NaN (bools stay bools).</summary>
    public Tensor Sign() => Unary(OpKind.Sign);

    /// <summary><c>max(t, 0)</c>.</summary>
    public Tensor Relu() => Unary(OpKind.Relu);

    /// <summary><c>t * t</c>, as <c>torch.square</c> (PyTorch's <c>pow(t, 2)</c>: integer tensors stay integers, bools give int64).</summary>
    public Tensor Square() => Unary(OpKind.Square);

    /// <summary><c>e^t</c>; integer tensors give float32.</summary>
    public Tensor Exp() => Unary(OpKind.Exp);

    /// <summary>The natural logarithm.</summary>
    public Tensor Log() => Unary(OpKind.Log);

    /// <summary><c>log(1 + t)</c>, accurate for small <c>t</c>.</summary>
    public Tensor Log1p() => Unary(OpKind.Log1p);

    /// <summary>The square root.</summary>
    public Tensor Sqrt() => Unary(OpKind.Sqrt);

    /// <summary><c>1 / sqrt(t)</c>.</summary>
    public Tensor Rsqrt() => Unary(OpKind.Rsqrt);

    /// <summary><c>1 / t</c>; integer tensors give float32.</summary>
    public Tensor Reciprocal() => Unary(OpKind.Reciprocal);

    /// <summary>The sine (radians).</summary>
    public Tensor Sin() => Unary(OpKind.Sin);

    /// <summary>The cosine (radians).</summary>
    public Tensor Cos() => Unary(OpKind.Cos);

    /// <summary>The hyperbolic tangent.</summary>
    public Tensor Tanh() => Unary(OpKind.Tanh);

    /// <summary>The logistic function <c>1 / (1 + e^-t)</c>.</summary>
    public Tensor Sigmoid() => Unary(OpKind.Sigmoid);

    /// <summary>
    /// The element-wise op <paramref name="kind"/>, recorded with its derivative from the op table.
    /// Each unary op's forward kernel is its case here and its element function below.
    /// </summary>
    internal Tensor Unary(OpKind kind)
    {
        // Integer inputs of the floating functions compute in float32.
        var common = kind is OpKind.Neg or OpKind.Abs or OpKind.Sign or OpKind.Relu or OpKind.Square || DType.IsFloatingPoint() ? DType : DType.Float32;
        var r = OutputLayout.Map(this, common, kind, static (x, k) => x.UnaryValues(k));
        return Record(r, kind, [this]);
    }

    // The values of a unary op as a row-major tensor.
    private Tensor UnaryValues(OpKind kind) => kind switch
    {
        OpKind.Neg => DType == DType.Bool
            ? throw Errors.Argument("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
            : Numeric<NegOp>(this),
        OpKind.Abs => DType == DType.Bool ? throw Errors.Argument("\"abs_cpu\" not implemented for 'Bool'") : Numeric<AbsOp>(this),
        OpKind.Sign => DType == DType.Bool ? Cast(DType.Bool) : Numeric<SignOp>(this),
        OpKind.Relu => DType == DType.Bool ? throw Errors.Argument("Boolean inputs not supported for relu") : Numeric<ReluOp>(this),
        OpKind.Square => DType == DType.Float32 && UnaryFloat<SquareOp>(this) is { } squares ? new Tensor(squares, (int[])Sizes.Clone())
            : DType.IsFloatingPoint() ? PowValues(2) : PowInteger(2),
        OpKind.Exp => Floating<ExpOp>(this),
        OpKind.Log => Floating<LogOp>(this),
        OpKind.Log1p => Floating<Log1pOp>(this),
        OpKind.Sqrt => Floating<SqrtOp>(this),
        OpKind.Rsqrt => Floating<RsqrtOp>(this),
        OpKind.Reciprocal => Floating<ReciprocalOp>(this),
        OpKind.Sin => Floating<SinOp>(this),
        OpKind.Cos => Floating<CosOp>(this),
        OpKind.Tanh => Floating<TanhOp>(this),
        OpKind.Sigmoid => Floating<SigmoidOp>(this),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a unary element-wise op"),
    };

    /// <summary>The element-wise op <paramref name="kind"/> of one or two tensors (for derivative formulas).</summary>
    internal static Tensor Elementwise(OpKind kind, Tensor x, Tensor? y) => kind switch
    {
        OpKind.Add => x + y!,
        OpKind.Sub => x - y!,
        OpKind.Mul => x * y!,
        OpKind.Div => x / y!,
        OpKind.Pow => x.Pow(y!.ScalarAsDouble()),
        _ => x.Unary(kind),
    };

    /// <summary><c>t ** exponent</c> for a whole exponent: integer tensors stay integers.</summary>
    public Tensor Pow(long exponent) =>
        DType.IsFloatingPoint() ? Pow((double)exponent) : OutputLayout.Map(this, DType, exponent, static (x, e) => x.PowInteger(e));

    /// <summary><c>t ** exponent</c>; integer tensors give float32.</summary>
    public Tensor Pow(double exponent) =>
        Record(OutputLayout.Map(this, DType.IsFloatingPoint() ? DType : DType.Float32, exponent, static (x, e) => x.PowValues(e)),
            OpKind.Pow, [this], exponent: exponent);

    // t ** exponent outside the graph; integer tensors give float32.
    private Tensor PowValues(double exponent)
    {
        var source = DType.IsFloatingPoint() ? this : Cast(DType.Float32);
        Array result = source.Storage is double[]
            ? MapPow(source.Read<double>(), exponent)
            : MapPow(source.Read<float>(), (float)exponent);
        return new Tensor(result, (int[])Sizes.Clone());
    }

    private static T[] MapPow<T>(T[] x, T exponent) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) x[i] = PowElement(x[i], exponent);
        return x;
    }

    /// <summary>
    /// One element of <c>t ** exponent</c>. PyTorch special-cases the common exponents to exact
    /// products, not pow(); compiled kernels with a runtime exponent call this too.
    /// </summary>
    internal static T PowElement<T>(T v, T exponent) where T : IFloatingPointIeee754<T>
    {
        var two = T.CreateTruncating(2);
        return exponent == two ? v * v
            : exponent == T.One ? v
            : exponent == T.CreateTruncating(3) ? v * v * v
            : exponent == T.CreateTruncating(0.5) ? T.Sqrt(v)
            : exponent == -T.One ? T.One / v
            : exponent == -two ? T.One / (v * v)
            : T.Pow(v, exponent);
    }

    private Tensor PowInteger(long exponent)
    {
        if (exponent < 0) throw Errors.Argument("Integers to negative integer powers are not allowed.");
        var x = Read<long>();
        for (int i = 0; i < x.Length; i++)
        {
            long acc = 1, b = x[i];
            for (long e = exponent; e > 0; e >>= 1, b *= b)
                if ((e & 1) != 0) acc *= b;
            x[i] = acc;
        }
        return new Tensor(x, (int[])Sizes.Clone()).Cast(DType == DType.Bool ? DType.Int64 : DType);
    }

    /// <summary>
    /// <c>log(1 + x)</c> without the cancellation of adding 1: with <c>u = 1 + x</c> rounded,
    /// <c>log(u) · x / (u − 1)</c> corrects the rounding of <c>u</c> (Goldberg's method).
    /// </summary>
    internal static double Log1pElement(double x)
    {
        double u = 1 + x;
        if (u == 1) return x;
        if (double.IsPositiveInfinity(u)) return u;
        return Math.Log(u) * (x / (u - 1));
    }

    private static Tensor Numeric<TOp>(Tensor t) where TOp : INumericUnaryOp
    {
        if (t.DType == DType.Float32 && UnaryFloat<TOp>(t) is { } fast) return new Tensor(fast, (int[])t.Sizes.Clone());
        Array result = t.DType switch
        {
            DType.Float32 => MapNumeric<float, TOp>(t.Read<float>()),
            DType.Float64 => MapNumeric<double, TOp>(t.Read<double>()),
            DType.Int64 => MapNumeric<long, TOp>(t.Read<long>()),
            _ => MapNumeric<int, TOp>(t.Read<int>()),
        };
        return new Tensor(result, (int[])t.Sizes.Clone());
    }

    private static Tensor Floating<TOp>(Tensor t) where TOp : IFloatingUnaryOp
    {
        if (t.DType == DType.Float32 && UnaryFloat<TOp>(t) is { } fast) return new Tensor(fast, (int[])t.Sizes.Clone());
        // Integer and bool inputs compute in the default float dtype, as PyTorch does.
        Array result = t.DType == DType.Float64
            ? MapFloating<double, TOp>(t.Read<double>())
            : MapFloating<float, TOp>(t.Read<float>());
        return new Tensor(result, (int[])t.Sizes.Clone());
    }

    private static T[] MapNumeric<T, TOp>(T[] x) where T : INumber<T> where TOp : INumericUnaryOp
    {
        for (int i = 0; i < x.Length; i++) x[i] = TOp.Apply(x[i]);
        return x;
    }

    private static T[] MapFloating<T, TOp>(T[] x) where T : IFloatingPointIeee754<T> where TOp : IFloatingUnaryOp
    {
        for (int i = 0; i < x.Length; i++) x[i] = TOp.Apply(x[i]);
        return x;
    }

    internal interface INumericUnaryOp : IVectorUnaryOp
    {
        static abstract T Apply<T>(T x) where T : INumber<T>;
    }

    internal interface IFloatingUnaryOp : IVectorUnaryOp
    {
        static abstract T Apply<T>(T x) where T : IFloatingPointIeee754<T>;
    }

    private readonly struct NegOp : INumericUnaryOp
    {
        public static T Apply<T>(T x) where T : INumber<T> => -x;
        public static Vector256<float> Apply(Vector256<float> x) => -x;
    }

    private readonly struct AbsOp : INumericUnaryOp
    {
        public static T Apply<T>(T x) where T : INumber<T> => T.Abs(x);
        public static Vector256<float> Apply(Vector256<float> x) => Vector256.Abs(x);
    }

    private readonly struct SignOp : INumericUnaryOp
    {
        public static T Apply<T>(T x) where T : INumber<T> => x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;
        public static Vector256<float> Apply(Vector256<float> x) => KernelSupport.Sign(x);
    }

    private readonly struct ReluOp : INumericUnaryOp
    {
        public static T Apply<T>(T x) where T : INumber<T> => T.IsNaN(x) ? x : T.Max(x, T.Zero);
        public static Vector256<float> Apply(Vector256<float> x) => KernelSupport.Relu(x);
    }

    // A float computes as one lane of the vector function (KernelSupport's float forms), so that an
    // element gets the same bits whatever the tensor's layout; a double as .NET's function. The type
    // tests fold away when the JIT specializes Apply<float> and Apply<double>.
    private readonly struct ExpOp : IFloatingUnaryOp
    {
        public static T Apply<T>(T x) where T : IFloatingPointIeee754<T> => typeof(T) == typeof(float) ? (T)(object)KernelSupport.Exp((float)(object)x) : T.Exp(x);
        public static Vector256<float> Apply(Vector256<float> x) => KernelSupport.Exp(x);
    }

    private readonly struct LogOp : IFloatingUnaryOp
    {
        public static T Apply<T>(T x) where T : IFloatingPointIeee754<T> => typeof(T) == typeof(float) ? (T)(object)KernelSupport.Log((float)(object)x) : T.Log(x);
        public static Vector256<float> Apply(Vector256<float> x) => KernelSupport.Log(x);
    }

    // In double, then rounded: as close to the true value as a float can be, in most cases.
    private readonly struct Log1pOp : IFloatingUnaryOp
    {
        public static T Apply<T>(T x) where T : IFloatingPointIeee754<T> => T.CreateTruncating(Log1pElement(double.CreateTruncating(x)));
        // Lane by lane, in double as above: the float formula of the kernels is less exact.
        public static Vector256<float> Apply(Vector256<float> x)
        {
            Span<float> lanes = stackalloc float[8];
            x.CopyTo(lanes);
            for (int i = 0; i < 8; i++) lanes[i] = (float)Log1pElement(lanes[i]);
            return Vector256.Create<float>(lanes);
        }
    }

    private readonly struct SqrtOp : IFloatingUnaryOp
    {
        public static T Apply<T>(T x) where T : IFloatingPointIeee754<T> => T.Sqrt(x);
        public static Vector256<float> Apply(Vector256<float> x) => Vector256.Sqrt(x);
    }

    // As PyTorch's kernel: a division by the rounded square root, not an approximate reciprocal square root.
    private readonly struct RsqrtOp : IFloatingUnaryOp
    {
        public static T Apply<T>(T x) where T : IFloatingPointIeee754<T> => T.One / T.Sqrt(x);
        public static Vector256<float> Apply(Vector256<float> x) => KernelSupport.Rsqrt(x);
    }

    private readonly struct ReciprocalOp : IFloatingUnaryOp
    {
        public static T Apply<T>(T x) where T : IFloatingPointIeee754<T> => T.One / x;
        public static Vector256<float> Apply(Vector256<float> x) => KernelSupport.Reciprocal(x);
    }

    private readonly struct SinOp : IFloatingUnaryOp
    {
        public static T Apply<T>(T x) where T : IFloatingPointIeee754<T> => T.Sin(x);
        public static Vector256<float> Apply(Vector256<float> x) => Vector256.Sin(x);
    }

    private readonly struct CosOp : IFloatingUnaryOp
    {
        public static T Apply<T>(T x) where T : IFloatingPointIeee754<T> => T.Cos(x);
        public static Vector256<float> Apply(Vector256<float> x) => Vector256.Cos(x);
    }

    private readonly struct TanhOp : IFloatingUnaryOp
    {
        public static T Apply<T>(T x) where T : IFloatingPointIeee754<T> => typeof(T) == typeof(float) ? (T)(object)KernelSupport.Tanh((float)(object)x) : T.Tanh(x);
        public static Vector256<float> Apply(Vector256<float> x) => KernelSupport.Tanh(x);
    }

    private readonly struct SigmoidOp : IFloatingUnaryOp
    {
        public static T Apply<T>(T x) where T : IFloatingPointIeee754<T> => typeof(T) == typeof(float) ? (T)(object)KernelSupport.Sigmoid((float)(object)x) : T.One / (T.One + T.Exp(-x));
        public static Vector256<float> Apply(Vector256<float> x) => KernelSupport.Sigmoid(x);
    }

    private readonly struct SquareOp : IVectorUnaryOp
    {
        public static Vector256<float> Apply(Vector256<float> x) => x * x;
    }

    // ---- autograd helpers ------------------------------------------------------------------

    /// <summary>Attaches a backward node to <paramref name="result"/> when grad mode is on and an input requires grad.</summary>
    internal static Tensor Record(Tensor result, string name, Tensor?[] inputs, Func<Tensor, Tensor?[]> backward, bool savesTensors = true)
    {
        if (!GradMode.IsEnabled) return result;
        Tensor?[]? edges = null;
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is { RequiresGrad: true } input)
            {
                edges ??= new Tensor?[inputs.Length];
                edges[i] = input;
            }
        }
        if (edges is null) return result;
        if (savesTensors)
        {
            // A backward of its own reads its inputs: each must be as it was when the op ran.
            var versions = SavedVersions(inputs, null);
            var run = backward;
            backward = g =>
            {
                for (int i = 0; i < inputs.Length; i++)
                    if (inputs[i] is { } input) CheckSaved(input, versions[i], null);
                return run(g);
            };
        }
        result.GradFn = new Node(name, edges, backward, savesTensors);
        return result;
    }

    /// <summary>
    /// Records <paramref name="result"/> of the op <paramref name="kind"/>: its node is the row's
    /// (or <paramref name="nodeName"/>), and its backward the op's derivative formula, evaluated over
    /// tensors. Reductions and normalizations pass their <paramref name="dim"/>; pow its exponent.
    /// </summary>
    internal static Tensor Record(Tensor result, OpKind kind, Tensor[] inputs, string? nodeName = null, double? exponent = null,
        int dim = TensorGradient.AllDims, bool keepDim = false)
    {
        if (!GradMode.IsEnabled || !AnyRequiresGrad(inputs)) return result;
        var row = OpTable.Row(kind);
        var derivative = row.Derivative ?? throw new ArgumentException($"{kind} has no derivative formula", nameof(kind));
        string name = nodeName ?? row.GradFn!;
        var versions = SavedVersions(inputs, result);
        Node? node = null;
        var recorded = Record(result, name, inputs, g =>
        {
            var d = new TensorGradient(g, result, inputs, exponent, dim, keepDim, versions, name);
            var grads = new Tensor?[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
                if (inputs[i].RequiresGrad) grads[i] = TensorGradient.FitTo(derivative(d, i), inputs[i].Sizes);
            // What the formula read, the node keeps: freed after a backward without retainGraph.
            node!.SavesTensors = d.ReadSaved;
            return grads;
        }, savesTensors: false);
        node = recorded.GradFn;
        return recorded;
    }

    private static bool AnyRequiresGrad(Tensor?[] inputs)
    {
        foreach (var t in inputs)
            if (t is { RequiresGrad: true }) return true;
        return false;
    }

    // The version of each input (and of the result, last) when an op saved them.
    private static int[] SavedVersions(Tensor?[] inputs, Tensor? result)
    {
        var versions = new int[inputs.Length + 1];
        for (int i = 0; i < inputs.Length; i++) versions[i] = inputs[i]?.Version ?? 0;
        versions[^1] = result?.Version ?? 0;
        return versions;
    }

    /// <summary>Throws PyTorch's error when <paramref name="saved"/> was modified in place after an op saved it.</summary>
    internal static void CheckSaved(Tensor saved, int version, string? outputOf)
    {
        if (saved.IsWrappedNumber) return;
        int now = saved.Version;
        if (now != version) throw ModifiedError(saved, version, outputOf ?? saved.GradFn?.Name);
    }

    /// <summary>A broadcast gradient summed back to the input's shape.</summary>
    internal static Tensor SumTo(Tensor g, int[] shape)
    {
        if (ShapeRules.SameShape(g.Sizes, shape)) return g;
        int lead = g.Sizes.Length - shape.Length;
        var r = g;
        for (int i = 0; i < lead; i++) r = r.Sum(0);
        for (int d = 0; d < shape.Length; d++)
            if (shape[d] == 1 && r.Sizes[d] != 1) r = r.Sum(d, keepDim: true);
        return r;
    }
}
