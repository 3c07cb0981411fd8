// Reverse-mode differentiation over the op graph: which nodes are live, which carry a gradient
// back to a parameter, each input's gradient as a symbolic expression (the op's formula from the
// op table), and which forward values those read.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using TensorDsl.Generators.Model;
using TensorDsl.Ops;

namespace TensorDsl.Generators.Differentiation;

/// <summary>
/// One edge of the backward graph: add the gradient of <see cref="Node"/> with respect to its input
/// <see cref="Input"/> (read at <see cref="Positions"/>, more than one for x * x) to the input's gradient.
/// </summary>
internal sealed record GradientStep(int Node, int Input, ImmutableArray<int> Positions);

/// <summary>The backward graph: which values carry gradients, where those live, and the steps in order.</summary>
internal sealed class BackwardPlan
{
    public BackwardPlan(bool[] live, bool[] needsGrad, bool[] saved, int[] consumers, int[] inlinedInto, bool[] gradientBuffer,
        IReadOnlyList<GradientStep> steps, Expr?[][] terms)
    {
        Live = live;
        NeedsGrad = needsGrad;
        Saved = saved;
        Consumers = consumers;
        InlinedInto = inlinedInto;
        GradientBuffer = gradientBuffer;
        Steps = steps;
        Terms = terms;
    }

    /// <summary>Nodes the result depends on; nothing else is computed.</summary>
    public bool[] Live { get; }

    /// <summary>Live nodes through which a gradient reaches a parameter without [NoGrad] (Detach cuts the path).</summary>
    public bool[] NeedsGrad { get; }

    /// <summary>Nodes whose forward values a backward formula reads.</summary>
    public bool[] Saved { get; }

    /// <summary>How many live reads there are of each node.</summary>
    public int[] Consumers { get; }

    /// <summary>
    /// For a point-wise node whose gradient is never stored, the one node that reads it (its
    /// gradient is that node's contribution, written where it is used: backward fusion); else -1.
    /// </summary>
    public int[] InlinedInto { get; }

    /// <summary>Intermediates whose gradient is accumulated in a buffer (parameters use the caller's spans).</summary>
    public bool[] GradientBuffer { get; }

    /// <summary>The gradient steps, from the result back to the parameters.</summary>
    public IReadOnlyList<GradientStep> Steps { get; }

    /// <summary>
    /// For nodes whose op has a derivative formula: the symbolic gradient of each input position
    /// (null where it is 0); null for ops whose gradient lowering writes as a loop of its own.
    /// </summary>
    public Expr?[][] Terms { get; }
}

internal static class Differentiator
{
    public static BackwardPlan Plan(KernelModel model)
    {
        var nodes = model.Nodes;
        int n = nodes.Count;
        var live = new bool[n];
        var needsGrad = new bool[n];
        var saved = new bool[n];
        var consumers = new int[n];

        // Live: reachable backwards from the result (nodes are in SSA order, inputs before users).
        if (model.ResultNode >= 0) live[model.ResultNode] = true;
        for (int i = n - 1; i >= 0; i--)
        {
            if (!live[i]) continue;
            foreach (var input in nodes[i].Inputs)
            {
                live[input] = true;
                consumers[input]++;
            }
        }

        // The formulas, once per live node and input position.
        var terms = new Expr?[n][];
        for (int i = 0; i < n; i++)
        {
            var node = nodes[i];
            if (!live[i] || !node.Row().IsDifferentiable || node.Row().Derivative is null) continue;
            terms[i] = Enumerable.Range(0, node.Inputs.Count).Select(p => ElementAlgebra.Term(node, p, nodes)).ToArray();
        }
        bool Passes(Node node, int position) => node.Row().IsDifferentiable && (terms[node.Id] is not { } t || t[position] is not null);

        // Reached: a gradient flows back to the node from the result (Detach and x^0 pass none on).
        var reached = new bool[n];
        if (model.ResultNode >= 0) reached[model.ResultNode] = true;
        for (int i = n - 1; i >= 0; i--)
        {
            if (!reached[i]) continue;
            for (int p = 0; p < nodes[i].Inputs.Count; p++)
                if (Passes(nodes[i], p)) reached[nodes[i].Inputs[p]] = true;
        }

        // A node needs a gradient when an input of it does, forward from the differentiable parameters,
        // and one reaches it: a node whose gradient would be zero everywhere gets no code at all.
        for (int i = 0; i < n; i++)
        {
            var node = nodes[i];
            if (!live[i] || !reached[i]) continue;
            if (node.Op == OpKind.Input)
            {
                needsGrad[i] = !model.Parameters[node.Parameter].NoGrad;
                continue;
            }
            for (int p = 0; p < node.Inputs.Count; p++)
                needsGrad[i] |= Passes(node, p) && needsGrad[node.Inputs[p]];
        }

        // The values each backward reads, for the inputs that receive a gradient: off the formula, or
        // what the op's own gradient loop reads.
        for (int i = 0; i < n; i++)
        {
            var node = nodes[i];
            if (!live[i] || !needsGrad[i]) continue;
            foreach (var v in ValuesRead(node, needsGrad, terms[i])) saved[v] = true;
        }

        var inlinedInto = Inlining(model, live, needsGrad);
        var buffer = new bool[n];
        for (int i = 0; i < n; i++)
            buffer[i] = live[i] && needsGrad[i] && nodes[i].Op != OpKind.Input && i != model.ResultNode && inlinedInto[i] < 0;
        var steps = Steps(model, live, needsGrad, inlinedInto, Passes);
        return new BackwardPlan(live, needsGrad, saved, consumers, inlinedInto, buffer, steps, terms);
    }

