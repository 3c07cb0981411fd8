// The backward blocks: one per step of the backward plan, from the result to the parameters. Ops
// with a derivative formula accumulate the formula's value at each element; layout ops and joins
// scatter the gradient back through their index map; max and products have loops of their own.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using TensorDsl.Generators.Differentiation;
using TensorDsl.Generators.Model;
using TensorDsl.Ops;

namespace TensorDsl.Generators.Lowering;

internal sealed partial class CoreLowering
{
    private void WriteBackward(int offset)
    {
        Emit(Blank.Instance);
        for (int i = 0; i < _m.Nodes.Count; i++)
        {
            if (!_plan.GradientBuffer[i]) continue;
            Emit(new DeclareSpan(GradName(i), offset, NodeOf(i).Numel, clear: true));
            offset += NodeOf(i).Numel;
        }
        Emit(Blank.Instance);
        Emit(new Comment("Backward: gradients flow from the result to the parameters, in reverse order."));
        var steps = _plan.Steps;
        for (int s = 0; s < steps.Count;)
        {
            // The steps of one point-wise node, to several inputs, share one pass where it vectorizes.
            int end = s + 1;
            while (end < steps.Count && steps[end].Node == steps[s].Node) end++;
            if (end - s < 2 || !TryWriteFused(steps.Skip(s).Take(end - s).ToList()))
            {
                for (int i = s; i < end; i++) WriteGradient(steps[i]);
            }
            s = end;
        }
    }

    /// <summary>Writes one step of the backward graph: the gradient of a node, added to one input's.</summary>
    private void WriteGradient(GradientStep step)
    {
        int id = step.Node, input = step.Input;
        var node = NodeOf(id);
        var shape = node.Shape.ToArray();
        var inShape = NodeOf(input).Shape.ToArray();
        string what = Describe(node);

        if (node.Op == OpKind.Input)
        {
            // A kernel that returns a parameter passes the gradient straight through.
            Accumulate(id, shape, idx => (idx, Grad(id, idx)), "result");
            return;
        }
        if (_plan.Terms[id] is not null)
        {
            switch (node.Row().Class)
            {
                case OpClass.Normalization:
                    WriteRowGradient(node, what);
                    return;
                case OpClass.Reduction:
                    // Over the input's elements: each reads the gradient of the value it was reduced into.
                    Accumulate(input, inShape, idx => (idx, GradientTo(node, input, idx)!), what);
                    return;
                default:
                    // Point-wise: every position the input is read at adds its term (x * x).
                    Accumulate(input, shape, idx => (Broadcast(idx, shape, inShape), GradientTo(node, input, idx)!), what);
                    return;
            }
        }
        switch (node.Row().Class)
        {
            case OpClass.Layout:
                // The gradient goes back to the element each result element was read from.
                Accumulate(input, shape, idx => (InputIndex(node, idx), Grad(id, idx)), what);
                break;
            case OpClass.Join:
            {
                int d = node.Ints[0];
                bool cat = node.Op == OpKind.Cat;
                // A part with no elements has no gradient to receive (and cat's legacy [0] part no dim d).
                if (NodeOf(input).Numel == 0) break;
                foreach (var p in step.Positions)
                {
                    // The part's offset along d: the sizes of the parts before it.
                    int offset = 0;
                    for (int q = 0; q < p; q++) offset += !cat ? 1 : NodeOf(node.Inputs[q]) is { Numel: > 0 } part ? part.Shape[d] : 0;
                    Accumulate(input, inShape, idx =>
                        (idx, Grad(id, cat ? Replace(idx, d, idx[d] + Ix.Const(offset)) : Insert(idx, d, Ix.Const(offset)))), what);
                }
                break;
            }
            case OpClass.Product:
                foreach (var side in step.Positions) WriteMatMulGradient(node, side, what);
                break;
            case OpClass.Reduction when node.Op == OpKind.Max:
                // The gradient is shared evenly among tied maxima, as PyTorch does.
                Guarded(input, what, () => Emit(new Scope(Collect(() =>
                {
                    var max = Value(id, new Ix[0]);
                    Emit(new DeclareInt("count", 0));
                    ForEach(inShape, 1, idx => Emit(new CountIf("count", Value(input, idx), max)));
                    Accumulate(input, inShape, idx => (idx, new IfEqual(Value(input, idx), max,
                        new Apply(OpKind.Div, Grad(id, new Ix[0]), new Local("count")), new Const(0))), null);
                }))));
                break;
            case OpClass.Reduction:
                WriteMaxDimGradient(node, what);
                break;
        }
    }

