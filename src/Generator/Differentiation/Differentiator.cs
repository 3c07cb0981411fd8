// Reverse-mode differentiation over the op graph: which nodes are live, which carry a gradient
// back to a parameter, and which forward values the backward formulas read.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using TensorDsl.Generators.Model;
using TensorDsl.Shared;

namespace TensorDsl.Generators.Differentiation;

/// <summary>
/// One edge of the backward graph: add the gradient of <see cref="Node"/> with respect to its input
/// <see cref="Input"/> (read at <see cref="Positions"/>, more than one for x * x) to the input's gradient.
/// </summary>
internal sealed record GradientStep(int Node, int Input, ImmutableArray<int> Positions);

/// <summary>The backward graph: which values carry gradients, where those live, and the steps in order.</summary>
internal sealed class BackwardPlan
{
    public BackwardPlan(bool[] live, bool[] needsGrad, bool[] saved, int[] consumers, int[] inlinedInto, bool[] gradientBuffer, IReadOnlyList<GradientStep> steps)
    {
        Live = live;
        NeedsGrad = needsGrad;
        Saved = saved;
        Consumers = consumers;
        InlinedInto = inlinedInto;
        GradientBuffer = gradientBuffer;
        Steps = steps;
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
    /// For an element-wise node whose gradient is never stored, the one node that reads it (its
    /// gradient is that node's contribution, written where it is used: backward fusion); else -1.
    /// </summary>
    public int[] InlinedInto { get; }

    /// <summary>Intermediates whose gradient is accumulated in a buffer (parameters use the caller's spans).</summary>
    public bool[] GradientBuffer { get; }

    /// <summary>The gradient steps, from the result back to the parameters.</summary>
    public IReadOnlyList<GradientStep> Steps { get; }
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

        // Reached: a gradient flows back to the node from the result (Detach and x^0 pass none on).
        var reached = new bool[n];
        if (model.ResultNode >= 0) reached[model.ResultNode] = true;
        for (int i = n - 1; i >= 0; i--)
        {
            if (!reached[i] || !PassesGradient(nodes[i])) continue;
            foreach (var input in nodes[i].Inputs) reached[input] = true;
        }

        // A node needs a gradient when an input of it does, forward from the differentiable parameters,
        // and one reaches it: a node whose gradient would be zero everywhere gets no code at all.
        for (int i = 0; i < n; i++)
        {
            var node = nodes[i];
            if (!live[i] || !reached[i]) continue;
            if (node.Op == NodeOp.Input)
            {
                needsGrad[i] = !model.Parameters[node.Parameter].NoGrad;
                continue;
            }
            if (!PassesGradient(node)) continue;
            foreach (var input in node.Inputs)
                needsGrad[i] |= needsGrad[input];
        }

        // The values each backward formula reads, for the inputs that receive a gradient.
        for (int i = 0; i < n; i++)
        {
            var node = nodes[i];
            if (!live[i] || !needsGrad[i]) continue;
            foreach (var v in ValuesRead(node, needsGrad, nodes)) saved[v] = true;
        }

        var inlinedInto = Inlining(model, live, needsGrad);
        var buffer = new bool[n];
        for (int i = 0; i < n; i++)
            buffer[i] = live[i] && needsGrad[i] && nodes[i].Op != NodeOp.Input && i != model.ResultNode && inlinedInto[i] < 0;
        return new BackwardPlan(live, needsGrad, saved, consumers, inlinedInto, buffer, Steps(model, live, needsGrad, inlinedInto));
    }

    /// <summary>The backward graph's edges, in reverse order of the forward graph.</summary>
    private static List<GradientStep> Steps(KernelModel model, bool[] live, bool[] needsGrad, int[] inlinedInto)
    {
        var steps = new List<GradientStep>();
        for (int i = model.Nodes.Count - 1; i >= 0; i--)
        {
            var node = model.Nodes[i];
            if (!live[i] || !needsGrad[i]) continue;
            if (node.Op == NodeOp.Input)
            {
                // A kernel that returns a parameter passes the gradient straight through.
                if (i == model.ResultNode) steps.Add(new GradientStep(i, i, ImmutableArray<int>.Empty));
                continue;
            }
            if (!PassesGradient(node)) continue;
            var inputs = node.Inputs.AsImmutableArray();
            for (int p = 0; p < inputs.Length; p++)
            {
                int input = inputs[p];
                // One step per distinct input; an inlined input reads this node's contribution itself.
                if (inputs.IndexOf(input) != p || !needsGrad[input] || inlinedInto[input] == i) continue;
                var positions = ImmutableArray.CreateRange(Enumerable.Range(0, inputs.Length).Where(q => inputs[q] == input));
                steps.Add(new GradientStep(i, input, positions));
            }
        }
        return steps;
    }

    /// <summary>
    /// Backward fusion: an element-wise node read by exactly one node that is element-wise of the same
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
            if (c < 0 || node.Id == model.ResultNode || !IsElementwise(node.Op) || !needsGrad[node.Id]) continue;
            var consumer = nodes[c];
            if ((IsElementwise(consumer.Op) && consumer.Shape.Equals(node.Shape))
                || consumer.Op is NodeOp.SumAll or NodeOp.MeanAll or NodeOp.SumDim or NodeOp.MeanDim)
            {
                inlined[node.Id] = c;
            }
        }
        return inlined;
    }

    /// <summary>Ops whose output element depends only on the same element of each (broadcast) input.</summary>
    public static bool IsElementwise(NodeOp op) => op is NodeOp.Add or NodeOp.Sub or NodeOp.Mul or NodeOp.Div or NodeOp.Neg
        or NodeOp.Exp or NodeOp.Log or NodeOp.Sqrt or NodeOp.Tanh or NodeOp.Sigmoid or NodeOp.Relu or NodeOp.Abs or NodeOp.Pow
        or NodeOp.Identity;

    /// <summary>False for nodes whose inputs get no gradient through them: Detach, constants, x^0 (a constant 0).</summary>
    private static bool PassesGradient(Node node) =>
        !(node.Op is NodeOp.Detach or NodeOp.Scalar or NodeOp.Constant || (node.Op == NodeOp.Pow && node.Inputs.Count == 1 && node.Value == 0));

    /// <summary>The forward values the gradient formula of <paramref name="node"/> reads.</summary>
    public static IEnumerable<int> ValuesRead(Node node, bool[] needsGrad, EquatableArray<Node> nodes)
    {
        var inputs = node.Inputs;
        switch (node.Op)
        {
            case NodeOp.Mul:
                if (needsGrad[inputs[0]]) yield return inputs[1];
                if (needsGrad[inputs[1]]) yield return inputs[0];
                break;
            case NodeOp.Div:
                yield return inputs[1];
                if (needsGrad[inputs[1]]) yield return inputs[0];
                break;
            case NodeOp.Exp: case NodeOp.Tanh: case NodeOp.Sigmoid: case NodeOp.Sqrt: case NodeOp.Relu:
            case NodeOp.Softmax: case NodeOp.LogSoftmax:
                yield return node.Id;
                break;
            case NodeOp.Log: case NodeOp.Abs: case NodeOp.Pow:
                yield return inputs[0];
                break;
            case NodeOp.MaxAll: case NodeOp.MaxDim:
                yield return inputs[0];
                yield return node.Id;
                break;
            case NodeOp.MatMul:
                if (needsGrad[inputs[0]]) yield return inputs[1];
                if (needsGrad[inputs[1]]) yield return inputs[0];
                break;
        }
    }
}
