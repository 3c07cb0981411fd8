using System;
using System.Runtime.Intrinsics;
using TensorDsl.Kernels;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// KernelSupport's lane-wise exp, log, tanh and sigmoid against the same functions in double
/// precision, rounded once to float: at most 2 ulp apart over every exponent range they take.
/// </summary>
public class VectorMathTests
{
    [Fact]
    public void ExpIsWithinOneUlpFromUnderflowToOverflow() =>
        AssertUlps(KernelSupport.Exp, Math.Exp, Sweep(-110f, 95f), maxUlps: 1);

    [Fact]
    public void LogIsWithinOneUlpOverEveryPositiveFloatIncludingSubnormals() =>
        AssertUlps(KernelSupport.Log, Math.Log, Sweep(0f, float.MaxValue), maxUlps: 1);

    [Fact]
    public void TanhIsWithinTwoUlps() =>
        AssertUlps(KernelSupport.Tanh, Math.Tanh, Sweep(-12f, 12f), maxUlps: 2);

    // Below -88.7, e^-x overflows float and 1 / (1 + ∞) gives 0, as PyTorch's float sigmoid does.
    [Fact]
    public void SigmoidIsWithinTwoUlpsWhereEToTheMinusXIsFinite() =>
        AssertUlps(KernelSupport.Sigmoid, x => 1 / (1 + Math.Exp(-x)), Sweep(-88.7f, 110f), maxUlps: 2);

    [Fact]
    public void EdgesFollowIeee()
    {
        float inf = float.PositiveInfinity, nan = float.NaN;
        var x = Vector256.Create(inf, -inf, nan, 0f, -0f, 89f, -104f, float.MaxValue);
        var exp = KernelSupport.Exp(x);
        Assert.Equal(new[] { inf, 0f, nan, 1f, 1f, inf, 0f, inf }, Lanes(exp));
        var log = KernelSupport.Log(Vector256.Create(inf, -1f, nan, 0f, -0f, 1f, float.Epsilon, -inf));
        Assert.Equal(new[] { inf, nan, nan, -inf, -inf, 0f, MathF.Log(float.Epsilon), nan }, Lanes(log));
        var tanh = KernelSupport.Tanh(x);
        Assert.Equal(new[] { 1f, -1f, nan, 0f, -0f, 1f, -1f, 1f }, Lanes(tanh));
        Assert.True(float.IsNegative(tanh[4]), "tanh(-0) keeps its sign");
        var sigmoid = KernelSupport.Sigmoid(x);
        Assert.Equal(new[] { 1f, 0f, nan, 0.5f, 0.5f, 1f, 0f, 1f }, Lanes(sigmoid));
    }

    // Every 251st float between lo and hi, by bit pattern, so that each binade gets its share.
    private static float[] Sweep(float lo, float hi)
    {
        var values = new System.Collections.Generic.List<float>();
        for (long b = 0; b <= BitConverter.SingleToInt32Bits(Math.Abs(hi)); b += 251)
            values.Add(BitConverter.Int32BitsToSingle((int)b));
        for (long b = 0; lo < 0 && b <= BitConverter.SingleToInt32Bits(-lo); b += 251)
            values.Add(-BitConverter.Int32BitsToSingle((int)b));
        values.AddRange(new[] { lo, hi });
        return values.ToArray();
    }

    private static void AssertUlps(Func<Vector256<float>, Vector256<float>> f, Func<double, double> exact, float[] inputs, int maxUlps)
    {
        long worst = 0;
        float worstAt = 0;
        for (int i = 0; i + 8 <= inputs.Length; i += 8)
        {
            var r = f(Vector256.Create(inputs, i));
            for (int lane = 0; lane < 8; lane++)
            {
                float x = inputs[i + lane];
                long ulps = Ulps(r[lane], (float)exact(x));
                if (ulps > worst) (worst, worstAt) = (ulps, x);
            }
        }
        Assert.True(worst <= maxUlps, $"{worst} ulp at x = {worstAt:R} ({inputs.Length} inputs)");
    }

    // The distance in representable floats (0 for two NaNs).
    private static long Ulps(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue;
        return Math.Abs(Ordered(a) - Ordered(b));

        static long Ordered(float f)
        {
            int bits = BitConverter.SingleToInt32Bits(f);
            return bits < 0 ? -(long)(bits & int.MaxValue) : bits;
        }
    }

    private static float[] Lanes(Vector256<float> v)
    {
        var lanes = new float[8];
        v.CopyTo(lanes);
        return lanes;
    }
}