    /// <summary>
    /// The steps of one point-wise node to its several inputs, with its gradient computed once per
    /// element, when the node's elements are too many to unroll. Inputs of the node's own shape share
    /// one vectorized loop, the gradient bound to a local. An input broadcast across the node (a
    /// bias) sums the gradient over the broadcast dims: it reads it back from the buffer of an input
    /// that received exactly that gradient, in a loop of its own (interleaved with the others, its
    /// running sums stall the loop; measured 20% slower on the bench's dense layer).
    /// </summary>
    private bool TryWriteFused(IReadOnlyList<GradientStep> steps)
    {
        var node = NodeOf(steps[0].Node);
        var shape = node.Shape.ToArray();
        if (!Differentiator.IsPointwise(node.Row()) || _plan.Terms[node.Id] is null || node.Rank == 0
            || Count(shape) <= _m.UnrollLimit || shape[shape.Length - 1] < VectorMinimum)
        {
            return false;
        }
        var full = steps.Where(step => NodeOf(step.Input).Shape.Equals(node.Shape)).ToList();
        var broadcast = steps.Except(full).ToList();
        GradientStep? source = null;
        if (broadcast.Count > 0)
        {
            // A full input whose buffer holds exactly its gradient from this node (it has no other
            // reader, so no other contribution) and whose gradient is the broadcast inputs' one.
            source = full.FirstOrDefault(step => _plan.GradientBuffer[step.Input] && _plan.Consumers[step.Input] == 1
                && broadcast.All(b => SameTerm(node, step, b)));
            if (source is null) return false;
        }
        var probe = shape.Select((_, d) => d == shape.Length - 1 ? Ix.Var("probe") : Ix.Const(0)).ToArray();
        if (full.Count > 1 && !Vectorization.CanVectorize(Bind(Stores(node, full, probe)), "probe")) return false;

        if (full.Count == 1)
        {
            WriteGradient(full[0]);
        }
        else
        {
            Emit(Blank.Instance);
            Emit(new Comment($"gradient of {Describe(node)} with respect to {string.Join(" and ", full.Select(s => Target(s.Input)))}"));
            ElementLoop(shape, idx => Stores(node, full, idx), idx => Grad(node.Id, idx), GradName(node.Id));
        }
        foreach (var step in broadcast)
        {
            var inShape = NodeOf(step.Input).Shape.ToArray();
            Accumulate(step.Input, shape, idx => (Broadcast(idx, shape, inShape), new Load(GradName(source!.Input), Ix.Flat(idx, shape))),
                $"{Describe(node)} (the gradient of {Target(source!.Input)}, summed)");
        }
        return true;
    }

    // Each step's accumulation at idx; a parameter's runs only when its grad span is not empty.
    private IReadOnlyList<Stmt> Stores(Node node, IEnumerable<GradientStep> steps, Ix[] idx) => steps.Select(step =>
    {
        var shape = node.Shape.ToArray();
        var inShape = NodeOf(step.Input).Shape.ToArray();
        var store = new Store(GradName(step.Input), Ix.Flat(Broadcast(idx, shape, inShape), inShape), GradientTo(node, step.Input, idx)!, Add: true);
        return NodeOf(step.Input).Op == OpKind.Input ? new IfNotEmpty(GradName(step.Input), ImmutableArray.Create<Stmt>(store)) : (Stmt)store;
    }).ToList();

    // Whether two inputs, each read once by the node, get the same gradient formula (a sum's inputs).
    private bool SameTerm(Node node, GradientStep a, GradientStep b) =>
        a.Positions.Length == 1 && b.Positions.Length == 1 && _plan.Terms[node.Id][a.Positions[0]] is { } term
        && term.Equals(_plan.Terms[node.Id][b.Positions[0]]);

    private string Target(int id) => NodeOf(id).Op == OpKind.Input ? _names.Values[id] : Describe(NodeOf(id));

