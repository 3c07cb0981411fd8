using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

// cat and stack: several tensors, mixed dtypes, empty 1-D tensors (which cat skips), mismatches.
internal static partial class DiffOps
{
    private static IEnumerable<DiffOp> Joins()
    {
        yield return new("Torch.Cat(IReadOnlyList<Tensor>, int)", d =>
        {
            var s = d.Shape(0, 3, 12);
            int dim = d.Dim(s.Length);
            int k = dim < 0 ? dim + s.Length : dim;
            int count = d.Coin(0.05) ? 0 : d.Int(1, 3);
            var dt = d.Dtype(Draw.All);
            var tensors = new List<InputSpec>();
            for (int i = 0; i < count; i++)
            {
                var shape = (long[])s.Clone();
                if (shape.Length > 0) shape[k] = d.Int(0, 3);
                if (d.Coin(0.06) && shape.Length > 0) shape[(k + 1) % shape.Length] += 1;
                if (d.Coin(0.05)) shape = [0];
                tensors.Add(d.Tensor(shape, d.Coin(0.8) ? dt : d.Dtype(Draw.All)));
            }
            return C(tensors, dim);
        }, c => Join(c, "cat"), Count: 24)
        {
            // One transposed tensor: the result keeps its layout.
            Fixed = [C(new List<InputSpec> { Fix(Dt.Float32, [2, 3], Transposed) }, 0)],
        };
        yield return new("Torch.Stack(IReadOnlyList<Tensor>, int)", d =>
        {
            var s = d.Shape(0, 3, 12);
            int dim = d.Int(-s.Length - 1, s.Length);
            int count = d.Coin(0.05) ? 0 : d.Int(1, 3);
            var dt = d.Dtype(Draw.All);
            var tensors = new List<InputSpec>();
            for (int i = 0; i < count; i++)
                tensors.Add(d.Tensor(d.Coin(0.06) ? [.. s, 2] : s, d.Coin(0.8) ? dt : d.Dtype(Draw.All)));
            return C(tensors, dim);
        }, c => Join(c, "stack"), Count: 16);
    }

    // Through TorchScript: TorchSharp rejects an empty list itself.
    private static List<Tensor> Join(Call c, string op) =>
        L((Tensor)Script($"def f(t: List[Tensor], d: int):\n  return torch.{op}(t, d)", c.Ts(0), (int)c.L(1)));
}
