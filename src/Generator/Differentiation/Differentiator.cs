// Reverse-mode differentiation over the op graph: which nodes are live, which carry a gradient
// back to a parameter, and which forward values the backward formulas read.
using System.Collections.Generic;
using TensorDsl.Generators.Model;
using TensorDsl.Shared;

namespace TensorDsl.Generators.Differentiation;

/// <summary>The facts the emitter needs to write Backward.</summary>
internal sealed class BackwardPlan
{
    public BackwardPlan(bool[] live, bool[] needsGrad, bool[] saved, int[] consumers)
    {
        Live = live;
        NeedsGrad = needsGrad;
        Saved = saved;
        Consumers = consumers;
    }

    /// <summary>Nodes the result depends on; nothing else is computed.</summary>
    public bool[] Live { get; }

    /// <summary>Live nodes through which a gradient reaches a parameter without [NoGrad] (Detach and x^0 cut the path).</summary>
    public bool[] NeedsGrad { get; }

    /// <summary>Nodes whose forward values a backward formula reads.</summary>
    public bool[] Saved { get; }

    /// <summary>How many live nodes read each node.</summary>
    public int[] Consumers { get; }
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
        return new BackwardPlan(live, needsGrad, saved, consumers);
    }

    /// <summary>False for nodes whose inputs get no gradient through them: Detach, constants, x^0.</summary>
    private static bool PassesGradient(Node node) =>
        !(node.Op is NodeOp.Detach or NodeOp.Scalar or NodeOp.Constant || (node.Op == NodeOp.Pow && node.Value == 0));

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