    // softmax: dx = y (g - Σ g·y); log-softmax: dx = g - e^y Σ g; a row at a time, its sums first.
    private void WriteRowGradient(Node node, string what)
    {
        var input = NodeOf(node.Inputs[0]);
        var shape = node.Shape.ToArray();
        var (rows, len, at) = RowsOf(node);
        var sums = RowSums(_plan.Terms[node.Id][0]!).Distinct().ToList();
        Guarded(input.Id, what, () => ForEach(rows, len * 2, o =>
        {
            Ix[] At(Ix k) => at(o, k);
            Emit(new Scope(Collect(() =>
            {
                var locals = new Dictionary<Expr, Expr>();
                for (int n = 0; n < sums.Count; n++)
                {
                    string name = n == 0 ? "rowSum" : "rowSum" + n;
                    var sum = sums[n];
                    Reduce(new[] { len }, false, k => Concrete(sum.Value, node, At(k[0]), locals), total => new DeclareLocal(name, total));
                    locals[sum] = new Local(name);
                }
                ForEach(new[] { len }, len, k => Emit(new Store(GradName(input.Id), Ix.Flat(At(k[0]), shape),
                    GradientTo(node, input.Id, At(k[0]), locals)!, Add: true)));
            })));
        }));
    }

    private static IEnumerable<SumAlong> RowSums(Expr e)
    {
        if (e is SumAlong s) yield return s;
        var children = e switch
        {
            Unreduce u => new[] { u.Value },
            SumAlong a => new[] { a.Value },
            _ => Children(e),
        };
        foreach (var child in children)
            foreach (var sum in RowSums(child)) yield return sum;
    }

    // Each gradient goes to the first position holding its row's maximum, as PyTorch's max(dim) indices.
    private void WriteMaxDimGradient(Node node, string what)
    {
        var input = NodeOf(node.Inputs[0]);
        int d = node.Ints[0];
        bool keep = node.Ints[1] == 1;
        int len = input.Shape[d];
        var inShape = input.Shape.ToArray();
        Guarded(input.Id, what, () => ForEach(node.Shape.ToArray(), len, o => Emit(new Scope(Collect(() =>
        {
            var at = WithDim(o, d, Ix.Var("k0"), keep);
            Emit(new DeclareInt("k0", 0));
            Emit(new AdvanceWhileNot("k0", Value(input.Id, at), Value(node.Id, o), len - 1));
            Emit(new Store(GradName(input.Id), Ix.Flat(at, inShape), Grad(node.Id, o), Add: true));
        })))));
    }

