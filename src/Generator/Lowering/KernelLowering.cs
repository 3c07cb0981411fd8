// Lowering: the op graph and its backward plan become the statements of ForwardCore and
// BackwardCore. Decided here, once per kernel: which values get buffers in each pass, the
// workspace each pass needs, and whether Backward can run ForwardCore instead of repeating it.
// What each core computes is CoreLowering's.
using System.Collections.Immutable;
using System.Linq;
using TensorDsl.Generators.Differentiation;
using TensorDsl.Generators.Model;
using TensorDsl.Ops;

namespace TensorDsl.Generators.Lowering;

/// <summary>A kernel ready to print: its names, its workspace sizes and the bodies of its two cores.</summary>
internal sealed class LoweredKernel
{
    public LoweredKernel(KernelModel model, KernelNames names, int forwardWorkspace, int backwardWorkspace,
        ImmutableArray<Stmt> forwardCore, ImmutableArray<Stmt> backwardCore)
    {
        Model = model;
        Names = names;
        ForwardWorkspace = forwardWorkspace;
        BackwardWorkspace = backwardWorkspace;
        ForwardCore = forwardCore;
        BackwardCore = backwardCore;
    }

    public KernelModel Model { get; }
    public KernelNames Names { get; }

    /// <summary>The floats of scratch each pass needs.</summary>
    public int ForwardWorkspace { get; }
    public int BackwardWorkspace { get; }

    public ImmutableArray<Stmt> ForwardCore { get; }
    public ImmutableArray<Stmt> BackwardCore { get; }

    public Node Result => Model.Nodes[Model.ResultNode];

    public bool ScalarResult => Result.Rank == 0;
}

internal static class KernelLowering
{
    /// <summary>Scratch up to this many floats lives on the stack; more from a buffer kept per thread (or the caller's workspace).</summary>
    public const int StackLimitFloats = 4096;

    public static LoweredKernel Lower(KernelModel model)
    {
        var plan = Differentiator.Plan(model);
        var names = new KernelNames(model);
        var result = model.Nodes[model.ResultNode];
        bool scalar = result.Rank == 0;

        var forward = Buffers(model, plan, backward: false);
        var backward = Buffers(model, plan, backward: true);
        bool reuse = ReusesForward(model, forward, backward);
        int forwardWorkspace = Workspace(model, plan, forward, withGradients: false);
        // A non-scalar result that Backward computes only by running Forward needs a place to go.
        int backwardWorkspace = Workspace(model, plan, backward, withGradients: true)
            + (reuse && !scalar && !backward[model.ResultNode] ? result.Numel : 0);

        var forwardCore = new CoreLowering(model, plan, names, forward, isBackward: false).Lower(reuseForward: false);
        var backwardCore = new CoreLowering(model, plan, names, backward, isBackward: true).Lower(reuse);
        return new LoweredKernel(model, names, forwardWorkspace, backwardWorkspace, forwardCore, backwardCore);
    }

    /// <summary>Which live nodes get a buffer in a pass; the others are computed where they are read (fusion).</summary>
    private static bool[] Buffers(KernelModel model, BackwardPlan plan, bool backward)
    {
        var nodes = model.Nodes;
        int n = nodes.Count;
        bool scalarResult = nodes[model.ResultNode].Rank == 0;
        var m = new bool[n];
        for (int i = 0; i < n; i++)
        {
            var node = nodes[i];
            if (!plan.Live[i]) continue;
            if (node.Op == OpKind.Input) { m[i] = true; continue; }
            if (node.Op is OpKind.Scalar or OpKind.Constant) continue;
            bool layout = node.Row().Class == OpClass.Layout;
            // Backward returns nothing for a non-scalar result, so it keeps the result only if read.
            bool resultNeeded = i == model.ResultNode && (!backward || scalarResult);
            m[i] = resultNeeded || IsStructural(node.Row())
                || (plan.Consumers[i] > 1 && !layout)
                || (backward && plan.Saved[i] && !layout);
        }
        // Operands read many times (by a product or a normalization, or by max's gradient) get
        // buffers unless they are only a re-indexing of buffers already there.
        for (int i = 0; i < n; i++)
        {
            var node = nodes[i];
            if (!plan.Live[i]) continue;
            bool rereads = node.Row().Class is OpClass.Product or OpClass.Normalization
                || (backward && node.Op is OpKind.Max or OpKind.MaxDim);
            if (!rereads) continue;
            foreach (var input in node.Inputs)
                if (!IsLayoutOfBuffers(nodes, input, m)) m[input] = true;
        }
        // A saved layout node reads through to its buffers; make sure they exist.
        if (backward)
        {
            for (int i = n - 1; i >= 0; i--)
                if (plan.Live[i] && plan.NeedsGrad[i] && plan.Saved[i] && !IsLayoutOfBuffers(nodes, i, m)) m[i] = true;
        }
        return m;
    }

    /// <summary>Ops that always write a buffer: reductions, products, normalizations, joins.</summary>
    private static bool IsStructural(OpRow row) => row.Class is OpClass.Reduction or OpClass.Product or OpClass.Normalization or OpClass.Join;

    /// <summary>Whether a node is a buffer, a number, or a layout op over those.</summary>
    private static bool IsLayoutOfBuffers(Shared.EquatableArray<Node> nodes, int node, bool[] m)
    {
        var n = nodes[node];
        if (m[node] || n.Op is OpKind.Scalar or OpKind.Constant) return true;
        return n.Row().Class == OpClass.Layout && IsLayoutOfBuffers(nodes, n.Inputs[0], m);
    }

    private static int Workspace(KernelModel model, BackwardPlan plan, bool[] m, bool withGradients)
    {
        bool scalarResult = model.Nodes[model.ResultNode].Rank == 0;
        int total = 0;
        for (int i = 0; i < m.Length; i++)
        {
            var node = model.Nodes[i];
            if (m[i] && node.Op != OpKind.Input && !(i == model.ResultNode && !scalarResult && !withGradients)) total += node.Numel;
            if (withGradients && plan.GradientBuffer[i]) total += node.Numel;
        }
        return total;
    }

    // Backward can run ForwardCore when both keep the same buffers, the result aside (Forward writes
    // it to the caller's span; Backward keeps it only when a gradient formula reads it).
    private static bool ReusesForward(KernelModel model, bool[] forward, bool[] backward)
    {
        for (int i = 0; i < forward.Length; i++)
            if (i != model.ResultNode && forward[i] != backward[i]) return false;
        var result = model.Nodes[model.ResultNode];
        return result.Rank == 0 ? backward[model.ResultNode] == forward[model.ResultNode] : result.Op != OpKind.Input;
    }
}
