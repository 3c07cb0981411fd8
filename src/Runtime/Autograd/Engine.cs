using System.Collections.Generic;
using TensorDsl.Shapes;

namespace TensorDsl.Autograd;

/// <summary>Reverse-mode backpropagation over the recorded graph, as <c>torch.autograd.backward</c>.</summary>
internal static class Engine
{
    public static void Run(Tensor root, Tensor? gradient, bool retainGraph)
    {
        // PyTorch checks the gradient's shape (in _make_grads) before the graph.
        if (gradient is not null && !ShapeRules.SameShape(gradient.Sizes, root.Sizes))
        {
            throw Errors.Argument(
                $"Mismatch in shape: grad_output[0] has a shape of {gradient.Shape} and output[0] has a shape of {root.Shape}.");
        }
        if (gradient is null && root.Numel != 1 && root.RequiresGrad)
            throw Errors.State("grad can be implicitly created only for scalar outputs");
        if (!root.RequiresGrad)
            throw Errors.State("element 0 of tensors does not require grad and does not have a grad_fn");
        gradient ??= Torch.OnesLike(root);

        using var _ = GradMode.Disable();
        gradient = gradient.DType == root.DType ? gradient.Detach() : gradient.To(root.DType);
        if (root.GradFn is null)
        {
            Accumulate(root, gradient);
            return;
        }

        // Order the nodes so that each runs after every node that feeds gradient into it.
        var order = TopologicalOrder(root.GradFn);
        var pending = new Dictionary<Node, Tensor>(ReferenceEqualityComparer.Instance) { [root.GradFn] = gradient };
        foreach (var node in order)
        {
            if (!pending.Remove(node, out var gradOut)) continue;
            var grads = node.Apply(gradOut);
            for (int i = 0; i < node.Inputs.Length; i++)
            {
                var input = node.Inputs[i];
                var g = grads[i];
                if (input is null || g is null) continue;
                // Each input gets a gradient of its own dtype, as PyTorch's validate_outputs casts it.
                if (g.DType != input.DType) g = g.Cast(input.DType);
                if (input.GradFn is null)
                {
                    Accumulate(input, g);
                }
                else
                {
                    pending[input.GradFn] = pending.TryGetValue(input.GradFn, out var sum) ? sum + g : g;
                }
            }
        }
        if (!retainGraph)
        {
            foreach (var node in order) node.Release();
        }
    }

    // Gradients add up in .Grad across calls, as PyTorch's AccumulateGrad does.
    private static void Accumulate(Tensor leaf, Tensor g)
    {
        if (!leaf.RequiresGrad) return;
        if (!ShapeRules.SameShape(g.Sizes, leaf.Sizes)) g = g.Reshape(leaf.Sizes);
        if (leaf.Grad is { } existing && ShapeRules.SameShape(existing.Sizes, leaf.Sizes) && existing.DType == leaf.DType)
        {
            // In place, as PyTorch's grad += g: a reference to .Grad sees the sum.
            existing.CopyFrom(existing + g);
            return;
        }
        leaf.Grad = g.Clone();
    }

    private static List<Node> TopologicalOrder(Node root)
    {
        // Iterative post-order DFS, reversed: a node comes before all nodes it feeds.
        var visited = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var post = new List<Node>();
        var stack = new Stack<(Node Node, int Next)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node.Inputs.Length)
            {
                stack.Push((node, next + 1));
                var child = node.Inputs[next]?.GradFn;
                if (child is not null && visited.Add(child)) stack.Push((child, 0));
            }
            else
            {
                post.Add(node);
            }
        }
        post.Reverse();
        return post;
    }
}
