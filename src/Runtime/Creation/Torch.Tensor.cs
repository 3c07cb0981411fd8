using System;
using System.Collections.Generic;
using TensorDsl.Creation;

namespace TensorDsl;

// torch.tensor(data): the element type gives the dtype, as torch.from_numpy does.
public static partial class Torch
{
    /// <summary>A 0-dim float32 tensor.</summary>
    public static Tensor Tensor(float data, DType? dtype = null, bool requiresGrad = false) => Create(new[] { data }, [], dtype, requiresGrad);
    /// <summary>A 1-D float32 tensor.</summary>
    public static Tensor Tensor(float[] data, DType? dtype = null, bool requiresGrad = false) => Create((float[])data.Clone(), [data.Length], dtype, requiresGrad);
    /// <summary>A 2-D float32 tensor from a rectangular array.</summary>
    public static Tensor Tensor(float[,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<float>(data, dtype, requiresGrad);
    /// <summary>A 2-D float32 tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(float[][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<float>(data, 2, dtype, requiresGrad);
    /// <summary>A 3-D float32 tensor from a rectangular array.</summary>
    public static Tensor Tensor(float[,,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<float>(data, dtype, requiresGrad);
    /// <summary>A 3-D float32 tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(float[][][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<float>(data, 3, dtype, requiresGrad);
    /// <summary>A 4-D float32 tensor from a rectangular array.</summary>
    public static Tensor Tensor(float[,,,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<float>(data, dtype, requiresGrad);
    /// <summary>A 4-D float32 tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(float[][][][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<float>(data, 4, dtype, requiresGrad);
    /// <summary>A 0-dim float64 tensor.</summary>
    public static Tensor Tensor(double data, DType? dtype = null, bool requiresGrad = false) => Create(new[] { data }, [], dtype, requiresGrad);
    /// <summary>A 1-D float64 tensor.</summary>
    public static Tensor Tensor(double[] data, DType? dtype = null, bool requiresGrad = false) => Create((double[])data.Clone(), [data.Length], dtype, requiresGrad);
    /// <summary>A 2-D float64 tensor from a rectangular array.</summary>
    public static Tensor Tensor(double[,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<double>(data, dtype, requiresGrad);
    /// <summary>A 2-D float64 tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(double[][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<double>(data, 2, dtype, requiresGrad);
    /// <summary>A 3-D float64 tensor from a rectangular array.</summary>
    public static Tensor Tensor(double[,,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<double>(data, dtype, requiresGrad);
    /// <summary>A 3-D float64 tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(double[][][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<double>(data, 3, dtype, requiresGrad);
    /// <summary>A 4-D float64 tensor from a rectangular array.</summary>
    public static Tensor Tensor(double[,,,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<double>(data, dtype, requiresGrad);
    /// <summary>A 4-D float64 tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(double[][][][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<double>(data, 4, dtype, requiresGrad);
    /// <summary>A 0-dim int64 tensor.</summary>
    public static Tensor Tensor(long data, DType? dtype = null, bool requiresGrad = false) => Create(new[] { data }, [], dtype, requiresGrad);
    /// <summary>A 1-D int64 tensor.</summary>
    public static Tensor Tensor(long[] data, DType? dtype = null, bool requiresGrad = false) => Create((long[])data.Clone(), [data.Length], dtype, requiresGrad);
    /// <summary>A 2-D int64 tensor from a rectangular array.</summary>
    public static Tensor Tensor(long[,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<long>(data, dtype, requiresGrad);
    /// <summary>A 2-D int64 tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(long[][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<long>(data, 2, dtype, requiresGrad);
    /// <summary>A 3-D int64 tensor from a rectangular array.</summary>
    public static Tensor Tensor(long[,,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<long>(data, dtype, requiresGrad);
    /// <summary>A 3-D int64 tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(long[][][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<long>(data, 3, dtype, requiresGrad);
    /// <summary>A 4-D int64 tensor from a rectangular array.</summary>
    public static Tensor Tensor(long[,,,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<long>(data, dtype, requiresGrad);
    /// <summary>A 4-D int64 tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(long[][][][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<long>(data, 4, dtype, requiresGrad);
    /// <summary>A 0-dim int32 tensor.</summary>
    public static Tensor Tensor(int data, DType? dtype = null, bool requiresGrad = false) => Create(new[] { data }, [], dtype, requiresGrad);
    /// <summary>A 1-D int32 tensor.</summary>
    public static Tensor Tensor(int[] data, DType? dtype = null, bool requiresGrad = false) => Create((int[])data.Clone(), [data.Length], dtype, requiresGrad);
    /// <summary>A 2-D int32 tensor from a rectangular array.</summary>
    public static Tensor Tensor(int[,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<int>(data, dtype, requiresGrad);
    /// <summary>A 2-D int32 tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(int[][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<int>(data, 2, dtype, requiresGrad);
    /// <summary>A 3-D int32 tensor from a rectangular array.</summary>
    public static Tensor Tensor(int[,,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<int>(data, dtype, requiresGrad);
    /// <summary>A 3-D int32 tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(int[][][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<int>(data, 3, dtype, requiresGrad);
    /// <summary>A 4-D int32 tensor from a rectangular array.</summary>
    public static Tensor Tensor(int[,,,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<int>(data, dtype, requiresGrad);
    /// <summary>A 4-D int32 tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(int[][][][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<int>(data, 4, dtype, requiresGrad);
    /// <summary>A 0-dim bool tensor.</summary>
    public static Tensor Tensor(bool data, DType? dtype = null, bool requiresGrad = false) => Create(new[] { data }, [], dtype, requiresGrad);
    /// <summary>A 1-D bool tensor.</summary>
    public static Tensor Tensor(bool[] data, DType? dtype = null, bool requiresGrad = false) => Create((bool[])data.Clone(), [data.Length], dtype, requiresGrad);
    /// <summary>A 2-D bool tensor from a rectangular array.</summary>
    public static Tensor Tensor(bool[,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<bool>(data, dtype, requiresGrad);
    /// <summary>A 2-D bool tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(bool[][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<bool>(data, 2, dtype, requiresGrad);
    /// <summary>A 3-D bool tensor from a rectangular array.</summary>
    public static Tensor Tensor(bool[,,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<bool>(data, dtype, requiresGrad);
    /// <summary>A 3-D bool tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(bool[][][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<bool>(data, 3, dtype, requiresGrad);
    /// <summary>A 4-D bool tensor from a rectangular array.</summary>
    public static Tensor Tensor(bool[,,,] data, DType? dtype = null, bool requiresGrad = false) => FromRectangular<bool>(data, dtype, requiresGrad);
    /// <summary>A 4-D bool tensor from a jagged array (nested collection expressions); ragged input fails.</summary>
    public static Tensor Tensor(bool[][][][] data, DType? dtype = null, bool requiresGrad = false) => FromJagged<bool>(data, 4, dtype, requiresGrad);

    private static Tensor FromRectangular<T>(Array data, DType? dtype, bool requiresGrad)
    {
        var (storage, shape) = ArrayData.FromRectangular<T>(data);
        return Create(storage, shape, dtype, requiresGrad);
    }

    private static Tensor FromJagged<T>(Array data, int rank, DType? dtype, bool requiresGrad)
    {
        var (storage, shape) = ArrayData.FromJagged<T>(data, rank);
        return Create(storage, shape, dtype, requiresGrad);
    }

    // The one place new leaf tensors are made from data: converts to the requested dtype and
    // applies requiresGrad (floating dtypes only, as in PyTorch).
    internal static Tensor Create(Array storage, int[] shape, DType? dtype, bool requiresGrad)
    {
        var t = new Tensor(storage, shape);
        if (dtype is { } d && d != t.DType) t = t.Cast(d);
        if (requiresGrad) t.RequiresGrad_();
        return t;
    }
}