    /// <summary>The backward graph's edges, in reverse order of the forward graph.</summary>
    private static List<GradientStep> Steps(KernelModel model, bool[] live, bool[] needsGrad, int[] inlinedInto, System.Func<Node, int, bool> passes)
    {
        var steps = new List<GradientStep>();
        for (int i = model.Nodes.Count - 1; i >= 0; i--)
        {
            var node = model.Nodes[i];
            if (!live[i] || !needsGrad[i]) continue;
            if (node.Op == OpKind.Input)
            {
                // A kernel that returns a parameter passes the gradient straight through.
                if (i == model.ResultNode) steps.Add(new GradientStep(i, i, ImmutableArray<int>.Empty));
                continue;
            }
            var inputs = node.Inputs.AsImmutableArray();
            for (int p = 0; p < inputs.Length; p++)
            {
                int input = inputs[p];
                // One step per distinct input; an inlined input reads this node's contribution itself.
                if (inputs.IndexOf(input) != p || !needsGrad[input] || inlinedInto[input] == i) continue;
                var positions = ImmutableArray.CreateRange(Enumerable.Range(0, inputs.Length).Where(q => inputs[q] == input && passes(node, q)));
                if (!positions.IsEmpty) steps.Add(new GradientStep(i, input, positions));
            }
        }
        return steps;
    }

    /// <summary>
    /// Backward fusion: a point-wise node read by exactly one node that is point-wise of the same
    /// shape, or a sum or mean, needs no gradient buffer of its own.
    /// </summary>
    private static int[] Inlining(KernelModel model, bool[] live, bool[] needsGrad)
    {
        var nodes = model.Nodes;
        var inlined = new int[nodes.Count];
        var user = new int[nodes.Count];
        for (int i = 0; i < nodes.Count; i++) inlined[i] = user[i] = -1;
        foreach (var node in nodes)
        {
            if (!live[node.Id]) continue;
            foreach (var input in node.Inputs.Distinct())
                user[input] = user[input] == -1 ? node.Id : -2; // -2: read by several nodes
        }
        foreach (var node in nodes)
        {
            int c = user[node.Id];
            if (c < 0 || node.Id == model.ResultNode || !IsPointwise(node.Row()) || !needsGrad[node.Id]) continue;
            var consumer = nodes[c];
            if ((IsPointwise(consumer.Row()) && consumer.Row().IsDifferentiable && consumer.Shape.Equals(node.Shape))
                || (consumer.Row().Class == OpClass.Reduction && consumer.Row().Derivative is not null))
            {
                inlined[node.Id] = c;
            }
        }
        return inlined;
    }

    /// <summary>Element-wise ops, and copies (their gradient formula passes each element through).</summary>
    public static bool IsPointwise(OpRow row) =>
        row.Class == OpClass.Elementwise || (row.Map == IndexMap.Identity && row.Derivative is not null);

    /// <summary>The forward values the backward of <paramref name="node"/> reads.</summary>
    private static IEnumerable<int> ValuesRead(Node node, bool[] needsGrad, Expr?[]? terms)
    {
        var inputs = node.Inputs;
        if (terms is not null)
        {
            for (int p = 0; p < terms.Length; p++)
            {
                if (terms[p] is not { } term || !needsGrad[inputs[p]]) continue;
                foreach (var read in Reads(term))
                    yield return read is InputOf x ? inputs[x.Index] : node.Id;
            }
            yield break;
        }
        switch (node.Row().Class)
        {
            case OpClass.Reduction:
                // max: where the maxima are.
                yield return inputs[0];
                yield return node.Id;
                break;
            case OpClass.Product:
                if (needsGrad[inputs[0]]) yield return inputs[1];
                if (needsGrad[inputs[1]]) yield return inputs[0];
                break;
        }
    }

    // The InputOf and ResultOf leaves of a formula.
    private static IEnumerable<Expr> Reads(Expr e)
    {
        switch (e)
        {
            case InputOf or ResultOf:
                yield return e;
                break;
            case Apply a:
                foreach (var r in Reads(a.X)) yield return r;
                if (a.Y is not null) foreach (var r in Reads(a.Y)) yield return r;
                break;
            case Unreduce u:
                foreach (var r in Reads(u.Value)) yield return r;
                break;
            case SumAlong s:
                foreach (var r in Reads(s.Value)) yield return r;
                break;
            case IfEqual c:
                foreach (var part in new[] { c.Left, c.Right, c.Then, c.Else })
                    foreach (var r in Reads(part)) yield return r;
                break;
        }
    }
}
