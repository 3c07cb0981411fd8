using System;
using System.Runtime.CompilerServices;
using TensorDsl.Ops;
using TensorDsl.Shapes;

namespace TensorDsl;

// Ops that return views (sharing storage) and the copies around them.
public sealed partial class Tensor
{
    // A view keeps its base (the tensor that owns the storage), as PyTorch's t._base.
    private Tensor AsStrided(int[] sizes, int[] strides, int offset) => new(Storage, sizes, strides, offset)
    {
        Base = Base ?? this,
        _noGradView = !Autograd.GradMode.IsEnabled && RequiresGrad,
    };

    /// <summary>The tensor this one is a view of, or null, as <c>t._base</c>.</summary>
    internal Tensor? Base { get; private init; }

    // PyTorch's node for an op recorded with a backward of its own (views, joins, max, matmul).
    internal static string NodeName(OpKind kind) => OpTable.Row(kind).GradFn!;

    // ---- reshaping -------------------------------------------------------------------------

    /// <summary>A view with a new shape (one size may be <c>-1</c>); fails when the strides do not allow a view, as PyTorch's <c>view</c>.</summary>
    public Tensor View(params int[] shape) => View(shape, NodeName(OpKind.View));

    private Tensor View(int[] shape, string node)
    {
        var sizes = Errors.Check(ShapeRules.View(Numel, shape));
        var strides = ShapeRules.ViewStrides(Sizes, Strides, sizes) ?? throw Errors.Argument(ShapeRules.ViewStrideMessage);
        var r = AsStrided(sizes, strides, Offset);
        return Record(r, node, [this], g => [g.Reshape(Sizes)], savesTensors: false);
    }

    /// <summary>A view when the strides allow one, otherwise a copy, as PyTorch's <c>reshape</c>.</summary>
    public Tensor Reshape(params int[] shape)
    {
        var sizes = Errors.Check(ShapeRules.View(Numel, shape));
        // A contiguous tensor is viewed; another viewable one goes through _reshape_alias (its own node).
        if (ShapeRules.ViewStrides(Sizes, Strides, sizes) is not null) return View(sizes, IsContiguous() ? NodeName(OpKind.View) : "ReshapeAliasBackward0");
        // PyTorch makes a row-major clone, then views it: UnsafeViewBackward0 over CloneBackward0.
        var copy = Contiguous();
        var view = new Tensor(copy.Storage, sizes);
        return Record(view, "UnsafeViewBackward0", [copy], g => [g.Reshape(copy.Sizes)], savesTensors: false);
    }

