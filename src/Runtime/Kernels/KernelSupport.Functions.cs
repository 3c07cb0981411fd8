// Element functions for generated code: each has a float form and lane-wise Vector256 and Vector128
// forms of the same name, so that a generated loop calls it whatever it runs on. The op table
// (OpTable/OpTable.cs) names them.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorDsl.Kernels;

public static partial class KernelSupport
{
    // ---- element functions: a float form and lane-wise Vector256/Vector128 forms of each, so that
    // generated loops call the same name whatever they run on (the op table names them).

    /// <summary><c>max(x, 0)</c>, NaN propagating as in PyTorch's relu.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Relu(float x) => float.IsNaN(x) ? x : MathF.Max(x, 0f);

    /// <summary>Lane-wise <see cref="Relu(float)"/> (vector Max propagates NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Relu(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    /// <summary>Lane-wise <see cref="Relu(float)"/> (vector Max propagates NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Relu(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    /// <summary><c>x * x</c> without evaluating x twice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Square(float x) => x * x;

    /// <summary>Lane-wise <see cref="Square(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Square(Vector256<float> x) => x * x;

    /// <summary>Lane-wise <see cref="Square(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Square(Vector128<float> x) => x * x;

    /// <summary><c>x * x * x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Cube(float x) => x * x * x;

    /// <summary>Lane-wise <see cref="Cube(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Cube(Vector256<float> x) => x * x * x;

    /// <summary>Lane-wise <see cref="Cube(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Cube(Vector128<float> x) => x * x * x;

    /// <summary><c>1 / x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Reciprocal(float x) => 1f / x;

    /// <summary>Lane-wise <see cref="Reciprocal(float)"/>: a true division, not an approximation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Reciprocal(Vector256<float> x) => Vector256.Create(1f) / x;

    /// <summary>Lane-wise <see cref="Reciprocal(float)"/>: a true division, not an approximation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Reciprocal(Vector128<float> x) => Vector128.Create(1f) / x;

    /// <summary><c>1 / sqrt(x)</c>, as PyTorch computes it: a division by the rounded square root.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Rsqrt(float x) => 1f / MathF.Sqrt(x);

    /// <summary>Lane-wise <see cref="Rsqrt(float)"/>, bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Rsqrt(Vector256<float> x) => Vector256.Create(1f) / Vector256.Sqrt(x);

    /// <summary>Lane-wise <see cref="Rsqrt(float)"/>, bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Rsqrt(Vector128<float> x) => Vector128.Create(1f) / Vector128.Sqrt(x);

    /// <summary><c>log(1 + x)</c>, computed as the eager op does (in double, then rounded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log1p(float x) => (float)Tensor.Log1pElement(x);

    /// <summary>
    /// Lane-wise <c>log(1 + x)</c> in float: with <c>u = 1 + x</c>, <c>log(u) · x / (u − 1)</c> undoes the
    /// rounding of <c>u</c> (Goldberg's method); <c>x</c> itself where <c>u</c> is 1, ∞ where it is ∞.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector256<float> Log1p(Vector256<float> x)
    {
        var one = Vector256.Create(1f);
        var u = one + x;
        var r = Log(u) * (x / (u - one));
        r = Vector256.ConditionalSelect(Vector256.Equals(u, one), x, r);
        return Vector256.ConditionalSelect(Vector256.Equals(u, Vector256.Create(float.PositiveInfinity)), u, r);
    }

    /// <summary>Lane-wise <c>log(1 + x)</c>; see <see cref="Log1p(Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector128<float> Log1p(Vector128<float> x)
    {
        var one = Vector128.Create(1f);
        var u = one + x;
        var r = Vector128.Log(u) * (x / (u - one));
        r = Vector128.ConditionalSelect(Vector128.Equals(u, one), x, r);
        return Vector128.ConditionalSelect(Vector128.Equals(u, Vector128.Create(float.PositiveInfinity)), u, r);
    }

    /// <summary><c>x ** exponent</c> for an exponent known only at run time, exactly as the eager <c>Pow</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Pow(float x, float exponent) => Tensor.PowElement(x, exponent);

    /// <summary>The sign of x (0 for 0 and NaN), as <c>torch.sign</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sign(float x) => x > 0f ? 1f : x < 0f ? -1f : 0f;

    /// <summary>Lane-wise <see cref="Sign(float)"/>: 1, -1, or 0 for 0 and NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sign(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256.Create(1f),
            Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256.Create(-1f), Vector256<float>.Zero));

    /// <summary>Lane-wise <see cref="Sign(float)"/> for 128-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sign(Vector128<float> x) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), Vector128.Create(1f),
            Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), Vector128.Create(-1f), Vector128<float>.Zero));

    /// <summary>The larger of two values, NaN winning, as PyTorch's max.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(float a, float b) => float.IsNaN(a) || a >= b ? a : b;
}
