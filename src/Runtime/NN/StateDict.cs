using System;
using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.NN;

/// <summary>A state dict: parameter names to tensors, in order (PyTorch's <c>OrderedDict</c>).</summary>
public sealed class StateDict : IEnumerable<KeyValuePair<string, Tensor>>
{
    private readonly List<string> _order = new();
    private readonly Dictionary<string, Tensor> _values = new();

    /// <summary>The tensor stored under <paramref name="name"/>; setting it adds or replaces.</summary>
    public Tensor this[string name]
    {
        get => _values.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"'{name}'");
        set
        {
            if (!_values.ContainsKey(name)) _order.Add(name);
            _values[name] = value;
        }
    }

    /// <summary>The number of entries.</summary>
    public int Count => _order.Count;

    /// <summary>The names, in order.</summary>
    public IReadOnlyList<string> Keys => _order;

    /// <summary>Adds an entry (the name must be new).</summary>
    public void Add(string name, Tensor value)
    {
        if (!_values.TryAdd(name, value)) throw new ArgumentException($"'{name}' is already in the state dict");
        _order.Add(name);
    }

    /// <summary>Whether <paramref name="name"/> is present, and its tensor.</summary>
    public bool TryGetValue(string name, out Tensor value) => _values.TryGetValue(name, out value!);

    /// <summary>The entries in order.</summary>
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator()
    {
        foreach (var name in _order) yield return new(name, _values[name]);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Python's <c>OrderedDict</c> repr of the entries.</summary>
    public override string ToString() =>
        "OrderedDict({" + string.Join(", ", _order.Select(k => $"'{k}': {_values[k]}")) + "})";
}

/// <summary>The keys <c>Module.LoadStateDict</c> did not find, and the ones it did not use (non-strict loads).</summary>
public sealed record LoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