    /// <summary>The dims from <paramref name="startDim"/> to <paramref name="endDim"/> merged into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        var sizes = Errors.Check(ShapeRules.Flatten(Sizes, startDim, endDim));
        if (Sizes.Length == 0 || ShapeRules.SameShape(sizes, Sizes)) return Sizes.Length == 0 ? Reshape(1) : this;
        return Reshape(sizes);
    }

    /// <summary>This tensor if contiguous, otherwise a contiguous copy.</summary>
    public Tensor Contiguous() => IsContiguous() ? this : Record(new Tensor(ContiguousData(), (int[])Sizes.Clone()), OpKind.Clone, [this]);

    /// <summary>A copy with its own storage and this tensor's layout, in the graph (<c>CloneBackward0</c>), as <c>t.clone()</c>.</summary>
    public Tensor Clone()
    {
        var layout = OutputLayout.Preserving(this);
        var r = layout is null
            ? new Tensor(ContiguousData(), (int[])Sizes.Clone())
            : layout.Lay(this);
        return Record(r, OpKind.Clone, [this]);
    }

    /// <summary>A copy in another dtype (this tensor itself if the dtype is the same), as <c>t.to(dtype)</c>.</summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType) return this;
        var layout = OutputLayout.Preserving(this);
        var r = layout is null ? Cast(dtype) : layout.Restore(layout.Arrange(this).Cast(dtype));
        if (!dtype.IsFloatingPoint()) return r;
        return Record(r, "ToCopyBackward0", [this], g => [g.Cast(DType)], savesTensors: false);
    }

    // A contiguous copy in another dtype, outside the graph.
    internal Tensor Cast(DType dtype) => new(ReadAs(dtype), (int[])Sizes.Clone());

    // ---- dims ------------------------------------------------------------------------------

    /// <summary>Dims <paramref name="dim0"/> and <paramref name="dim1"/> swapped (a view).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        var sizes = Errors.Check(ShapeRules.Transpose(Sizes, dim0, dim1));
        var strides = (int[])Strides.Clone();
        if (Sizes.Length > 0)
        {
            int d0 = Errors.Dim(dim0, Sizes.Length), d1 = Errors.Dim(dim1, Sizes.Length);
            (strides[d0], strides[d1]) = (strides[d1], strides[d0]);
        }
        var r = AsStrided(sizes, strides, Offset);
        return Record(r, NodeName(OpKind.Transpose), [this], g => [g.Transpose(dim0, dim1)], savesTensors: false);
    }

    /// <summary>The transpose of a tensor with at most 2 dims, as <c>t.t()</c>.</summary>
    public Tensor T()
    {
        Errors.Check(ShapeRules.T(Sizes));
        if (Sizes.Length < 2)
            return Record(AsStrided(Sizes, Strides, Offset), NodeName(OpKind.T), [this], g => [g], savesTensors: false);
        var r = AsStrided([Sizes[1], Sizes[0]], [Strides[1], Strides[0]], Offset);
        return Record(r, NodeName(OpKind.T), [this], g => [g.T()], savesTensors: false);
    }

    /// <summary>The dims reordered (a view), as <c>t.permute(dims)</c>.</summary>
    public Tensor Permute(params int[] dims)
    {
        var sizes = Errors.Check(ShapeRules.Permute(Sizes, dims, out var order));
        var strides = new int[order.Length];
        var inverse = new int[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            strides[i] = Strides[order[i]];
            inverse[order[i]] = i;
        }
        var r = AsStrided(sizes, strides, Offset);
        return Record(r, NodeName(OpKind.Permute), [this], g => [g.Permute(inverse)], savesTensors: false);
    }

    /// <summary>Every size-1 dim removed (a view).</summary>
    public Tensor Squeeze()
    {
        var sizes = ShapeRules.Squeeze(Sizes);
        var strides = new int[sizes.Length];
        for (int i = 0, j = 0; i < Sizes.Length; i++)
            if (Sizes[i] != 1) strides[j++] = Strides[i];
        var r = AsStrided(sizes, strides, Offset);
        return Record(r, NodeName(OpKind.Squeeze), [this], g => [g.Reshape(Sizes)], savesTensors: false);
    }

    /// <summary>Dim <paramref name="dim"/> removed if its size is 1 (a view).</summary>
    public Tensor Squeeze(int dim)
    {
        var sizes = Errors.Check(ShapeRules.Squeeze(Sizes, dim));
        var strides = Strides;
        if (sizes.Length != Sizes.Length)
        {
            int d = Errors.Dim(dim, Sizes.Length);
            strides = new int[sizes.Length];
            for (int i = 0, j = 0; i < Sizes.Length; i++)
                if (i != d) strides[j++] = Strides[i];
        }
        var r = AsStrided(sizes, strides, Offset);
        return Record(r, NodeName(OpKind.SqueezeDim), [this], g => [g.Reshape(Sizes)], savesTensors: false);
    }

    /// <summary>A size-1 dim inserted at <paramref name="dim"/> (a view).</summary>
    public Tensor Unsqueeze(int dim)
    {
        var sizes = Errors.Check(ShapeRules.Unsqueeze(Sizes, dim));
        int d = Errors.Dim(dim, Sizes.Length + 1);
        var strides = new int[sizes.Length];
        for (int i = 0, j = 0; i < sizes.Length; i++)
            strides[i] = i == d ? (d < Sizes.Length ? Sizes[d] * Strides[d] : 1) : Strides[j++];
        var r = AsStrided(sizes, strides, Offset);
        return Record(r, NodeName(OpKind.Unsqueeze), [this], g => [g.Squeeze(d)], savesTensors: false);
    }

    // A broadcast view (stride 0 on expanded dims), outside the graph; for backward passes.
    internal Tensor ExpandTo(int[] shape)
    {
        int lead = shape.Length - Sizes.Length;
        var strides = new int[shape.Length];
        for (int i = 0; i < Sizes.Length; i++)
            strides[lead + i] = Sizes[i] == 1 && shape[lead + i] != 1 ? 0 : Strides[i];
        // A new leading dim of size 1 gets the stride it would have if contiguous, as PyTorch's
        // inferExpandGeometry (which gives a 0-dim tensor stride 0 everywhere).
        for (int i = lead - 1; i >= 0 && Sizes.Length > 0; i--)
            strides[i] = shape[i] != 1 ? 0 : shape[i + 1] * strides[i + 1];
        return AsStrided((int[])shape.Clone(), strides, Offset);
    }

    // ---- indexing --------------------------------------------------------------------------

    /// <summary>The sub-tensor at <paramref name="index"/> along dim 0 (a view), as <c>t[i]</c>.</summary>
    [IndexerName("At")]
    public Tensor this[int index]
    {
        get => this[[index]];
        set => SetItem(this[[index]], value);
    }

    /// <summary>The sub-tensor at <paramref name="index"/> along dim 0, counting from the end for <c>^i</c> (so <c>^0</c> is out of bounds).</summary>
    [IndexerName("At")]
    public Tensor this[Index index]
    {
        get => this[[!index.IsFromEnd ? index.Value : ShapeRules.FromEnd(index.Value, Sizes.Length > 0 ? Sizes[0] : 0)]];
        set => SetItem(this[[!index.IsFromEnd ? index.Value : ShapeRules.FromEnd(index.Value, Sizes.Length > 0 ? Sizes[0] : 0)]], value);
    }

    /// <summary>The sub-tensor at <c>t[i, j, …]</c> (a view), with Python indexing's errors.</summary>
    [IndexerName("At")]
    public Tensor this[params int[] indices]
    {
        get
        {
            Errors.Check(ShapeRules.Index(Sizes, indices));
            var r = this;
            foreach (var i in indices) r = r.Select(0, i);
            return r;
        }
        set => SetItem(this[indices], value);
    }

    /// <summary>A slice along dim 0 (a view), as <c>t[a:b]</c>; out-of-range bounds are clamped, as in Python.</summary>
    [IndexerName("At")]
    public Tensor this[Range range]
    {
        get => Slice(0, range);
        // Assignment skips a slice over the whole dim, as PyTorch's set_item does (reading does not).
        set => SetItem(SliceOrSelf(0, range), value);
    }

    /// <summary><c>t[a:b, i]</c>: a slice of dim 0, then index <paramref name="index"/> of dim 1 (views; assignable).</summary>
    [IndexerName("At")]
    public Tensor this[Range rows, int index]
    {
        get => RowsThenIndex(rows, index);
        set => SetItem(RowsThenIndex(rows, index), value);
    }

    /// <summary><c>t[i, a:b]</c>: row <paramref name="index"/>, then a slice of what remains (views; assignable).</summary>
    [IndexerName("At")]
    public Tensor this[int index, Range columns]
    {
        get => IndexThenColumns(index, columns);
        set => SetItem(IndexThenColumns(index, columns), value);
    }

    /// <summary><c>t[a:b, c:d]</c> (views; assignable).</summary>
    [IndexerName("At")]
    public Tensor this[Range rows, Range columns]
    {
        get => TwoIndices().SliceOrSelf(0, rows).SliceOrSelf(1, columns);
        set => SetItem(TwoIndices().SliceOrSelf(0, rows).SliceOrSelf(1, columns), value);
    }

    // Python's t[x, y] checks the number of indices against the rank before anything else.
    private Tensor TwoIndices()
    {
        if (Sizes.Length < 2) throw Errors.Argument($"too many indices for tensor of dimension {Sizes.Length}");
        return this;
    }

    // t[a:b, i], with Python's message for an index out of bounds of dim 1.
    private Tensor RowsThenIndex(Range rows, int index)
    {
        var sliced = TwoIndices().SliceOrSelf(0, rows);
        int size = sliced.Sizes[1];
        if (index < -size || index >= size) throw Errors.Argument($"index {index} is out of bounds for dimension 1 with size {size}");
        return sliced.Select(1, index);
    }

    private Tensor IndexThenColumns(int index, Range columns) => TwoIndices()[index].SliceOrSelf(0, columns);

    /// <summary>
    /// Python's <c>t[...] = value</c> into the selected view <paramref name="slot"/> (copy_to in
    /// PyTorch's indexing): the value's leading size-1 dims dropped, then expanded to the slot's shape.
    /// </summary>
    internal static void SetItem(Tensor slot, Tensor value)
    {
        if (ShapeRules.SameShape(slot.Sizes, value.Sizes))
        {
            slot.Copy_(value);
            return;
        }
        // A 0-dim value fills the slot (fill_ with a tensor).
        if (value.Sizes.Length == 0)
        {
            slot.FillWith(value);
            return;
        }
        int lead = 0;
        while (lead < value.Sizes.Length && value.Sizes[lead] == 1) lead++;
        if (lead > 0) value = value.View(value.Sizes[lead..]);
        slot.Copy_(value.Expand(slot.Sizes));
    }

    // Python indexing skips a slice that starts at 0 and stops at or past the end (PyTorch's
    // applySlice; `..` is 0:None, None being INT64_MAX): t[:, i] records only the select.
    private Tensor SliceOrSelf(int dim, Range range) =>
        Sizes.Length > dim && range.Start.Equals(Index.Start) && (range.End.Equals(Index.End) || !range.End.IsFromEnd && range.End.Value >= Sizes[dim])
            ? this : Slice(dim, range);

    /// <summary>The sub-tensor at <paramref name="index"/> along <paramref name="dim"/>, as <c>t.select(dim, index)</c>.</summary>
    public Tensor Select(int dim, int index)
    {
        var sizes = Errors.Check(ShapeRules.Select(Sizes, dim, index));
        int d = Errors.Dim(dim, Sizes.Length);
        int i = index < 0 ? index + Sizes[d] : index;
        var strides = new int[sizes.Length];
        for (int k = 0, j = 0; k < Sizes.Length; k++)
            if (k != d) strides[j++] = Strides[k];
        var r = AsStrided(sizes, strides, Offset + i * Strides[d]);
        return Record(r, NodeName(OpKind.Select), [this], g =>
        {
            var full = Torch.Zeros(Sizes, DType);
            full.Select(d, i).CopyFrom(g);
            return [full];
        }, savesTensors: false);
    }

    /// <summary>Elements <paramref name="range"/> along <paramref name="dim"/> (a view), as <c>t[..., a:b]</c>.</summary>
    public Tensor Slice(int dim, Range range)
    {
        var sizes = Errors.Check(ShapeRules.Slice(Sizes, dim, range.Start.Value, range.Start.IsFromEnd, range.End.Value, range.End.IsFromEnd, out int start, out int end));
        int d = Errors.Dim(dim, Sizes.Length);
        var r = AsStrided(sizes, Strides, Offset + start * Strides[d]);
        return Record(r, NodeName(OpKind.Slice), [this], g =>
        {
            var full = Torch.Zeros(Sizes, DType);
            full.Slice(d, start..end).CopyFrom(g);
            return [full];
        }, savesTensors: false);
    }

    // Writes src (broadcast to this view's shape) into this view's storage; outside the graph.
    internal void CopyFrom(Tensor src)
    {
        var offsets = ElementOffsets();
        switch (Storage)
        {
            case float[] s: Scatter(s, src.Read<float>(Sizes), offsets); break;
            case double[] s: Scatter(s, src.Read<double>(Sizes), offsets); break;
            case long[] s: Scatter(s, src.Read<long>(Sizes), offsets); break;
            case int[] s: Scatter(s, src.Read<int>(Sizes), offsets); break;
            case bool[] s: Scatter(s, src.ReadBool(Sizes), offsets); break;
        }

        static void Scatter<T>(T[] storage, T[] values, int[] offsets)
        {
            for (int i = 0; i < offsets.Length; i++) storage[offsets[i]] = values[i];
        }
    }
}
