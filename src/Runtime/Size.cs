using System;
using System.Collections;
using System.Collections.Generic;
using TensorDsl.Shapes;

namespace TensorDsl;

/// <summary>A tensor's shape, as <c>torch.Size</c>: a read-only list of ints that prints as <c>torch.Size([2, 3])</c>.</summary>
public sealed class Size : IReadOnlyList<int>, IEquatable<Size>
{
    private readonly int[] _dims;

    /// <summary>A size with these dims (copied).</summary>
    public Size(params int[] dims) => _dims = (int[])dims.Clone();

    internal static Size Wrap(int[] dims) => new(dims, copy: false);

    private Size(int[] dims, bool copy) => _dims = copy ? (int[])dims.Clone() : dims;

    /// <summary>The size of dim <paramref name="index"/>; negative indices count from the end.</summary>
    public int this[int index] => _dims[index < 0 ? index + _dims.Length : index];

    /// <summary>The number of dims.</summary>
    public int Count => _dims.Length;

    /// <summary>The number of dims, as <c>len(size)</c>.</summary>
    public int Length => _dims.Length;

    /// <summary>The number of elements, as <c>size.numel()</c>.</summary>
    public long Numel() => ShapeRules.Numel(_dims);

    /// <summary>A copy of the dims.</summary>
    public int[] ToArray() => (int[])_dims.Clone();

    public static implicit operator int[](Size size) => size.ToArray();

    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _dims.GetEnumerator();

    public bool Equals(Size? other) => other is not null && ShapeRules.SameShape(_dims, other._dims);

    public override bool Equals(object? obj) => obj is Size s && Equals(s);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in _dims) h.Add(d);
        return h.ToHashCode();
    }

    public static bool operator ==(Size? a, Size? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(Size? a, Size? b) => !(a == b);

    /// <summary><c>torch.Size([2, 3])</c>.</summary>
    public override string ToString() => "torch.Size(" + ShapeRules.Format(_dims) + ")";
}
