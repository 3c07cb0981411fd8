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
        if (root.GradFn is null && !root.AccumulatesGrad)
            throw Errors.State("element 0 of tensors does not require grad and does not have a grad_fn");
        gradient ??= Torch.OnesLike(root);

        using var _ = GradMode.Disable();
        gradient = gradient.DType == root.DType ? gradient.Detach() : gradient.To(root.DType);
        if (root.GradFn is null)
        {
            Accumulate(root, gradient, owned: false);
            return;
        }

        // Order the nodes so that each runs after every node that feeds gradient into it. Each pending
        // gradient carries whether nothing else holds its storage (see Owned).
        var order = TopologicalOrder(root.GradFn);
        var pending = new Dictionary<Node, (Tensor Grad, bool Owned)>(ReferenceEqualityComparer.Instance)
        {
            [root.GradFn] = (gradient, false),
        };
        foreach (var node in order)
        {
            if (!pending.Remove(node, out var received)) continue;
            var (gradOut, gradOutOwned) = received;
            var grads = node.Apply(gradOut);
            for (int i = 0; i < node.Inputs.Length; i++)
            {
                var input = node.Inputs[i];
                var g = grads[i];
                if (input is null || g is null) continue;
                // Each input gets a gradient of its own dtype, as PyTorch's validate_outputs casts it.
                if (g.DType != input.DType) g = g.Cast(input.DType);
                bool owned = Owned(g, gradOut, gradOutOwned, grads, i, node.Inputs);
                if (node.Next[i] is not { } next)
                {
                    Accumulate(input, g, owned);
                }
                else
                {
                    if (!pending.TryGetValue(next, out var sum)) pending[next] = (g, owned);
                    // A sum nothing else holds takes the next gradient in place.
                    else if (!sum.Owned || !Tensor.TryAddInPlace(sum.Grad, g)) pending[next] = (sum.Grad + g, true);
                }
            }
        }
        if (!retainGraph)
        {
            foreach (var node in order) node.Release();
        }
    }

    // Whether a node's gradient for input i is the only holder of its storage, so that a leaf may keep
    // it as its .Grad without a copy (PyTorch's AccumulateGrad steals gradients nothing else refers
    // to). It must cover its storage exactly, share it with no other input's gradient, and be either
    // new or a view of a received gradient that was itself owned (TBackward0 over a fresh product).
    // A leaf keeps only a dense gradient; a transposed one is copied, as before.
    private static bool Owned(Tensor g, Tensor gradOut, bool gradOutOwned, Tensor?[] grads, int i, Tensor?[] inputs)
    {
        if (!CoversStorage(g)) return false;
        for (int j = 0; j < grads.Length; j++)
            if (j != i && grads[j] is { } other && ReferenceEquals(other.Storage, g.Storage)) return false;
        if (ReferenceEquals(g.Storage, gradOut.Storage)) return gradOutOwned && !ReferenceEquals(g, gradOut);
        // Storage the node did not receive is new, unless it is one of the op's own inputs.
        foreach (var input in inputs)
            if (input is not null && ReferenceEquals(input.Storage, g.Storage)) return false;
        return true;
    }

    // Every element of the storage seen once: a permutation of a whole storage (a transpose) counts.
    private static bool CoversStorage(Tensor t)
    {
        if (t.Offset != 0 || t.Numel != t.Storage.Length) return false;
        for (int d = 0; d < t.Sizes.Length; d++)
            if (t.Strides[d] == 0 && t.Sizes[d] > 1) return false;
        return true;
    }

    // Gradients add up in .Grad across calls, as PyTorch's AccumulateGrad does.
    private static void Accumulate(Tensor leaf, Tensor g, bool owned)
    {
        if (!leaf.AccumulatesGrad) return;
        if (!ShapeRules.SameShape(g.Sizes, leaf.Sizes)) g = g.Reshape(leaf.Sizes);
        if (leaf.Grad is { } existing && ShapeRules.SameShape(existing.Sizes, leaf.Sizes) && existing.DType == leaf.DType)
        {
            // In place, as PyTorch's grad += g: a reference to .Grad sees the sum.
            if (!Tensor.TryAddInPlace(existing, g)) existing.CopyFrom(existing + g);
            return;
        }
        // A new .Grad takes a dense leaf's layout, else row-major (PyTorch's clone_obey_contract).
        var layout = ShapeRules.IsNonOverlappingAndDense(leaf.Sizes, leaf.Strides) ? OutputLayout.Preserving(leaf) : null;
        leaf.Grad = layout is not null ? layout.Lay(g)
            : owned && g.IsDense ? g
            : new Tensor(g.ContiguousData(), (int[])leaf.Sizes.Clone());
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
                var child = node.Next[next];
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
