using System;
using System.Collections.Generic;

namespace TensorDsl.Creation;

/// <summary>Reads C# arrays (rectangular or jagged) into a flat row-major storage and a shape.</summary>
internal static class ArrayData
{
    /// <summary>The elements of a rectangular array (any rank) and its shape.</summary>
    public static (Array Storage, int[] Shape) FromRectangular<T>(Array data)
    {
        var shape = new int[data.Rank];
        for (int i = 0; i < shape.Length; i++) shape[i] = data.GetLength(i);
        var flat = new T[data.Length];
        int n = 0;
        // A multi-dimensional array enumerates in row-major order.
        foreach (T v in data) flat[n++] = v;
        return (flat, shape);
    }

    /// <summary>
    /// The elements of a jagged array (<c>T[][]…</c>, what nested collection expressions make) and
    /// its shape; ragged input fails with PyTorch's message.
    /// </summary>
    public static (Array Storage, int[] Shape) FromJagged<T>(Array data, int rank)
    {
        var shape = new int[rank];
        Measure(data, 0, shape);
        var flat = new List<T>();
        Flatten(data, 0, rank, shape, flat);
        return (flat.ToArray(), shape);
    }

    // The shape is taken from the first element at each depth; every other element must match it.
    private static void Measure(Array level, int depth, int[] shape)
    {
        shape[depth] = level.Length;
        if (depth + 1 < shape.Length && level.Length > 0)
        {
            var first = (Array?)level.GetValue(0) ?? throw NullRow(depth);
            Measure(first, depth + 1, shape);
        }
    }

    private static void Flatten<T>(Array level, int depth, int rank, int[] shape, List<T> flat)
    {
        if (level.Length != shape[depth])
            throw new ArgumentException($"expected sequence of length {shape[depth]} at dim {depth} (got {level.Length})");
        if (depth == rank - 1)
        {
            foreach (T v in level) flat.Add(v);
            return;
        }
        foreach (var item in level)
            Flatten((Array?)item ?? throw NullRow(depth + 1), depth + 1, rank, shape, flat);
    }

    private static ArgumentException NullRow(int depth) =>
        new($"Could not infer dtype of NoneType (a null row at dim {depth})");
}
