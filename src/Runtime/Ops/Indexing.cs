using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using TensorDsl.Ops;
using TensorDsl.Shapes;

namespace TensorDsl;

// Re-indexing ops: expand, repeat, narrow, split/chunk, gather, index_select, embedding lookups and
// indexing by tensors (bool masks, int64 indices), with their assignment.
public sealed partial class Tensor
{
    // ---- views -------------------------------------------------------------------------------

    /// <summary>
    /// A view with size-1 dims repeated (stride 0) to <paramref name="sizes"/>, and new leading
    /// dims; <c>-1</c> keeps a size, as <c>t.expand(sizes)</c>.
    /// </summary>
    public Tensor Expand(params int[] sizes)
    {
        // The type as Python shows it: its binding translates ATen's type names, but has none for bools.
        var shape = Errors.Check(ShapeRules.Expand(Sizes, sizes, DType == DType.Bool ? "CPUBoolType" : "torch." + LegacyTypeName(DType)));
        var r = ExpandTo(shape);
        return Record(r, NodeName(OpKind.Expand), [this], g => [SumTo(g, Sizes)], savesTensors: false);
    }

    /// <summary>The tensor tiled <paramref name="repeats"/> times along each dim (a copy), as <c>t.repeat(repeats)</c>.</summary>
    public Tensor Repeat(params int[] repeats)
    {
        var shape = Errors.Check(ShapeRules.Repeat(Sizes, repeats));
        int lead = repeats.Length - Sizes.Length;
        // Tiling is a broadcast of [r0, s0, r1, s1, …] from [1, s0, 1, s1, …], read out in order.
        var tiled = new int[2 * repeats.Length];
        var source = new int[2 * repeats.Length];
        for (int i = 0; i < repeats.Length; i++)
        {
            int size = i < lead ? 1 : Sizes[i - lead];
            tiled[2 * i] = repeats[i];
            tiled[2 * i + 1] = size;
            source[2 * i] = 1;
            source[2 * i + 1] = size;
        }
        var values = new Tensor(Reshape(source).ReadAs(DType, tiled), shape);
        return Record(values, NodeName(OpKind.Repeat), [this], g =>
        {
            var parts = g.Reshape(tiled);
            var sum = parts;
            for (int i = repeats.Length - 1; i >= 0; i--) sum = sum.Sum(2 * i);
            return [sum.Reshape(Sizes)];
        }, savesTensors: false);
    }

