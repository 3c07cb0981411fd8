using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorDsl;

/// <summary>
/// The float32 Box-Muller step of PyTorch's normal fill on x86-64 (<c>normal_fill_16_AVX2</c>): log, sine and
/// cosine by the Cephes-derived float32 polynomials of ATen's <c>log256_ps</c> and <c>sincos256_ps</c>, step for
/// step, with a fused multiply-add exactly where GCC's FP contraction puts one in the compiled libtorch. That gives
/// libtorch's bits, not merely values within an ulp of them.
/// </summary>
/// <remarks>
/// Every operation is an IEEE one with one rounding (a fused multiply-add is one operation), so the result does
/// not depend on the CPU: with AVX2 and FMA the JIT emits the same instructions as libtorch; elsewhere
/// the runtime emulates <see cref="Vector256{T}"/> in software (<see cref="Vector256.FusedMultiplyAdd(Vector256{float}, Vector256{float}, Vector256{float})"/>
/// stays fused there) and gives the same bits, more slowly. The JIT never contracts a separate multiply and add.
/// </remarks>
internal static class BoxMuller
{
    // Float constants as ATen spells them: literals rounded once to float.
    private const float TwoPi = (float)(2.0 * Math.PI);
    private const float SqrtHalf = 0.707106781186547524f;
    private const float FourOverPi = 1.27323954473516f;

    // ln 2 ≈ Ln2Hi + Ln2Lo, split for the exponent (Ln2Hi has 9 significant bits, so e·Ln2Hi is exact).
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;

    // π/4 in three parts for the range reduction.
    private const float PiOver4A = -0.78515625f;
    private const float PiOver4B = -2.4187564849853515625e-4f;
    private const float PiOver4C = -3.77489497744594108e-8f;

    /// <summary>
    /// Turns one block of 16 uniforms in [0, 1) into normals: <c>d[j]</c> and <c>d[j + 8]</c> (j &lt; 8) become
    /// <c>r·cos θ</c> and <c>r·sin θ</c> with <c>r = √(−2 ln(1 − d[j]))</c> and <c>θ = 2π·d[j + 8]</c>, each
    /// then <c>fma(n, std, mean)</c>.
    /// </summary>
    internal static void Fill16(Span<float> d, float mean, float std)
    {
        var u1 = Vector256.Create(1f) - Vector256.Create((ReadOnlySpan<float>)d[..8]);
        var u2 = Vector256.Create((ReadOnlySpan<float>)d[8..16]);
        // −2·ln u1 is exact scaling, and neither product below feeds an add, so nothing fuses.
        var radius = Vector256.Sqrt(Vector256.Create(-2f) * Log(u1));
        var theta = Vector256.Create(TwoPi) * u2;
        SinCos(theta, out var sin, out var cos);
        var m = Vector256.Create(mean);
        var s = Vector256.Create(std);
        Vector256.FusedMultiplyAdd(radius * cos, s, m).CopyTo(d);
        Vector256.FusedMultiplyAdd(radius * sin, s, m).CopyTo(d[8..]);
    }

