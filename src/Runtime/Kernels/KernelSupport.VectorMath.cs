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

    // The float forms compute one lane of the vector form where there is one, so that a loop's tail
    // gives what its vector body would (and the eager ops, which run the vector forms, agree with the
    // compiled kernels element for element); MathF elsewhere.

    /// <summary><c>e^x</c>, the scalar form generated loops use for tails.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x) => Vector256.IsHardwareAccelerated ? Exp(Vector256.Create(x)).ToScalar() : MathF.Exp(x);

    /// <summary>
    /// Lane-wise <c>e^x</c>, within 1 ulp: <c>x = n·ln 2 + r</c> with <c>|r| ≤ ln 2 / 2</c>, <c>e^r</c> by a
    /// degree-6 polynomial (Cephes' coefficients), and <c>2^n</c> added to the exponent bits. Where a
    /// lane's result may overflow or fall below the normal range, 2^n is applied in two exact halves
    /// instead, so that it gives ∞ or is rounded once to a subnormal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        // |x| < 87 keeps 2^n·e^r normal; NaN fails the test too.
        if (!Vector256.LessThanAll(Vector256.Abs(x), Vector256.Create(87f))) return ExpWide(x);
        var y = ExpReduced(x, out var n);
        return (y.AsInt32() + Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n), 23)).AsSingle();
    }

    // Exp where some lane may overflow, underflow or be NaN: 2^n applied in two exact halves.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<float> ExpWide(Vector256<float> x)
    {
        // Below -104 every result rounds to 0, above 89 to ∞; the clamp keeps n within [-151, 129]. The
        // bound comes first in MaxNative/MinNative so that a NaN x is the operand returned, and stays NaN.
        var xc = Vector256.MinNative(Vector256.Create(89f), Vector256.MaxNative(Vector256.Create(-104f), x));
        var y = ExpReduced(xc, out var n);
        var ni = Vector256.ConvertToInt32Native(n);
        var h = Vector256.ShiftRightArithmetic(ni, 1);
        return y * Pow2(h) * Pow2(ni - h);
    }

    // e^r for x = n·ln 2 + r: returns e^r and the whole number n (as floats).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpReduced(Vector256<float> x, out Vector256<float> n)
    {
        n = Vector256.Round(x * Vector256.Create(Log2E));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        return Vector256.FusedMultiplyAdd(ExpPolynomial(r), r * r, r) + Vector256.Create(1f);
    }

    // (e^r - 1 - r) / r² for |r| ≤ ln 2 / 2, Cephes' coefficients.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpPolynomial(Vector256<float> r)
    {
        var p = Vector256.Create(1.9875691500e-4f);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.3981999507e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894e-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459e-1f));
        return Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201e-1f));
    }

    // 2^k for integer lanes k in [-126, 127], built from the exponent bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Pow2(Vector256<int> k) =>
        Vector256.ShiftLeft(k + Vector256.Create(127), 23).AsSingle();

    /// <summary><c>ln x</c>, the scalar form generated loops use for tails.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log(float x) => Vector256.IsHardwareAccelerated ? Log(Vector256.Create(x)).ToScalar() : MathF.Log(x);

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
    /// Lane-wise tanh, within 2 ulp: <c>tanh |x| = −m / (m + 2)</c> with <c>m = e^(−2|x|) − 1</c>, computed
    /// as <see cref="Exp(Vector256{float})"/> is but without subtracting 1 at the end (so that small |x|
    /// keeps its precision), then the sign of x put back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var ax = Vector256.Abs(x);
        // Below -30, e^y - 1 is -1 in float; the bound is the first operand so that NaN passes through.
        var y = Vector256.MaxNative(Vector256.Create(-30f), ax * Vector256.Create(-2f));
        var n = Vector256.Round(y * Vector256.Create(Log2E));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), y);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        // e^r - 1, then e^y - 1 = 2^n (e^r - 1) + (2^n - 1), where 2^n - 1 is exact for n in [-44, 0].
        var q = Vector256.FusedMultiplyAdd(ExpPolynomial(r), r * r, r);
        var scale = Pow2(Vector256.ConvertToInt32Native(n));
        var m = Vector256.FusedMultiplyAdd(scale, q, scale - Vector256.Create(1f));
        // Abs turns the -0 of x = 0 into 0 before x's own sign bit goes back on.
        return Vector256.Abs(m / (m + Vector256.Create(2f))) | (x & Vector256.Create(-0f));
    }

    /// <summary>tanh, the scalar form generated loops use for tails.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => Vector256.IsHardwareAccelerated ? Tanh(Vector256.Create(x)).ToScalar() : MathF.Tanh(x);

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
    public static float Sigmoid(float x) => Vector256.IsHardwareAccelerated ? Sigmoid(Vector256.Create(x)).ToScalar() : 1f / (1f + MathF.Exp(-x));

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
