using System;
using System.Linq;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>Assertions on a tensor's dtype, shape and row-major values.</summary>
internal static class TensorAssert
{
    /// <summary>Exact float32 values (and dtype float32, shape <paramref name="shape"/>).</summary>
    public static void Float32(Tensor t, int[] shape, params float[] expected)
    {
        Assert.Equal(DType.Float32, t.DType);
        Shape(t, shape);
        Assert.Equal(expected, t.ToArray<float>());
    }

    /// <summary>Exact float64 values.</summary>
    public static void Float64(Tensor t, int[] shape, params double[] expected)
    {
        Assert.Equal(DType.Float64, t.DType);
        Shape(t, shape);
        Assert.Equal(expected, t.ToArray<double>());
    }

    /// <summary>Exact int64 values.</summary>
    public static void Int64(Tensor t, int[] shape, params long[] expected)
    {
        Assert.Equal(DType.Int64, t.DType);
        Shape(t, shape);
        Assert.Equal(expected, t.ToArray<long>());
    }

    /// <summary>Exact int32 values.</summary>
    public static void Int32(Tensor t, int[] shape, params int[] expected)
    {
        Assert.Equal(DType.Int32, t.DType);
        Shape(t, shape);
        Assert.Equal(expected, t.ToArray<int>());
    }

    /// <summary>Exact bool values.</summary>
    public static void Bool(Tensor t, int[] shape, params bool[] expected)
    {
        Assert.Equal(DType.Bool, t.DType);
        Shape(t, shape);
        Assert.Equal(expected, t.ToArray<bool>());
    }

    /// <summary>Values within <paramref name="tolerance"/> (absolute), any float dtype given by <paramref name="dtype"/>.</summary>
    public static void Close(Tensor t, DType dtype, int[] shape, double tolerance, params double[] expected)
    {
        Assert.Equal(dtype, t.DType);
        Shape(t, shape);
        var actual = t.ToArray<double>();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            bool ok = double.IsNaN(expected[i])
                ? double.IsNaN(actual[i])
                : double.IsInfinity(expected[i]) ? expected[i] == actual[i] : Math.Abs(expected[i] - actual[i]) <= tolerance;
            Assert.True(ok, $"element {i}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance}); all: [{string.Join(", ", actual)}]");
        }
    }

    public static void Shape(Tensor t, params int[] shape) =>
        Assert.Equal("[" + string.Join(", ", shape) + "]", "[" + string.Join(", ", t.Shape.ToArray()) + "]");

    /// <summary><c>0, 1, …, n-1</c> as floats, for building tensors with known element positions.</summary>
    public static float[] Range(int n) => Enumerable.Range(0, n).Select(i => (float)i).ToArray();
}
