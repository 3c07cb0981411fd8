using System;
using System.Runtime.Intrinsics;
using TensorDsl.Kernels;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>The vector helpers generated kernels call, against the scalar math they replace.</summary>
public class KernelSupportTests
{
    [Fact]
    public void VectorTanhStaysWithinAFewUlpsOfMathTanh()
    {
        var random = new Random(7);
        double worst = 0;
        var lanes = new float[8];
        for (int n = 0; n < 200_000; n++)
        {
            for (int i = 0; i < 8; i++)
                lanes[i] = (float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-12, 2)));
            var wide = KernelSupport.Tanh(Vector256.Create(lanes));
            var narrow = KernelSupport.Tanh(Vector128.Create(lanes));
            for (int i = 0; i < 8; i++)
            {
                double exact = Math.Tanh(lanes[i]);
                worst = Math.Max(worst, Math.Abs(wide[i] - exact) / Math.Max(Math.Abs(exact), 1e-38));
                if (i < 4) Assert.Equal(wide[i], narrow[i]);
            }
        }
        // float's epsilon is 1.2e-7; a few ulps of relative error at most, also for tiny inputs.
        Assert.True(worst < 5e-7, $"worst relative error {worst}");
    }

    [Fact]
    public void VectorTanhHandlesInfinitiesAndNaN()
    {
        var r = KernelSupport.Tanh(Vector128.Create(float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0f));
        Assert.Equal(1f, r[0]);
        Assert.Equal(-1f, r[1]);
        Assert.True(float.IsNaN(r[2]));
        Assert.Equal(0f, r[3]);
    }

    [Fact]
    public void MultiplyAddAndDotMatchScalarLoops()
    {
        var random = new Random(3);
        foreach (int n in new[] { 1, 3, 4, 7, 8, 9, 17, 64 })
        {
            var a = new float[n];
            var b = new float[n];
            var d = new float[n];
            for (int i = 0; i < n; i++) (a[i], b[i], d[i]) = ((float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble());
            var expected = new float[n];
            double dot = 0;
            for (int i = 0; i < n; i++) { expected[i] = d[i] + 0.5f * b[i]; dot += a[i] * b[i]; }
            KernelSupport.MultiplyAdd(0.5f, b, d);
            Assert.Equal(expected, d);
            Assert.Equal(dot, KernelSupport.Dot(a, b), 1e-5);
        }
    }
}
