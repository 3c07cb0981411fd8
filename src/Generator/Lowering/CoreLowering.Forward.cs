// The forward blocks: each node with a buffer is written by a block of its own; element-wise and
// layout ops are one fused pass over the elements, reading their inputs inlined.
using System;
using System.Linq;
using TensorDsl.Generators.Model;
using TensorDsl.Ops;

namespace TensorDsl.Generators.Lowering;

internal sealed partial class CoreLowering
{
    private void WriteCompute(int id)
    {
        var node = NodeOf(id);
        Emit(Blank.Instance);
        Emit(new Comment(Describe(node)));
        string buffer = Name(id);
        var shape = node.Shape.ToArray();
        switch (node.Row().Class)
        {
            case OpClass.Reduction:
                WriteReduction(node, buffer);
                break;
            case OpClass.Product:
                WriteMatMul(node, buffer);
                break;
            case OpClass.Normalization:
                WriteSoftmax(node, buffer);
                break;
            case OpClass.Join:
            {
                bool cat = node.Op == OpKind.Cat;
                int d = node.Ints[0], at = 0;
                foreach (var part in node.Inputs.Select(NodeOf))
                {
                    // A part with no elements writes nothing (cat skips a [0] part of any rank, as PyTorch's legacy rule does).
                    if (part.Numel == 0) continue;
                    int offset = at;
                    ForEach(part.Shape.ToArray(), 1, idx =>
                    {
                        var target = cat ? Replace(idx, d, idx[d] + Ix.Const(offset)) : Insert(idx, d, Ix.Const(offset));
                        Emit(new Store(buffer, Ix.Flat(target, shape), Value(part.Id, idx), Add: false));
                    });
                    at += cat ? part.Shape[d] : 1;
                }
                break;
            }
            default:
                // Element-wise and layout ops: one fused pass over the elements.
                ElementLoop(shape, idx => new Stmt[] { new Store(buffer, Ix.Flat(idx, shape), Compute(id, idx), Add: false) });
                break;
        }
    }

    // sum, mean and max, of everything or along one dim.
    private void WriteReduction(Node node, string buffer)
    {
        var input = NodeOf(node.Inputs[0]);
        var shape = node.Shape.ToArray();
        bool max = node.Op is OpKind.Max or OpKind.MaxDim;
        bool mean = node.Op is OpKind.Mean or OpKind.MeanDim;
        if (node.Row().Shape == ShapeRule.ReduceAll)
        {
            Reduce(input.Shape.ToArray(), max, idx => Value(input.Id, idx),
                total => new Store(buffer, Ix.Const(0), mean ? new Apply(OpKind.Div, total, new Const(input.Numel)) : total, Add: false));
            return;
        }
        int d = node.Ints[0];
        bool keep = node.Ints[1] == 1;
        int len = input.Shape[d];
        ForEach(shape, len, o => Reduce(new[] { len }, max, k => Value(input.Id, WithDim(o, d, k[0], keep)),
            total => new Store(buffer, Ix.Flat(o, shape), mean ? new Apply(OpKind.Div, total, new Const(len)) : total, Add: false)));
    }

