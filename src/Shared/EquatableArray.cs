// An immutable array with value equality, so that incremental-generator models compare by content.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace TensorDsl.Shared;

/// <summary>An immutable array compared element by element.</summary>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[]? _items;

    public EquatableArray(IEnumerable<T> items) => _items = new List<T>(items).ToArray();

    public EquatableArray(T[] items) => _items = items;

    public static EquatableArray<T> Empty => new EquatableArray<T>(new T[0]);

    public int Count => _items?.Length ?? 0;

    public T this[int index] => _items![index];

    public ImmutableArray<T> AsImmutableArray() => _items is null ? ImmutableArray<T>.Empty : ImmutableArray.Create(_items);

    public bool Equals(EquatableArray<T> other)
    {
        var a = _items ?? new T[0];
        var b = other._items ?? new T[0];
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (!a[i].Equals(b[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        unchecked
        {
            int h = 17;
            if (_items is not null)
                foreach (var item in _items) h = h * 31 + item.GetHashCode();
            return h;
        }
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? new T[0])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}
