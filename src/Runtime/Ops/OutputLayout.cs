using System;
using TensorDsl.Shapes;

namespace TensorDsl;

/// <summary>
/// A result's layout when it is not row-major (see <see cref="ShapeRules.ElementwiseStrides"/>).
/// An op computes on its inputs seen in the result's memory order (<see cref="Arrange"/>), which
/// gives a row-major buffer in that order; <see cref="Restore"/> labels it with the result's strides.
/// </summary>
internal sealed class OutputLayout
{
    private readonly int[] _shape;
    private readonly int[] _strides;
    private readonly int[] _order;

    private OutputLayout(int[] shape, int[] strides)
    {
        _shape = shape;
        _strides = strides;
        // Outermost first: by decreasing stride, ties in dim order (size-1 dims may go anywhere).
        _order = new int[shape.Length];
        for (int i = 0; i < _order.Length; i++)
        {
            int at = i;
            while (at > 0 && strides[_order[at - 1]] < strides[i]) at--;
            Array.Copy(_order, at, _order, at + 1, i - at);
            _order[at] = i;
        }
    }

    /// <summary>
    /// The layout of an element-wise result of <paramref name="shape"/> computed in dtype
    /// <paramref name="common"/>; null when row-major. An input of another dtype is first copied to
    /// <paramref name="common"/> in its preserved layout, as TensorIterator does on the CPU; a
    /// bool <paramref name="mask"/> (where's condition) is read as it is.
    /// </summary>
    public static OutputLayout? Elementwise(int[] shape, DType common, Tensor a, Tensor? b = null, Tensor? c = null, Tensor? mask = null)
    {
        // The common case costs one scan and no allocation: inputs with exactly row-major strides
        // (or none) never vote for another order.
        if (shape.Length < 2 || ((mask is null || Plain(mask.Sizes, mask.Strides)) && Plain(a, common) &&
            (b is null || Plain(b, common)) && (c is null || Plain(c, common))))
        {
            return null;
        }
        var inputs = new System.Collections.Generic.List<(System.Collections.Generic.IReadOnlyList<int>, System.Collections.Generic.IReadOnlyList<int>)>(4);
        if (mask is not null) inputs.Add((mask.Sizes, mask.Strides));
        foreach (var t in new[] { a, b, c })
            if (t is not null) inputs.Add((t.Sizes, Seen(t, common)));
        return ShapeRules.ElementwiseStrides(shape, inputs) is { } strides ? new OutputLayout(shape, strides) : null;
    }

    private static bool Plain(Tensor t, DType common) => Plain(t.Sizes, Seen(t, common));

    // An input's strides as the op sees it: converted inputs are copies that keep their layout.
    private static int[] Seen(Tensor t, DType common) =>
        t.Sizes.Length == 0 || t.DType == common ? t.Strides
            : ShapeRules.PreservedStrides(t.Sizes, t.Strides) ?? ShapeRules.ContiguousStrides(t.Sizes);

    /// <summary>An element-wise op of <paramref name="t"/> in dtype <paramref name="common"/> whose <paramref name="values"/> come row-major, in its result's layout.</summary>
    public static Tensor Map<TState>(Tensor t, DType common, TState state, Func<Tensor, TState, Tensor> values) =>
        Elementwise(t.Sizes, common, t) is { } layout ? layout.Restore(values(layout.Arrange(t), state)) : values(t, state);

    /// <summary>A broadcasting op of <paramref name="a"/> and <paramref name="b"/> in dtype <paramref name="common"/> whose <paramref name="values"/> (of the shape given) come row-major, in its result's layout.</summary>
    public static Tensor Zip<TState>(Tensor a, Tensor b, int[] shape, DType common, TState state, Func<Tensor, Tensor, int[], TState, Tensor> values) =>
        Elementwise(shape, common, a, b) is { } layout
            ? layout.Restore(values(layout.Arrange(a), layout.Arrange(b), layout.ArrangedShape, state))
            : values(a, b, shape, state);

    /// <summary>A result of <paramref name="shape"/> laid out with <paramref name="strides"/> (dense); null for null strides.</summary>
    public static OutputLayout? Of(int[] shape, int[]? strides) => strides is null ? null : new OutputLayout(shape, strides);

    /// <summary>A copy of <paramref name="t"/>'s values (of the result's shape) laid out in this layout.</summary>
    public Tensor Lay(Tensor t) => Restore(new Tensor(Arrange(t).ContiguousData(), ArrangedShape));

    /// <summary>The layout of a copy of <paramref name="t"/> (clone, to, the *_like factories); null when row-major.</summary>
    public static OutputLayout? Preserving(Tensor t) =>
        ShapeRules.PreservedStrides(t.Sizes, t.Strides) is { } strides ? new OutputLayout((int[])t.Sizes.Clone(), strides) : null;

    private static bool Plain(int[] sizes, int[] strides)
    {
        int expected = 1;
        for (int d = sizes.Length - 1; d >= 0; d--)
        {
            // A size-0 dim breaks ties between equal strides: such inputs take the full rule.
            if (strides[d] != expected || sizes[d] == 0) return false;
            expected *= Math.Max(sizes[d], 1);
        }
        return true;
    }

    /// <summary>The result's shape in memory order.</summary>
    public int[] ArrangedShape => Array.ConvertAll(_order, d => _shape[d]);

    /// <summary><paramref name="t"/> (broadcastable to the result) seen with its dims in the result's memory order; a view outside the graph.</summary>
    public Tensor Arrange(Tensor t)
    {
        if (t.Sizes.Length == 0) return t;
        int lead = _shape.Length - t.Sizes.Length;
        var sizes = new int[_shape.Length];
        var strides = new int[_shape.Length];
        for (int i = 0; i < _order.Length; i++)
        {
            int d = _order[i] - lead;
            sizes[i] = d < 0 ? 1 : t.Sizes[d];
            strides[i] = d < 0 ? 0 : t.Strides[d];
        }
        return new Tensor(t.Storage, sizes, strides, t.Offset);
    }

    /// <summary>The row-major result of an op on arranged inputs, as the result with this layout.</summary>
    public Tensor Restore(Tensor arranged)
    {
        System.Diagnostics.Debug.Assert(arranged.IsDense, "an op's fresh result is row-major");
        return new Tensor(arranged.Storage, (int[])_shape.Clone(), (int[])_strides.Clone());
    }
}
