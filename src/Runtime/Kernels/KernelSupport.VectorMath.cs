// Lane-wise exp, log, tanh and sigmoid on Vector256 written out here rather than taken from
// Vector256.Exp/Log: those widen each half to double (exact, but about four times slower) and are
// large methods the JIT does not inline, so a generated loop calls them at tier 0 for its first
// thousands of calls. These are branch-free polynomial forms within 2 ulp of the correctly rounded
// result (VectorMathTests checks every exponent range against double precision).
// The Vector128 forms (for machines without AVX) keep the BCL's functions.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorDsl.Kernels;

public static partial class KernelSupport
{
    // ln 2 split so that n·Ln2Hi is exact for |n| < 2^9 (Cody and Waite's range reduction).
    private const float Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f, Log2E = 1.44269504088896341f;

    /// <summary><c>e^x</c> (<see cref="MathF.Exp(float)"/>), the scalar form generated loops use for tails.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x) => MathF.Exp(x);

    /// <summary>
    /// Lane-wise <c>e^x</c>, within 1 ulp: <c>x = n·ln 2 + r</c> with <c>|r| ≤ ln 2 / 2</c>, <c>e^r</c> by a
    /// degree-6 polynomial (Cephes' coefficients), and <c>2^n</c> applied in two exact halves so that
    /// results that overflow give ∞ and those in the subnormal range are rounded once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        // Below -104 every result rounds to 0, above 89 to ∞; the clamp keeps n within the halves' range.
        var xc = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(-104f)), Vector256.Create(89f));
        var n = Vector256.Round(xc * Vector256.Create(Log2E));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), xc);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.Create(1.9875691500e-4f);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.3981999507e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894e-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459e-1f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201e-1f));
        var y = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256.Create(1f);
        // 2^n as 2^h · 2^(n-h), each a normal float for n in [-151, 129].
        var ni = Vector256.ConvertToInt32(n);
        var h = Vector256.ShiftRightArithmetic(ni, 1);
        y *= Pow2(h);
        y *= Pow2(ni - h);
        // NaN stays NaN (the clamp would have turned it into a number).
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
    }

    // 2^k for integer lanes k in [-126, 127], built from the exponent bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Pow2(Vector256<int> k) =>
        Vector256.ShiftLeft(k + Vector256.Create(127), 23).AsSingle();

    /// <summary><c>ln x</c> (<see cref="MathF.Log(float)"/>), the scalar form generated loops use for tails.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log(float x) => MathF.Log(x);

    /// <summary>
    /// Lane-wise <c>ln x</c>, within 1 ulp: <c>x = m·2^e</c> with <c>m</c> in [√½, √2), and
    /// <c>ln m</c> by Cephes' degree-9 polynomial in <c>m − 1</c>; subnormal inputs are scaled by 2^23
    /// first. 0 gives -∞, negative numbers NaN, ∞ and NaN themselves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log(Vector256<float> x)
    {
        var subnormal = Vector256.LessThan(x, Vector256.Create(1.17549435e-38f));
        var xs = Vector256.ConditionalSelect(subnormal, x * Vector256.Create(8388608f), x);
        var bits = xs.AsInt32();
        var e = Vector256.ShiftRightArithmetic(bits, 23) - Vector256.Create(127);
        e -= Vector256.ConditionalSelect(subnormal.AsInt32(), Vector256.Create(23), Vector256<int>.Zero);
        var m = ((bits & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F800000)).AsSingle();
        // m in [1, 2): above √2 take m/2 and one more power of two, so that f = m - 1 is small.
        var big = Vector256.GreaterThan(m, Vector256.Create(1.41421356f));
        m = Vector256.ConditionalSelect(big, m * Vector256.Create(0.5f), m);
        var ef = Vector256.ConvertToSingle(e) + Vector256.ConditionalSelect(big, Vector256.Create(1f), Vector256<float>.Zero);
        var f = m - Vector256.Create(1f);
        var z = f * f;
        var p = Vector256.Create(7.0376836292e-2f);
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(-1.1514610310e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(1.1676998740e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(-1.2420140846e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(1.4249322787e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(-1.6668057665e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(2.0000714765e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(-2.4999993993e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(3.3333331174e-1f));
        var y = p * f * z;
        y = Vector256.FusedMultiplyAdd(ef, Vector256.Create(Ln2Lo), y);
        y = Vector256.FusedMultiplyAdd(z, Vector256.Create(-0.5f), y);
        var r = Vector256.FusedMultiplyAdd(ef, Vector256.Create(Ln2Hi), f + y);
        // The edges: 0 → -∞, negative → NaN, +∞ and NaN → themselves.
        r = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<float>.Zero), Vector256.Create(float.NegativeInfinity), r);
        r = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256.Create(float.NaN), r);
        return Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(float.PositiveInfinity)) | ~Vector256.Equals(x, x), x, r);
    }

    /// <summary>
    /// Lane-wise tanh, within 2 ulp: below 0.625 in magnitude, <c>x·P(x²)</c> with P the Taylor series
    /// of tanh(x)/x to x^18 (where <c>1 − 2/(e^2x + 1)</c> would cancel); above, that formula on |x|
    /// with the sign put back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var ax = Vector256.Abs(x);
        var x2 = x * x;
        var series = Vector256.Create(TanhC19);
        series = Vector256.FusedMultiplyAdd(series, x2, Vector256.Create(TanhC17));
        series = Vector256.FusedMultiplyAdd(series, x2, Vector256.Create(TanhC15));
        series = Vector256.FusedMultiplyAdd(series, x2, Vector256.Create(TanhC13));
        series = Vector256.FusedMultiplyAdd(series, x2, Vector256.Create(TanhC11));
        series = Vector256.FusedMultiplyAdd(series, x2, Vector256.Create(TanhC9));
        series = Vector256.FusedMultiplyAdd(series, x2, Vector256.Create(TanhC7));
        series = Vector256.FusedMultiplyAdd(series, x2, Vector256.Create(TanhC5));
        series = Vector256.FusedMultiplyAdd(series, x2, Vector256.Create(TanhC3));
        var small = Vector256.FusedMultiplyAdd(ax * x2, series, ax);
        var big = Vector256.Create(1f) - Vector256.Create(2f) / (Exp(ax + ax) + Vector256.Create(1f));
        // |tanh| with the sign bit of x, so that -0 stays -0 (NaN takes the big path and stays NaN).
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.625f)), small, big) | (x & Vector256.Create(-0f));
    }

    /// <summary>Lane-wise tanh for 128-bit vectors, from <see cref="Vector128.Exp(Vector128{float})"/>.</summary>
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        var ax = Vector128.Abs(x);
        var x2 = x * x;
        var series = Vector128.Create(TanhC19);
        series = series * x2 + Vector128.Create(TanhC17);
        series = series * x2 + Vector128.Create(TanhC15);
        series = series * x2 + Vector128.Create(TanhC13);
        series = series * x2 + Vector128.Create(TanhC11);
        series = series * x2 + Vector128.Create(TanhC9);
        series = series * x2 + Vector128.Create(TanhC7);
        series = series * x2 + Vector128.Create(TanhC5);
        series = series * x2 + Vector128.Create(TanhC3);
        var small = ax * x2 * series + ax;
        var big = Vector128.Create(1f) - Vector128.Create(2f) / (Vector128.Exp(ax + ax) + Vector128.Create(1f));
        return Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create(0.625f)), small, big) | (x & Vector128.Create(-0f));
    }

    // tanh(x) = x - x³/3 + 2x⁵/15 - …: the Taylor coefficients of x³ to x^19. At |x| = 0.625 the
    // first term left out is below a quarter of an ulp. Constants, not an array: a method optimized
    // before the class is initialized cannot fold a static array's elements.
    private const float TanhC3 = (float)(-1.0 / 3.0), TanhC5 = (float)(2.0 / 15.0), TanhC7 = (float)(-17.0 / 315.0),
        TanhC9 = (float)(62.0 / 2835.0), TanhC11 = (float)(-1382.0 / 155925.0), TanhC13 = (float)(21844.0 / 6081075.0),
        TanhC15 = (float)(-929569.0 / 638512875.0), TanhC17 = (float)(6404582.0 / 10854718875.0),
        TanhC19 = (float)(-443861162.0 / 1856156927625.0);

    /// <summary><c>1 / (1 + e^-x)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>Lane-wise <see cref="Sigmoid(float)"/>, from <see cref="Exp(Vector256{float})"/>: within 2 ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256.Create(1f) / (Vector256.Create(1f) + Exp(-x));

    /// <summary>Lane-wise <see cref="Sigmoid(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Vector128.Create(1f) / (Vector128.Create(1f) + Vector128.Exp(-x));

    /// <summary>Lane-wise <c>e^x</c> for 128-bit vectors (the BCL's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x) => Vector128.Exp(x);

    /// <summary>Lane-wise <c>ln x</c> for 128-bit vectors (the BCL's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Log(Vector128<float> x) => Vector128.Log(x);
}
