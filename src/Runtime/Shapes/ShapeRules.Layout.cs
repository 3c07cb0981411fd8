using System.Collections.Generic;

namespace TensorDsl.Shapes;

// The strides PyTorch gives a new result: TensorIterator's choice for element-wise ops, and
// empty_like's "preserve format" for clone, to and the *_like factories. A non-row-major input
// keeps its layout, so (x.T() * 2).View(-1) fails as it does in PyTorch.
internal static partial class ShapeRules
{
    /// <summary>
    /// The strides of an element-wise result of <paramref name="shape"/> from <paramref name="inputs"/>
    /// (each a shape and its strides; a wrapped number is a 0-d input), as TensorIterator chooses them;
    /// null when they are row-major.
    /// </summary>
    public static int[]? ElementwiseStrides(IReadOnlyList<int> shape, IReadOnlyList<(IReadOnlyList<int> Shape, IReadOnlyList<int> Strides)> inputs)
    {
        if (shape.Count < 2) return null;
        // TensorIterator's fast set-up: inputs of the output's shape that are all row-major, all
        // channels-last, or all dense with the same strides give those strides.
        bool sameShape = true, contiguous = true, channelsLast = shape.Count == 4, dense = true;
        foreach (var (s, st) in inputs)
        {
            if (!SameShape(s, shape)) { sameShape = false; break; }
            contiguous &= IsContiguous(s, st);
            channelsLast &= IsChannelsLast(s, st);
            dense &= IsNonOverlappingAndDense(s, st);
        }
        if (sameShape)
        {
            if (contiguous) return null;
            if (channelsLast) return ChannelsLastStrides(shape);
            if (dense && AllEqual(inputs)) return ToArray(inputs[0].Strides);
        }

        // Otherwise dims are ordered by the inputs' strides (broadcast dims do not vote), and the
        // result is dense in that order.
        var broadcast = new int[inputs.Count][];
        for (int i = 0; i < inputs.Count; i++) broadcast[i] = BroadcastStrides(inputs[i].Shape, inputs[i].Strides, shape);
        var perm = InnerFirstOrder(shape, broadcast);
        if (IsRowMajorOrder(perm)) return null;
        var strides = new int[shape.Count];
        int next = 1;
        foreach (int d in perm)
        {
            strides[d] = next;
            next *= shape[d];
        }
        return strides;
    }

    /// <summary>
    /// The strides of a copy of (<paramref name="shape"/>, <paramref name="strides"/>) that keeps its
    /// layout, as <c>empty_like</c> with <c>torch.preserve_format</c>: the same strides for a dense
    /// tensor, else dense strides in the order of its strides; null when they are row-major.
    /// </summary>
    public static int[]? PreservedStrides(IReadOnlyList<int> shape, IReadOnlyList<int> strides)
    {
        // A dense tensor's strides are copied exactly, even those of size-1 dims.
        if (IsNonOverlappingAndDense(shape, strides))
        {
            var rowMajor = ContiguousStrides(shape);
            for (int d = 0; d < shape.Count; d++)
                if (strides[d] != rowMajor[d]) return ToArray(strides);
            return null;
        }
        var perm = InnerFirstOrder(shape, [ToArray(strides)]);
        if (IsRowMajorOrder(perm)) return null;
        var result = new int[shape.Count];
        int next = 1;
        foreach (int d in perm)
        {
            result[d] = next;
            if (shape[d] > 1) next *= shape[d];
        }
        return result;
    }

    /// <summary>Whether every element has its own position and the positions fill a range without gaps, as <c>is_non_overlapping_and_dense()</c>.</summary>
    public static bool IsNonOverlappingAndDense(IReadOnlyList<int> shape, IReadOnlyList<int> strides)
    {
        // Contiguous (an empty tensor included) implies it.
        if (IsContiguous(shape, strides)) return true;
        if (shape.Count == 1) return shape[0] < 2 || strides[0] == 1;
        // Dims of size 0 or 1 do not matter; the others, by stride, must nest exactly.
        var dims = new List<int>();
        for (int d = 0; d < shape.Count; d++)
        {
            if (shape[d] < 2) continue;
            int at = dims.Count;
            while (at > 0 && strides[dims[at - 1]] > strides[d]) at--;
            dims.Insert(at, d);
        }
        long required = 1;
        foreach (int d in dims)
        {
            if (strides[d] != required) return false;
            required *= shape[d];
        }
        return true;
    }

    // Row-major in the order N, H, W, C of a 4-D tensor (size-1 dims do not count).
    private static bool IsChannelsLast(IReadOnlyList<int> shape, IReadOnlyList<int> strides)
    {
        if (shape.Count != 4) return false;
        long expected = 1;
        foreach (int d in new[] { 1, 3, 2, 0 })
        {
            if (shape[d] == 1) continue;
            if (strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    private static int[] ChannelsLastStrides(IReadOnlyList<int> shape)
    {
        var strides = new int[4];
        strides[1] = 1;
        strides[3] = shape[1];
        strides[2] = strides[3] * shape[3];
        strides[0] = strides[2] * shape[2];
        return strides;
    }

    private static bool AllEqual(IReadOnlyList<(IReadOnlyList<int> Shape, IReadOnlyList<int> Strides)> inputs)
    {
        for (int i = 1; i < inputs.Count; i++)
        {
            for (int d = 0; d < inputs[0].Strides.Count; d++)
                if (inputs[i].Strides[d] != inputs[0].Strides[d]) return false;
        }
        return true;
    }

    // An input's strides over the output's dims: 0 where it is broadcast or has no such dim.
    private static int[] BroadcastStrides(IReadOnlyList<int> inputShape, IReadOnlyList<int> inputStrides, IReadOnlyList<int> shape)
    {
        var result = new int[shape.Count];
        int lead = shape.Count - inputShape.Count;
        for (int i = 0; i < inputShape.Count; i++)
            result[lead + i] = inputShape[i] == 1 && shape[lead + i] != 1 ? 0 : inputStrides[i];
        return result;
    }

    // The dims from innermost to outermost, by an insertion sort on the inputs' strides that leaves
    // ambiguous pairs in row-major order: the first input with distinct non-zero strides decides,
    // and among equal strides the smaller dim goes inside.
    private static int[] InnerFirstOrder(IReadOnlyList<int> shape, int[][] strides)
    {
        int rank = shape.Count;
        var perm = new int[rank];
        for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
        for (int i = 1; i < rank; i++)
        {
            int dim1 = i;
            for (int dim0 = i - 1; dim0 >= 0; dim0--)
            {
                int comparison = Compare(perm[dim0], perm[dim1]);
                if (comparison > 0)
                {
                    (perm[dim0], perm[dim1]) = (perm[dim1], perm[dim0]);
                    dim1 = dim0;
                }
                else if (comparison < 0)
                {
                    break;
                }
            }
        }
        return perm;

        int Compare(int d0, int d1)
        {
            foreach (var s in strides)
            {
                if (s[d0] == 0 || s[d1] == 0) continue;
                if (s[d0] != s[d1]) return s[d0] < s[d1] ? -1 : 1;
                if (shape[d0] > shape[d1]) return 1;
            }
            return 0;
        }
    }

    private static bool IsRowMajorOrder(int[] innerFirst)
    {
        for (int i = 0; i < innerFirst.Length; i++)
            if (innerFirst[i] != innerFirst.Length - 1 - i) return false;
        return true;
    }
}