    /// <summary>Elements <c>[start, start + length)</c> along <paramref name="dim"/> (a view), as <c>t.narrow(dim, start, length)</c>.</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        Errors.Check(ShapeRules.Narrow(Sizes, dim, start, length));
        int d = Errors.Dim(dim, Sizes.Length);
        int s = start < 0 ? start + Sizes[d] : start;
        return Slice(d, s..(s + length));
    }

    /// <summary>Views of <paramref name="size"/> elements along <paramref name="dim"/> (the last may be shorter), as <c>t.split(size, dim)</c>.</summary>
    public Tensor[] Split(int size, int dim = 0)
    {
        var sections = Errors.Check(ShapeRules.SplitSizes(Sizes, size, dim));
        return Pieces(sections, dim, NodeName(OpKind.Split));
    }

    /// <summary>Views of the given sizes along <paramref name="dim"/>, as <c>t.split([s0, s1, …], dim)</c>.</summary>
    public Tensor[] Split(int[] sections, int dim = 0)
    {
        Errors.Check(ShapeRules.SplitWithSizes(Sizes, sections, dim));
        return Pieces(sections, dim, NodeName(OpKind.SplitSections));
    }

    /// <summary><paramref name="chunks"/> views of equal size along <paramref name="dim"/> (the last may be smaller, and fewer may come), as <c>t.chunk(chunks, dim)</c>.</summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        var sections = Errors.Check(ShapeRules.ChunkSizes(Sizes, chunks, dim));
        bool empty = Sizes[Errors.Dim(dim, Sizes.Length)] == 0;
        return Pieces(sections, dim, NodeName(empty ? OpKind.SplitSections : OpKind.Chunk));
    }

    private Tensor[] Pieces(int[] sections, int dim, string node)
    {
        int d = Errors.Dim(dim, Sizes.Length);
        var pieces = new Tensor[sections.Length];
        for (int i = 0, at = 0; i < sections.Length; at += sections[i], i++)
        {
            int start = at, end = at + sections[i];
            var view = AsStrided(Sizes.Replace(d, sections[i]), Strides, Offset + start * Strides[d]);
            pieces[i] = Record(view, node, [this], g =>
            {
                var full = Torch.Zeros(Sizes, DType);
                full.Slice(d, start..end).CopyFrom(g);
                return [full];
            }, savesTensors: false);
        }
        return pieces;
    }

    // ---- gathering by index --------------------------------------------------------------------

    /// <summary>
    /// <c>out[i][j] = t[index[i][j]][j]</c> (for <paramref name="dim"/> 0, and so on), as
    /// <c>t.gather(dim, index)</c>; <paramref name="index"/> is int64 with this tensor's rank.
    /// </summary>
    public Tensor Gather(int dim, Tensor index)
    {
        // An empty index is neither type- nor shape-checked.
        if (index.Numel > 0)
        {
            if (index.DType is not (DType.Int64 or DType.Int32)) throw Errors.Argument("gather(): Expected dtype int32/int64 for index");
            Errors.Check(ShapeRules.Gather(Sizes, dim, index.Sizes));
        }
        int d = Sizes.Length == 0 ? 0 : Errors.Dim(dim, Sizes.Length);
        var idx = index.Read<long>();
        var offsets = SourceOffsets(index.Sizes, d, idx, "gather");
        var values = new Tensor(Pick(offsets), (int[])index.Sizes.Clone());
        // The index takes no gradient (a float one, empty and so allowed, included).
        return Record(values, NodeName(OpKind.Gather), [this, index.Detach()], g => [ScatterAdd(g, offsets), null]);
    }

    /// <summary>The entries <paramref name="index"/> (int64, 1-D) along <paramref name="dim"/> (a copy), as <c>t.index_select(dim, index)</c>.</summary>
    public Tensor IndexSelect(int dim, Tensor index)
    {
        CheckIndexSelect(dim, index);
        return IndexSelect(dim, index, NodeName(OpKind.IndexSelect), null);
    }

    // index_select's checks, in ATen's order (index_select_out_cpu_): no negative indices, and the
    // bounds message of the path the kernel takes.
    private void CheckIndexSelect(int dim, Tensor index)
    {
        int d = Sizes.Length == 0 ? Errors.Dim(dim, 1) : Errors.Dim(dim, Sizes.Length);
        if (index.Sizes.Length > 1) throw Errors.Argument("index_select(): Index is supposed to be a vector");
        if (Sizes.Length == 0 && index.Numel != 1)
            throw Errors.Argument($"index_select(): Index to scalar can have only 1 value, got {index.Numel} value(s)");
        if (index.DType is not (DType.Int64 or DType.Int32)) throw Errors.Argument("index_select(): Expected dtype int32 or int64 for index");
        if (Sizes.Length > 1 && index.Numel == 0) return;
        int size = Sizes.Length == 0 ? 1 : Sizes[d];
        bool bulk = Sizes.Length > 1 && (Numel == 0 || d == 1);
        if (Sizes.Length > 1 && Numel == 0 && size <= 0) throw Errors.Argument("index_select(): self indexing axis dim should be positive");
        foreach (var k in index.Read<long>())
        {
            if (k >= 0 && k < size) continue;
            throw Errors.Argument(bulk ? $"INDICES element is out of DATA bounds, id={k} axis_dim={size}" : "index out of range in self");
        }
    }

    // index_select, recorded as `node`, its result seen as `resultShape` (row-major, same count) when given.
    // The layout of t[index] (index on dim 0): TensorIterator's choice over the source seen with the
    // result's shape (stride 0 where the index goes) and the index viewed with trailing size-1 dims.
    private OutputLayout? IndexLayout(Tensor index, int[] shape)
    {
        if (Sizes.Length == 0 || shape.Length != index.Sizes.Length + Sizes.Length - 1) return null;
        var sourceStrides = new int[shape.Length];
        for (int i = 1; i < Sizes.Length; i++) sourceStrides[index.Sizes.Length + i - 1] = Strides[i];
        var indexShape = new int[shape.Length];
        index.Sizes.CopyTo(indexShape, 0);
        for (int i = index.Sizes.Length; i < shape.Length; i++) indexShape[i] = 1;
        if (ShapeRules.ViewStrides(index.Sizes, index.Strides, indexShape) is not { } indexStrides) return null;
        return OutputLayout.Of(shape, ShapeRules.ElementwiseStrides(shape, [(shape, sourceStrides), (indexShape, indexStrides)]));
    }

    private Tensor IndexSelect(int dim, Tensor index, string node, int[]? resultShape, OutputLayout? layout = null)
    {
        if (index.DType is not (DType.Int64 or DType.Int32))
            throw Errors.Argument("index_select(): Expected dtype int32 or int64 for index");
        if (index.Sizes.Length > 1) throw Errors.Argument("index_select(): Index is supposed to be a vector");
        int d = Sizes.Length == 0 ? 0 : Errors.Dim(dim, Sizes.Length);
        var idx = index.Read<long>();
        var shape = Sizes.Length == 0 ? Array.Empty<int>() : Sizes.Replace(d, idx.Length);
        var offsets = new int[(int)ShapeRules.Numel(shape)];
        var rowIndex = new long[offsets.Length];
        int inner = 1;
        for (int i = d + 1; i < shape.Length; i++) inner *= shape[i];
        int size = Sizes.Length == 0 ? 1 : Sizes[d];
        for (int i = 0; i < offsets.Length; i++)
        {
            long k = idx[(i / inner) % Math.Max(idx.Length, 1)];
            if (k < -size || k >= size) throw Errors.Argument("index out of range in self");
            rowIndex[i] = k < 0 ? k + size : k;
        }
        offsets = SourceOffsets(shape, d, rowIndex, "index_select");
        var values = new Tensor(Pick(offsets), resultShape ?? shape);
        if (layout is not null) values = layout.Lay(values);
        return Record(values, node, [this, index], g => [ScatterAdd(g, offsets), null]);
    }

    /// <summary>Rows of this 2-D weight picked by the int64 <paramref name="indices"/>: shape <c>indices.shape + [dim]</c>, as <c>F.embedding</c>.</summary>
    internal Tensor EmbeddingLookup(Tensor indices)
    {
        if (indices.DType is not (DType.Int64 or DType.Int32))
            throw Errors.Argument($"Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.{LegacyTypeName(indices.DType)} instead (while checking arguments for embedding)");
        var shape = Errors.Check(ShapeRules.Embedding(indices.Sizes, Sizes));
        var idx = indices.Read<long>();
        int n = Sizes[0], dim = Sizes[1];
        foreach (var k in idx)
            if (k < 0 || k >= n) throw Errors.Argument("index out of range in self");
        var offsets = new int[idx.Length * dim];
        for (int i = 0; i < idx.Length; i++)
            for (int j = 0; j < dim; j++) offsets[i * dim + j] = Offset + (int)idx[i] * Strides[0] + j * Strides[1];
        var values = new Tensor(Pick(offsets), shape);
        return Record(values, NodeName(OpKind.Embedding), [this, indices], g => [ScatterAdd(g, offsets), null]);
    }

    // Storage offsets of this tensor's elements for a result of shape `shape` whose index along d is index[i].
    private int[] SourceOffsets(int[] shape, int d, long[] index, string op)
    {
        var offsets = new int[index.Length];
        var position = new int[shape.Length];
        int size = Sizes.Length == 0 ? 1 : Sizes[d];
        for (int i = 0; i < offsets.Length; i++)
        {
            long k = index[i];
            if (k < -size || k >= size)
                throw op == "gather"
                    ? new ArgumentOutOfRangeException(null, $"index {k} is out of bounds for dimension {d} with size {size}")
                    : Errors.Argument("index out of range in self");
            if (k < 0) k += size;
            int off = Offset;
            for (int a = 0; a < shape.Length; a++) off += (a == d ? (int)k : position[a]) * Strides[a];
            offsets[i] = off;
            for (int a = shape.Length - 1; a >= 0; a--)
            {
                if (++position[a] < shape[a]) break;
                position[a] = 0;
            }
        }
        return offsets;
    }

    // The elements at the given storage offsets, as a new array of this dtype.
    private Array Pick(int[] offsets) => Storage switch
    {
        float[] s => PickAs(s, offsets),
        double[] s => PickAs(s, offsets),
        long[] s => PickAs(s, offsets),
        int[] s => PickAs(s, offsets),
        bool[] s => PickAs(s, offsets),
        _ => throw new InvalidOperationException(),
    };

    private static T[] PickAs<T>(T[] storage, int[] offsets)
    {
        var r = new T[offsets.Length];
        for (int i = 0; i < r.Length; i++) r[i] = storage[offsets[i]];
        return r;
    }

    // The gradient of a gather: each element of g added at the source position it was read from.
    private Tensor ScatterAdd(Tensor g, int[] offsets)
    {
        // Offsets are into this tensor's storage; map them to row-major positions of this shape
        // (for a contiguous tensor, the offset less its own).
        var values = g.Read<double>();
        var sums = new double[Numel];
        if (IsContiguous())
        {
            for (int i = 0; i < offsets.Length; i++) sums[offsets[i] - Offset] += values[i];
        }
        else
        {
            var position = StoragePositions();
            for (int i = 0; i < offsets.Length; i++) sums[position[offsets[i]]] += values[i];
        }
        return new Tensor(sums, (int[])Sizes.Clone()).Cast(DType);
    }

    // For each storage offset this tensor reads, its row-major position (views read each offset once).
    private Dictionary<int, int> StoragePositions()
    {
        var offsets = ElementOffsets();
        var map = new Dictionary<int, int>(offsets.Length);
        for (int i = 0; i < offsets.Length; i++) map.TryAdd(offsets[i], i);
        return map;
    }

    // ---- indexing by tensors -------------------------------------------------------------------

    /// <summary>
    /// <c>t[mask]</c> for a bool mask over the leading dims (the selected entries, stacked), or
    /// <c>t[indices]</c> for an int64 tensor of indices along dim 0 (shape <c>indices.shape + rest</c>).
    /// The setter writes into those entries, as <c>t[mask] = v</c> (<c>index_put_</c>).
    /// </summary>
    [IndexerName("At")]
    public Tensor this[Tensor index]
    {
        get
        {
            // A 0-dim integer tensor indexes as an int does (PyTorch's applySlicing selects).
            if (IsIntegerScalar(index)) return this[(int)index.Item<long>()];
            var (source, rows, shape) = Indexed(index);
            CheckBounds(index);
            return source.IndexSelect(0, rows, "IndexBackward0", shape, IndexLayout(index, shape));
        }
        set => IndexPut(index, value);
    }

    private static bool IsIntegerScalar(Tensor index) => index.Sizes.Length == 0 && index.DType is DType.Int64 or DType.Int32;

    // t[index] = value as Python runs it: a number becomes this tensor's dtype, a tensor must have it;
    // the value (leading size-1 dims dropped) broadcast to the selected rows; one index_put_ node.
    private void IndexPut(Tensor index, Tensor value)
    {
        if (IsIntegerScalar(index))
        {
            SetItem(this[(int)index.Item<long>()], value);
            return;
        }
        var put = value.IsWrappedNumber ? value.To(DType) : value;
        var (source, rows, shape) = Indexed(index);
        // A mask with one value runs as masked_fill_ with the value as a number, of any dtype.
        if (index.DType == DType.Bool && put.Numel == 1) put = put.To(DType);
        int lead = 0;
        while (lead < put.Sizes.Length && put.Sizes[lead] == 1) lead++;
        if (lead > 0) put = put.View(put.Sizes[lead..]);
        var joint = ShapeRules.Broadcast(put.Sizes, shape);
        if (!joint.IsOk || !ShapeRules.SameShape(joint.Shape!, shape))
        {
            throw Errors.Argument($"shape mismatch: value tensor of shape {ShapeRules.Format(put.Sizes)} cannot be broadcast to indexing result of shape {ShapeRules.Format(shape)}");
        }
        if (put.DType != DType)
        {
            throw Errors.Argument($"Index put requires the source and destination dtypes match, got {Errors.KernelTypeName(DType)} " +
                $"for the destination and {Errors.KernelTypeName(put.DType)} for the source.");
        }
        CheckBounds(index);
        var at = rows.Read<long>();
        int inner = (int)ShapeRules.Numel(source.Sizes[1..]);
        // Row-major positions of the selected elements in this tensor (a mask's rows run over its flattened dims).
        var positions = new int[at.Length * inner];
        for (int i = 0; i < at.Length; i++)
            for (int j = 0; j < inner; j++) positions[i * inner + j] = (int)at[i] * inner + j;
        InPlace(put, s =>
        {
            var result = new Tensor(s.ContiguousData(), (int[])s.Sizes.Clone());
            result.WriteAt(positions, put.Detach().Expand(shape));
            return Record(result, "IndexPutBackward0", [s, put], g =>
            {
                var grad = new Tensor(g.ContiguousData(), (int[])g.Sizes.Clone());
                var picked = new Tensor(grad.Pick(positions), (int[])shape.Clone());
                grad.WriteAt(positions, Torch.Zeros([], g.DType));
                return [grad, SumTo(picked, put.Sizes)];
            }, savesTensors: false);
        });
    }

    // Writes values of this dtype (one per position, row-major, or a single one) at the row-major
    // positions of this fresh contiguous tensor.
    private void WriteAt(int[] positions, Tensor values)
    {
        var data = values.ContiguousData();
        for (int i = 0; i < positions.Length; i++) Array.Copy(data, data.Length == 1 ? 0 : i, Storage, positions[i], 1);
    }

    // What t[index] reads: this tensor with a mask's dims flattened into one (a view), the rows
    // along dim 0 (int64), and the result's shape.
    private (Tensor Source, Tensor Rows, int[] Shape) Indexed(Tensor index)
    {
        if (index.DType == DType.Bool)
        {
            int k = index.Sizes.Length;
            for (int at = 0; at < k; at++)
            {
                if (at >= Sizes.Length || index.Sizes[at] != Sizes[at])
                {
                    throw new ArgumentOutOfRangeException(null,
                        $"The shape of the mask {ShapeRules.Format(index.Sizes)} at index {at} does not match the shape of the indexed tensor {ShapeRules.Format(Sizes)} at index {at}");
                }
            }
            var flat = index.ReadBool();
            var chosen = new List<long>();
            for (int i = 0; i < flat.Length; i++) if (flat[i]) chosen.Add(i);
            var source = k == 1 ? this : Reshape([flat.Length, .. Sizes[k..]]);
            return (source, Torch.Tensor(chosen.ToArray()), [chosen.Count, .. Sizes[k..]]);
        }
        if (index.DType is not (DType.Int64 or DType.Int32))
            throw new ArgumentOutOfRangeException(null, "tensors used as indices must be long, int, byte or bool tensors");
        if (Sizes.Length == 0) throw new ArgumentOutOfRangeException(null, "too many indices for tensor of dimension 0");
        // ATen checks an empty dim when it sets the indexing up, each index later in its kernel.
        if (Sizes[0] == 0 && index.Numel > 0) throw new ArgumentOutOfRangeException(null, "index is out of bounds for dimension with size 0");
        var wrapped = index.Read<long>();
        for (int i = 0; i < wrapped.Length; i++) if (wrapped[i] < 0) wrapped[i] += Sizes[0];
        return (this, Torch.Tensor(wrapped), [.. index.Sizes, .. Sizes[1..]]);
    }

    // The kernel's check of each index (a mask's rows are in bounds by construction).
    private void CheckBounds(Tensor index)
    {
        if (index.DType == DType.Bool) return;
        foreach (var i in index.Read<long>())
            if (i < -Sizes[0] || i >= Sizes[0]) throw new ArgumentOutOfRangeException(null, $"index {i} is out of bounds for dimension 0 with size {Sizes[0]}");
    }
}

internal static class ArrayReplace
{
    /// <summary>A copy of <paramref name="sizes"/> with element <paramref name="at"/> set to <paramref name="value"/>.</summary>
    public static int[] Replace(this int[] sizes, int at, int value)
    {
        var r = (int[])sizes.Clone();
        r[at] = value;
        return r;
    }
}