    /// <summary>
    /// <c>ln x</c> lane-wise as <c>log256_ps</c>: <c>x = 2^e·m</c> with <c>m</c> in [√½, √2), <c>ln m</c> by a
    /// degree-9 polynomial in <c>m − 1</c>; NaN where <c>x ≤ 0</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Log(Vector256<float> x)
    {
        var one = Vector256.Create(1f);
        var invalid = Vector256.LessThanOrEqual(x, Vector256<float>.Zero);
        x = Vector256.Max(x, Vector256.Create(0x00800000).AsSingle()); // subnormals to the smallest normal
        var exponent = Vector256.ShiftRightLogical(x.AsInt32(), 23) - Vector256.Create(0x7F);
        // Mantissa with the exponent of 0.5: m/2 in [0.5, 1).
        x = (x.AsInt32() & Vector256.Create(~0x7F800000)).AsSingle() | Vector256.Create(0.5f);
        var e = Vector256.ConvertToSingle(exponent) + one;

        // Below √½: e − 1 and x + x − 1; else x − 1 (the order of ATen's operations, which round the same).
        var small = Vector256.LessThan(x, Vector256.Create(SqrtHalf));
        var extra = x & small;
        x -= one;
        e -= one & small;
        x += extra;

        var z = x * x;
        // Horner steps: GCC fuses each y·x + c. (KernelSupport.Log starts from the same Cephes polynomial but is
        // free to change; this one must stay libtorch's, so the two are kept apart.)
        var y = Vector256.Create(7.0376836292E-2f);
        y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(-1.1514610310E-1f));
        y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(1.1676998740E-1f));
        y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(-1.2420140846E-1f));
        y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(1.4249322787E-1f));
        y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(-1.6668057665E-1f));
        y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(2.0000714765E-1f));
        y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(-2.4999993993E-1f));
        y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(3.3333331174E-1f));
        y *= x;
        // y·z + e·Ln2Lo: of the two products only the first (in source order) fuses; e·Ln2Lo rounds on its own.
        y = Vector256.FusedMultiplyAdd(y, z, e * Vector256.Create(Ln2Lo));
        y = Vector256.FusedMultiplyAdd(-z, Vector256.Create(0.5f), y); // z·0.5 is exact: fused or not, the same
        x += y;
        x = Vector256.FusedMultiplyAdd(e, Vector256.Create(Ln2Hi), x); // e·Ln2Hi is exact too
        return x | invalid;
    }

    /// <summary>
    /// Sine and cosine lane-wise as <c>sincos256_ps</c>: <c>|x| = j·π/4 + r</c> with <c>j</c> even and
    /// <c>|r| ≤ π/4</c>, a cosine and a sine polynomial in <c>r</c>, chosen and signed by <c>j</c>.
    /// Accurate for <c>|x|</c> up to about 8192.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SinCos(Vector256<float> x, out Vector256<float> sin, out Vector256<float> cos)
    {
        var signSin = x & Vector256.Create(int.MinValue).AsSingle();
        x = (x.AsInt32() & Vector256.Create(int.MaxValue)).AsSingle();

        // j = (trunc(|x|·4/π) + 1) & ~1.
        var j = (Vector256.ConvertToInt32(x * Vector256.Create(FourOverPi)) + Vector256.Create(1)) & Vector256.Create(~1);
        var jf = Vector256.ConvertToSingle(j);
        var swapSin = Vector256.ShiftLeft(j & Vector256.Create(4), 29).AsSingle();
        var sinPoly = Vector256.Equals(j & Vector256.Create(2), Vector256<int>.Zero).AsSingle();

        // r = ((|x| − j·A) − j·B) − j·C, each step fused.
        x = Vector256.FusedMultiplyAdd(jf, Vector256.Create(PiOver4A), x);
        x = Vector256.FusedMultiplyAdd(jf, Vector256.Create(PiOver4B), x);
        x = Vector256.FusedMultiplyAdd(jf, Vector256.Create(PiOver4C), x);

        var signCos = Vector256.ShiftLeft(Vector256.AndNot(Vector256.Create(4), j - Vector256.Create(2)), 29).AsSingle();
        signSin ^= swapSin;

        var z = x * x;
        // cos r ≈ 1 − z/2 + z²·(c0·z² + c1·z + c2); (y·z)·z − z/2 fuses its first product.
        var yc = Vector256.FusedMultiplyAdd(Vector256.Create(2.443315711809948E-005f), z, Vector256.Create(-1.388731625493765E-003f));
        yc = Vector256.FusedMultiplyAdd(yc, z, Vector256.Create(4.166664568298827E-002f));
        yc *= z;
        yc = Vector256.FusedMultiplyAdd(yc, z, -(z * Vector256.Create(0.5f)));
        yc += Vector256.Create(1f);

        // sin r ≈ r + r·z·(s0·z² + s1·z + s2).
        var ys = Vector256.FusedMultiplyAdd(Vector256.Create(-1.9515295891E-4f), z, Vector256.Create(8.3321608736E-3f));
        ys = Vector256.FusedMultiplyAdd(ys, z, Vector256.Create(-1.6666654611E-1f));
        ys *= z;
        ys = Vector256.FusedMultiplyAdd(ys, x, x);

        // Where sinPoly is set the sine is the sine polynomial and the cosine the cosine one; elsewhere swapped.
        var sinFromSin = sinPoly & ys;
        var sinFromCos = Vector256.AndNot(yc, sinPoly);
        sin = (sinFromCos + sinFromSin) ^ signSin;
        cos = ((yc - sinFromCos) + (ys - sinFromSin)) ^ signCos;
    }
}
