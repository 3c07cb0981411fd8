// One core (ForwardCore or BackwardCore) lowered to statements. Element-wise and layout ops are
// inlined into the expressions of the nodes that read them (fusion); nodes with buffers are
// written by blocks of their own (CoreLowering.Forward.cs); Backward then accumulates gradients
// step by step (CoreLowering.Backward.cs). Loops and reductions are CoreLowering.Loops.cs.
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
    private const string Support = OpTable.Support;

    private readonly KernelModel _m;
    private readonly BackwardPlan _plan;
    private readonly KernelNames _names;
    private readonly bool[] _buffered;
    private readonly bool _isBackward;
    private readonly Node _result;
    private readonly bool _scalarResult;

    // The statements being written, innermost block last.
    private readonly List<List<Stmt>> _blocks = new() { new List<Stmt>() };
    private int _loopDepth;
    private int _accumulators;

    public CoreLowering(KernelModel model, BackwardPlan plan, KernelNames names, bool[] buffered, bool isBackward)
    {
        _m = model;
        _plan = plan;
        _names = names;
        _buffered = buffered;
        _isBackward = isBackward;
        _result = model.Nodes[model.ResultNode];
        _scalarResult = _result.Rank == 0;
    }

    // ForwardCore writes a non-scalar result straight into the caller's span.
    private bool ResultIsCallerSpan => !_isBackward && !_scalarResult;

    /// <summary>The core's body.</summary>
    public ImmutableArray<Stmt> Lower(bool reuseForward)
    {
        // Carve the buffers out of the workspace.
        int offset = 0;
        for (int i = 0; i < _m.Nodes.Count; i++)
        {
            var node = _m.Nodes[i];
            if (!_buffered[i] || node.Op == OpKind.Input || (i == _m.ResultNode && ResultIsCallerSpan)) continue;
            Emit(new DeclareSpan(Name(i), offset, node.Numel));
            offset += node.Numel;
        }

        if (reuseForward)
        {
            // Forward already keeps every value the gradients read, in the same workspace layout.
            offset = RunForward(offset);
        }
        else
        {
            for (int i = 0; i < _m.Nodes.Count; i++)
                if (_buffered[i] && _m.Nodes[i].Op != OpKind.Input) WriteCompute(i);
        }
        if (ResultIsCallerSpan && _result.Op == OpKind.Input)
        {
            // A kernel that returns a parameter computes nothing: the result is a copy of it.
            string parameter = _names.Parameters[_result.Parameter];
            Emit(Blank.Instance);
            Emit(new Comment($"the result is the parameter {parameter} itself"));
            Emit(new Invoke(new Call(parameter + ".CopyTo", null, new SpanOf("result"))));
        }
        if (_isBackward) WriteBackward(offset);
        if (_scalarResult) Emit(new Return(new Load(Name(_m.ResultNode), Ix.Const(0))));
        return _blocks[0].ToImmutableArray();
    }

    // Backward's forward pass as a call of ForwardCore; returns the workspace offset after it.
    private int RunForward(int offset)
    {
        Emit(Blank.Instance);
        Emit(new Comment("The forward pass; its buffers stay in the workspace for the gradients below."));
        var arguments = _names.Parameters.Select(p => (Expr)new SpanOf(p)).ToList();
        if (!_scalarResult)
        {
            if (_buffered[_m.ResultNode])
            {
                // The gradients read the result: Forward writes it straight into its buffer.
                arguments.Add(new SpanOf(Name(_m.ResultNode)));
            }
            else
            {
                Emit(new DeclareSpan("forwardResult", offset, _result.Numel));
                offset += _result.Numel;
                arguments.Add(new SpanOf("forwardResult"));
            }
        }
        arguments.Add(new SpanOf("workspace"));
        Emit(new Invoke(new Call("ForwardCore", null, new Shared.EquatableArray<Expr>(arguments))));
        return offset;
    }

    // ---- statements ---------------------------------------------------------------------------

    private void Emit(Stmt statement) => _blocks[_blocks.Count - 1].Add(statement);

    /// <summary>The statements <paramref name="write"/> emits, as a block's body.</summary>
    private ImmutableArray<Stmt> Collect(Action write)
    {
        _blocks.Add(new List<Stmt>());
        write();
        var body = _blocks[_blocks.Count - 1].ToImmutableArray();
        _blocks.RemoveAt(_blocks.Count - 1);
        return body;
    }

    // ---- names --------------------------------------------------------------------------------

    private string Name(int id) => id == _m.ResultNode && ResultIsCallerSpan ? "result" : _names.Values[id];

    private string GradName(int id) => KernelNames.Grad(_names.Values[id]);

    private Node NodeOf(int id) => _m.Nodes[id];

    private string Describe(Node node) => node.LocalName is { } local ? $"{local} = {Flatten(node.Source)}" : Flatten(node.Source);

    // One line per comment, whatever the source's layout.
    private static string Flatten(string source) =>
        string.Join(" ", source.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));

    // ---- element expressions ------------------------------------------------------------------

    /// <summary>The value of <paramref name="id"/> at <paramref name="idx"/>: a buffer read, or its computation inlined.</summary>
    private Expr Value(int id, Ix[] idx)
    {
        var node = NodeOf(id);
        if (node.Op == OpKind.Scalar) return new Param(Name(id), _m.Parameters[node.Parameter].ScalarType == "double");
        if (node.Op == OpKind.Constant) return new Const(node.Value);
        if (_buffered[id]) return new Load(Name(id), Ix.Flat(idx, node.Shape.ToArray()));
        return Compute(id, idx);
    }

    /// <summary>The computation of an element-wise or layout node at <paramref name="idx"/>.</summary>
    private Expr Compute(int id, Ix[] idx)
    {
        var node = NodeOf(id);
        var shape = node.Shape.ToArray();
        if (node.Op == OpKind.Input) return new Load(Name(id), Ix.Flat(idx, shape));
        if (node.Row().Class == OpClass.Elementwise)
        {
            Expr In(int i) => Value(node.Inputs[i], Broadcast(idx, shape, NodeOf(node.Inputs[i]).Shape.ToArray()));
            return Element(node.Op, In(0), node.Inputs.Count > 1 ? In(1) : null);
        }
        if (node.Row().Map == IndexMap.Reshape)
        {
            var input = NodeOf(node.Inputs[0]);
            var flat = Ix.Flat(idx, shape);
            if (_buffered[input.Id]) return new Load(Name(input.Id), flat);
            return Value(input.Id, Ix.Unravel(flat, input.Shape.ToArray()));
        }
        return Value(node.Inputs[0], InputIndex(node, idx));
    }

    /// <summary>The index of a layout node's input element for its result index <paramref name="idx"/>.</summary>
    private Ix[] InputIndex(Node node, Ix[] idx)
    {
        switch (node.Row().Map)
        {
            case IndexMap.Permutation:
            {
                var inIdx = new Ix[idx.Length];
                for (int i = 0; i < idx.Length; i++) inIdx[node.Ints[i]] = idx[i];
                return inIdx;
            }
            case IndexMap.Select:
                return Insert(idx, node.Ints[0], Ix.Const(node.Ints[1]));
            case IndexMap.Slice:
                return Replace(idx, node.Ints[0], idx[node.Ints[0]] + Ix.Const(node.Ints[1]));
            case IndexMap.Reshape:
                return Ix.Unravel(Ix.Flat(idx, node.Shape.ToArray()), NodeOf(node.Inputs[0]).Shape.ToArray());
            case IndexMap.Rows:
            {
                // out[…, j] = table[indices[…], j]: the leading dims index the int64 span.
                var indices = NodeOf(node.Inputs[1]);
                var at = Ix.Flat(idx.Take(idx.Length - 1).ToArray(), indices.Shape.ToArray());
                return new[] { Ix.Gathered(Name(indices.Id), at), idx[idx.Length - 1] };
            }
            case IndexMap.Pick:
            {
                // out[n] = x[n, target[n]] (or x[target] for one row).
                var target = Name(node.Inputs[1]);
                return idx.Length == 0
                    ? new[] { Ix.Gathered(target, Ix.Const(0)) }
                    : new[] { idx[0], Ix.Gathered(target, idx[0]) };
            }
            default:
                return idx;
        }
    }

    /// <summary>
    /// An element-wise op of the table on element expressions; pow with a known exponent becomes
    /// PyTorch's exact form (x·x, √x, 1/x, …), which every element type also has lane-wise.
    /// </summary>
    public static Expr Element(OpKind op, Expr x, Expr? y)
    {
        // Arithmetic on two numbers is done here, in float as the generated code would.
        if (x is Const { Value: var a } && y is Const { Value: var b } && op is OpKind.Add or OpKind.Sub or OpKind.Mul or OpKind.Div)
        {
            float fa = (float)a, fb = (float)b;
            return new Const(op switch { OpKind.Add => fa + fb, OpKind.Sub => fa - fb, OpKind.Mul => fa * fb, _ => fa / fb });
        }
        // Times or over 1 is the value itself, exactly.
        if (op == OpKind.Mul && x is Const { Value: 1 }) return y!;
        if (op is OpKind.Mul or OpKind.Div && y is Const { Value: 1 }) return x;
        if (op != OpKind.Pow) return new Apply(op, x, y);
        if (y is not Const { Value: var e }) return new Call(OpKind.Pow.Row().Scalar!, null, x, y!);
        return e switch
        {
            2 => new Apply(OpKind.Square, x),
            3 => new Call(Support + ".Cube", Support + ".Cube", x),
            1 => x,
            0 => new Const(1),
            0.5 => new Apply(OpKind.Sqrt, x),
            -1 => new Apply(OpKind.Reciprocal, x),
            -2 => new Apply(OpKind.Reciprocal, new Apply(OpKind.Square, x)),
            _ => new Call("MathF.Pow", null, x, new Const(e)),
        };
    }

    // ---- gradients as expressions -------------------------------------------------------------

    /// <summary>The gradient of <paramref name="id"/> at <paramref name="idx"/>: its buffer, or its sole consumer's contribution.</summary>
    private Expr Grad(int id, Ix[] idx)
    {
        int user = _plan.InlinedInto[id];
        if (user < 0) return GradAt(id, Ix.Flat(idx, NodeOf(id).Shape.ToArray()));
        // Backward fusion: written where it is used.
        return GradientTo(NodeOf(user), id, idx)!;
    }

    private Expr GradAt(int id, Ix flat)
    {
        if (id == _m.ResultNode) return _scalarResult ? new Const(1) : new Load("gradResult", flat);
        return new Load(GradName(id), flat);
    }

    /// <summary>
    /// What a node with a derivative formula adds to the gradient of its input <paramref name="input"/>,
    /// at <paramref name="idx"/> (the node's index for point-wise ops, the input's for reductions): the
    /// formula at every position the input is read at (x * x), null when it passes none.
    /// </summary>
    private Expr? GradientTo(Node node, int input, Ix[] idx, IReadOnlyDictionary<Expr, Expr>? rowSums = null)
    {
        var terms = new List<Expr>();
        for (int p = 0; p < node.Inputs.Count; p++)
            if (node.Inputs[p] == input && _plan.Terms[node.Id][p] is { } term) terms.Add(Concrete(term, node, idx, rowSums));
        // x * x: the same term twice is twice the term, exactly (doubling rounds nothing), and the
        // upstream gradient, possibly a long inlined expression, is evaluated once.
        if (terms.Count == 2 && terms[0].Equals(terms[1])) return new Apply(OpKind.Mul, new Const(2), terms[0]);
        return terms.Count == 0 ? null : terms.Skip(1).Aggregate(terms[0], (a, b) => new Apply(OpKind.Add, a, b));
    }

    /// <summary>A formula's symbolic values (<see cref="GradOf"/>, <see cref="InputOf"/>, …) replaced by reads at <paramref name="idx"/>.</summary>
    private Expr Concrete(Expr term, Node node, Ix[] idx, IReadOnlyDictionary<Expr, Expr>? rowSums)
    {
        // A reduction's gradient and result live in its reduced shape.
        var outIdx = node.Row().Class == OpClass.Reduction ? ReducedIndex(node, idx) : idx;
        var shape = node.Shape.ToArray();
        Expr Go(Expr e) => e switch
        {
            GradOf => Grad(node.Id, outIdx),
            ResultOf => Value(node.Id, outIdx),
            InputOf x => Value(node.Inputs[x.Index], node.Row().Class == OpClass.Reduction ? idx
                : Broadcast(idx, shape, NodeOf(node.Inputs[x.Index]).Shape.ToArray())),
            Unreduce u => Go(u.Value),
            SumAlong s => rowSums![s],
            Apply a => Element(a.Op, Go(a.X), a.Y is null ? null : Go(a.Y)),
            IfEqual c => new IfEqual(Go(c.Left), Go(c.Right), Go(c.Then), Go(c.Else)),
            _ => e,
        };
        return Go(term);
    }

    private static Ix[] ReducedIndex(Node node, Ix[] idx) =>
        node.Row().Shape == ShapeRule.ReduceDim ? Reduced(idx, node.Ints[0], node.Ints[1] == 1) : new Ix[0];

    // ---- index helpers ------------------------------------------------------------------------

    /// <summary>The index into a broadcast input of shape <paramref name="inShape"/> for output index <paramref name="idx"/>.</summary>
    private static Ix[] Broadcast(Ix[] idx, int[] outShape, int[] inShape)
    {
        var r = new Ix[inShape.Length];
        int lead = outShape.Length - inShape.Length;
        for (int d = 0; d < inShape.Length; d++)
            r[d] = inShape[d] == 1 && outShape[d + lead] != 1 ? Ix.Const(0) : idx[d + lead];
        return r;
    }

    // The input index of a reduction's output index o with k along dim d.
    private static Ix[] WithDim(Ix[] o, int d, Ix k, bool keep) => keep ? Replace(o, d, k) : Insert(o, d, k);

    // The output index of a reduction for input index idx.
    private static Ix[] Reduced(Ix[] idx, int d, bool keep) => keep ? Replace(idx, d, Ix.Const(0)) : idx.Where((_, i) => i != d).ToArray();

    private static Ix[] Replace(Ix[] idx, int d, Ix value)
    {
        var r = (Ix[])idx.Clone();
        r[d] = value;
        return r;
    }

    private static Ix[] Insert(Ix[] idx, int d, Ix value)
    {
        var r = new List<Ix>(idx);
        r.Insert(d, value);
        return r.ToArray();
    }
}

internal static class EquatableArrayExtensions
{
    public static int[] ToArray(this Shared.EquatableArray<int> array) => array.AsImmutableArray().ToArray();
}