    private void WriteMatMul(Node node, string buffer)
    {
        var a = NodeOf(node.Inputs[0]);
        var b = NodeOf(node.Inputs[1]);
        var full = MatMulSpace(a, b, out int k);
        int m = full[full.Length - 1];
        if (IsBlockedProduct(node, out int batches, out int tileRows))
        {
            // Plain matrices: tiled products (4-row tiles of vectors).
            Emit(new ClearSpan(buffer));
            BlockedCalls(batches, slice => new Call(Support + ".MatMulAdd", null, slice(Name(a.Id), tileRows * k),
                slice(Name(b.Id), batches == 1 ? b.Numel : k * m), slice(buffer, tileRows * m), new IntConst(tileRows), new IntConst(k), new IntConst(m)));
            return;
        }
        if (IsRowMajorBuffer(b) && m >= VectorMinimum && (long)node.Numel * k > _m.UnrollLimit)
        {
            // Too big to unroll: for each output row, add a[i, k] times row k of b (vectorized).
            var rows = full.Take(full.Length - 1).ToArray();
            ForEach(rows, m * k, r =>
            {
                var f0 = r.Concat(new[] { Ix.Const(0) }).ToArray();
                string row = NextAccumulator();
                Emit(new DeclareSpan(row, buffer, Ix.Flat(f0, full), m, Clear: true));
                string kv = "k" + _loopDepth;
                var kk = Ix.Var(kv);
                Emit(new Loop(kv, k, Collect(() => Emit(new Invoke(new Call(Support + ".MultiplyAdd", null,
                    Value(a.Id, MatMulIndexA(a, full, f0, kk)), new SpanOf(Name(b.Id), Ix.Flat(MatMulIndexB(b, full, f0, kk), b.Shape.ToArray()), m),
                    new SpanOf(row)))))));
            });
            return;
        }
        ForEach(full, k, f =>
            Reduce(new[] { k }, false, kk => new Apply(OpKind.Mul, Value(a.Id, MatMulIndexA(a, full, f, kk[0])), Value(b.Id, MatMulIndexB(b, full, f, kk[0]))),
                total => new Store(buffer, Ix.Flat(f, full), total, Add: false)));
    }

    // softmax and log-softmax, one row along the dim at a time.
    private void WriteSoftmax(Node node, string buffer)
    {
        var input = NodeOf(node.Inputs[0]);
        var shape = node.Shape.ToArray();
        var (rows, len, at) = RowsOf(node);
        ForEach(rows, len * 3, o =>
        {
            Ix[] At(Ix k) => at(o, k);
            Ix Out(Ix[] k) => Ix.Flat(At(k[0]), shape);
            var row = Collect(() =>
            {
                // Shifted by the row's maximum so exp cannot overflow; one exp per element.
                Reduce(new[] { len }, true, k => Value(input.Id, At(k[0])), total => new DeclareLocal("max", total));
                ForEach(new[] { len }, len, k => Emit(new Store(buffer, Out(k),
                    new Apply(OpKind.Exp, new Apply(OpKind.Sub, Value(input.Id, At(k[0])), new Local("max"))), Add: false)));
                Reduce(new[] { len }, false, k => new Load(buffer, Out(k)), total => new DeclareLocal("sum", total));
                if (node.Op == OpKind.Softmax)
                {
                    ForEach(new[] { len }, len, k => Emit(new Store(buffer, Out(k), new Apply(OpKind.Div, new Load(buffer, Out(k)), new Local("sum")), Add: false)));
                    return;
                }
                Emit(new DeclareLocal("logSum", new Apply(OpKind.Log, new Local("sum"))));
                ForEach(new[] { len }, len, k => Emit(new Store(buffer, Out(k),
                    new Apply(OpKind.Sub, new Apply(OpKind.Sub, Value(input.Id, At(k[0])), new Local("max")), new Local("logSum")), Add: false)));
            });
            // A row's locals need a block of their own unless a loop body already gives one.
            EmitScoped(o.All(i => i.IsConstant), row.ToArray());
        });
    }

    /// <summary>
    /// The rows of a normalization along its dim: the index space of the rows, their length, and the
    /// index of element k of row o. A 0-dim tensor is one row of one element.
    /// </summary>
    private static (int[] Rows, int Length, Func<Ix[], Ix, Ix[]> At) RowsOf(Node node)
    {
        var shape = node.Shape.ToArray();
        if (shape.Length == 0) return (shape, 1, (o, _) => o);
        int d = node.Ints[0];
        var rows = (int[])shape.Clone();
        rows[d] = 1;
        return (rows, shape[d], (o, k) => Replace(o, d, k));
    }

    // ---- products -------------------------------------------------------------------------------

