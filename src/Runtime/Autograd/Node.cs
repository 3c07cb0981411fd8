using System;
using System.Collections.Generic;
using System.Threading;

namespace TensorDsl;

/// <summary>
/// A node of the backward graph, as PyTorch's <c>grad_fn</c>: it maps the gradient of its output
/// to gradients of the inputs that require grad.
/// </summary>
public sealed class Node
{
    private static long s_nextId;
    private readonly long _address;
    private Func<Tensor, Tensor?[]>? _backward;

    internal Node(string name, Tensor?[] inputs, Func<Tensor, Tensor?[]> backward, bool savesTensors)
    {
        Name = name;
        Inputs = inputs;
        // Each edge is the input's node when the op ran: an in-place op later gives the input a new
        // history, which this op's gradient must not go through (PyTorch's edges hold nodes too).
        Next = new Node?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) Next[i] = inputs[i]?.GradFn;
        _backward = backward;
        SavesTensors = savesTensors;
        // PyTorch prints the object's address; ours is a stable, unique stand-in of the same form.
        _address = 0x7f0000000000L + Interlocked.Increment(ref s_nextId) * 0x60;
    }

    /// <summary>PyTorch's node name: <c>AddBackward0</c>, <c>MmBackward0</c>, …</summary>
    public string Name { get; }

    /// <summary>The op's inputs; null where an input does not require grad.</summary>
    internal Tensor?[] Inputs { get; }

    /// <summary>Each input's node when the op ran; null for a leaf (or an input that needs no gradient).</summary>
    internal Node?[] Next { get; }

    // Nodes that keep tensors for backward free them after a backward without retainGraph, as PyTorch
    // does. A node whose backward is a derivative formula learns it by running it: see TensorGradient.
    internal bool SavesTensors { get; set; }

    /// <summary>The nodes gradients flow to next (<c>next_functions</c>): a leaf's <c>AccumulateGrad</c>, or an input's grad_fn.</summary>
    public IReadOnlyList<string?> NextFunctions
    {
        get
        {
            var names = new string?[Inputs.Length];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = Inputs[i] is null ? null : Next[i]?.Name ?? "AccumulateGrad";
            }
            return names;
        }
    }

    internal Tensor?[] Apply(Tensor gradOutput)
    {
        var backward = _backward ?? throw Errors.State(
            "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.");
        return backward(gradOutput);
    }

    internal void Release()
    {
        if (SavesTensors) _backward = null;
    }

    /// <summary><c>&lt;AddBackward0 object at 0x7f…&gt;</c>, as Python prints the node.</summary>
    public override string ToString() => $"<{Name} object at 0x{_address:x}>";
}