    // side 0: the gradient of the left operand; side 1: of the right one.
    private void WriteMatMulGradient(Node node, int side, string what)
    {
        var a = NodeOf(node.Inputs[0]);
        var b = NodeOf(node.Inputs[1]);
        var full = MatMulSpace(a, b, out int k);
        int n = full[full.Length - 2], m = full[full.Length - 1];
        var batch = full.Take(full.Length - 2).ToArray();
        bool vectorize = m >= VectorMinimum && (long)node.Numel * k > _m.UnrollLimit;
        var bShape = b.Shape.ToArray();
        if (IsBlockedProduct(node, out int batches, out int rows))
        {
            // dA += dOut · Bᵀ and dB += Aᵀ · dOut, as tiled products over whole matrices.
            string gradOut = node.Id == _m.ResultNode ? "gradResult" : GradName(node.Id);
            int bSize = batches == 1 ? b.Numel : k * m;
            if (side == 0)
            {
                Guarded(a.Id, what + " (left side)", () => BlockedCalls(batches, slice => new Call(Support + ".MatMulAddTransposedB", null,
                    slice(gradOut, rows * m), slice(Name(b.Id), bSize), slice(GradName(a.Id), rows * k), new IntConst(rows), new IntConst(m), new IntConst(k))));
            }
            else
            {
                Guarded(b.Id, what + " (right side)", () => BlockedCalls(batches, slice => new Call(Support + ".MatMulAddTransposedA", null,
                    slice(Name(a.Id), rows * k), slice(gradOut, rows * m), slice(GradName(b.Id), bSize), new IntConst(rows), new IntConst(k), new IntConst(m))));
            }
            return;
        }
        if (side == 0)
        {
            var space = batch.Concat(new[] { n, k }).ToArray();
            Guarded(a.Id, what + " (left side)", () => ForEach(space, m, s =>
            {
                var kk = s[s.Length - 1];
                var f0 = s.Take(s.Length - 1).Concat(new[] { Ix.Const(0) }).ToArray();
                var target = Ix.Flat(MatMulIndexA(a, full, f0, kk), a.Shape.ToArray());
                if (vectorize && IsRowMajorBuffer(b))
                {
                    // dA[.., i, k] += dOut[.., i, :] · B[.., k, :] (vectorized dot products of rows)
                    Emit(new Store(GradName(a.Id), target, new Call(Support + ".Dot", null,
                        GradRow(node.Id, Ix.Flat(f0, full), m), new SpanOf(Name(b.Id), Ix.Flat(MatMulIndexB(b, full, f0, kk), bShape), m)), Add: true));
                    return;
                }
                // dA[.., i, k] += Σ_j dOut[.., i, j] · B[.., k, j]
                Reduce(new[] { m }, false, j =>
                {
                    var f = s.Take(s.Length - 1).Concat(new[] { j[0] }).ToArray();
                    return new Apply(OpKind.Mul, GradAt(node.Id, Ix.Flat(f, full)), Value(b.Id, MatMulIndexB(b, full, f, kk)));
                }, total => new Store(GradName(a.Id), target, total, Add: true));
            }));
            return;
        }
        if (vectorize && b.Rank >= 2)
        {
            // dB[.., k, :] += A[.., i, k] · dOut[.., i, :] (vectorized row updates)
            var space = batch.Concat(new[] { n, k }).ToArray();
            Guarded(b.Id, what + " (right side)", () => ForEach(space, m, s =>
            {
                var kk = s[s.Length - 1];
                var f0 = s.Take(s.Length - 1).Concat(new[] { Ix.Const(0) }).ToArray();
                Emit(new Invoke(new Call(Support + ".MultiplyAdd", null, Value(a.Id, MatMulIndexA(a, full, f0, kk)),
                    GradRow(node.Id, Ix.Flat(f0, full), m), new SpanOf(GradName(b.Id), Ix.Flat(MatMulIndexB(b, full, f0, kk), bShape), m))));
            }));
            return;
        }
        // dB[.., k, j] += Σ_i A[.., i, k] · dOut[.., i, j]
        var right = batch.Concat(new[] { k, m }).ToArray();
        Guarded(b.Id, what + " (right side)", () => ForEach(right, n, s =>
        {
            var kk = s[s.Length - 2];
            var jj = s[s.Length - 1];
            var f0 = s.Take(s.Length - 2).Concat(new[] { Ix.Const(0), jj }).ToArray();
            Reduce(new[] { n }, false, i =>
            {
                var f = s.Take(s.Length - 2).Concat(new[] { i[0], jj }).ToArray();
                return new Apply(OpKind.Mul, Value(a.Id, MatMulIndexA(a, full, f, kk)), GradAt(node.Id, Ix.Flat(f, full)));
            }, total => new Store(GradName(b.Id), Ix.Flat(MatMulIndexB(b, full, f0, kk), bShape), total, Add: true));
        }));
    }

    // A row of a gradient as a span: gradResult, or an intermediate's gradient buffer.
    private SpanOf GradRow(int id, Ix start, int length) =>
        new(id == _m.ResultNode ? "gradResult" : GradName(id), start, length);

    /// <summary>Adds a contribution to <paramref name="target"/>'s gradient over <paramref name="space"/>.</summary>
    private void Accumulate(int target, int[] space, Func<Ix[], (Ix[] Index, Expr Value)> contribution, string? what)
    {
        var targetShape = NodeOf(target).Shape.ToArray();
        void Body() => ElementLoop(space, idx =>
        {
            var (index, value) = contribution(idx);
            return new Stmt[] { new Store(GradName(target), Ix.Flat(index, targetShape), value, Add: true) };
        });
        if (what is null) Body();
        else Guarded(target, what, Body);
    }

    /// <summary>Writes a gradient block; a parameter's block runs only when its grad span is not empty.</summary>
    private void Guarded(int target, string what, Action body)
    {
        Emit(Blank.Instance);
        var node = NodeOf(target);
        Emit(new Comment($"gradient of {what} with respect to {(node.Op == OpKind.Input ? _names.Values[target] : Describe(node))}"));
        if (node.Op == OpKind.Input) Emit(new IfNotEmpty(GradName(target), Collect(body)));
        else body();
    }
}