    /// <summary>
    /// A product of buffers too big to unroll, handed to the tiled product helpers: batches of n×k · k×m
    /// matrices. A 2-D right side folds a batch on the left into its rows (as PyTorch does); equal batch
    /// dims on both sides are a loop over matrices; broadcast batches are not tiled.
    /// </summary>
    private bool IsBlockedProduct(Node node, out int batches, out int n)
    {
        var a = NodeOf(node.Inputs[0]);
        var b = NodeOf(node.Inputs[1]);
        batches = 1;
        n = 0;
        if (a.Rank < 2 || b.Rank < 2 || !_buffered[a.Id] || !_buffered[b.Id]) return false;
        int k = a.Shape[a.Rank - 1], m = b.Shape[b.Rank - 1];
        if (m < VectorMinimum || (long)node.Numel * k <= _m.UnrollLimit) return false;
        if (b.Rank == 2)
        {
            n = a.Numel / Math.Max(k, 1);
            return k > 0;
        }
        if (a.Rank != b.Rank) return false;
        for (int d = 0; d < a.Rank - 2; d++)
        {
            if (a.Shape[d] != b.Shape[d]) return false;
            batches *= a.Shape[d];
        }
        n = a.Shape[a.Rank - 2];
        return true;
    }

    // One tiled product call per batch matrix (a single call when there is one); the spans are
    // made by the callback's argument: the slice of each operand for batch p.
    private void BlockedCalls(int batches, Func<Func<string, int, Expr>, Call> call)
    {
        if (batches == 1)
        {
            Emit(new Invoke(call((span, _) => new SpanOf(span))));
            return;
        }
        string p = "i" + _loopDepth;
        Emit(new Loop(p, batches, Collect(() => Emit(new Invoke(call((span, size) => new SpanOf(span, Ix.Var(p) * size, size)))))));
    }

    // A buffer (or parameter span) whose last dim is contiguous, so its rows can be sliced.
    private bool IsRowMajorBuffer(Node node) => node.Rank >= 2 && _buffered[node.Id];

    // The product's iteration space: broadcast batch, then n (1 for a 1-D left side), then m.
    private static int[] MatMulSpace(Node a, Node b, out int k)
    {
        k = a.Shape[a.Rank - 1];
        int n = a.Rank == 1 ? 1 : a.Shape[a.Rank - 2];
        int m = b.Rank == 1 ? 1 : b.Shape[b.Rank - 1];
        int batchRank = Math.Max(Math.Max(a.Rank - 2, 0), Math.Max(b.Rank - 2, 0));
        var batch = new int[batchRank];
        for (int i = 0; i < batchRank; i++)
        {
            int ia = a.Rank - 2 - batchRank + i, ib = b.Rank - 2 - batchRank + i;
            int sa = ia >= 0 ? a.Shape[ia] : 1, sb = ib >= 0 ? b.Shape[ib] : 1;
            batch[i] = Math.Max(sa, sb);
        }
        return batch.Concat(new[] { n, m }).ToArray();
    }

    // The index of an operand's element for the product's index f (batch, n, m) and step k: the left
    // operand is read at (batch, n, k), the right one at (batch, k, m); broadcast batch dims at 0.
    private static Ix[] MatMulIndexA(Node a, int[] full, Ix[] f, Ix k) => MatMulIndex(a, full, f, f[full.Length - 2], k, k);

    private static Ix[] MatMulIndexB(Node b, int[] full, Ix[] f, Ix k) => MatMulIndex(b, full, f, k, f[full.Length - 1], k);

    private static Ix[] MatMulIndex(Node x, int[] full, Ix[] f, Ix row, Ix column, Ix step)
    {
        // A vector is read along the product's sum.
        if (x.Rank == 1) return new[] { step };
        int batch = x.Rank - 2;
        var idx = new Ix[x.Rank];
        for (int i = 0; i < batch; i++)
            idx[i] = x.Shape[i] == 1 ? Ix.Const(0) : f[full.Length - 2 - batch + i];
        idx[x.Rank - 2] = row;
        idx[x.Rank - 1] = column;
        return idx;
    }
}
