using System;
using System.Runtime.CompilerServices;
using TensorDsl.Autograd;
using TensorDsl.Shapes;

namespace TensorDsl;

// In-place ops and indexer assignment: PyTorch's version counter, its two errors, and the op's node
// as the tensor's new history.
public sealed partial class Tensor
{
    // Keyed by storage, so a tensor, its views and its detached copies share one counter, as in PyTorch.
    private static readonly ConditionalWeakTable<Array, StrongBox<int>> s_versions = new();

    /// <summary>How many times the storage was modified in place, as <c>t._version</c> (views share it).</summary>
    public int Version => s_versions.TryGetValue(Storage, out var v) ? v.Value : 0;

    internal void BumpVersion() => s_versions.GetOrCreateValue(Storage).Value++;

    // ---- arithmetic ------------------------------------------------------------------------

    /// <summary><c>t += other</c> in place, as <c>t.add_(other)</c>; returns this tensor.</summary>
    public Tensor Add_(Tensor other) => InPlace(other, s => s + other);

    /// <summary><c>t += value</c> in place.</summary>
    public Tensor Add_(double value) => InPlace(null, s => s + value);

    /// <summary><c>t += value</c> in place for a whole number: integer tensors stay integers.</summary>
    public Tensor Add_(long value) => InPlace(null, s => s + value);

    /// <summary><c>t += alpha * other</c> in place, as <c>t.add_(other, alpha=alpha)</c>.</summary>
    public Tensor Add_(Tensor other, double alpha) => InPlace(other, s =>
    {
        // As add's meta function: the common dtype of the tensors must fit this tensor, and a
        // floating alpha (a C# double always is) needs a floating one.
        if (!ShapeRules.SameShape(Errors.Check(ShapeRules.Broadcast(s.Sizes, other.Sizes)), s.Sizes)) throw BroadcastMismatch(s.Sizes, other.Sizes);
        var common = ResultType(s, other);
        if (!CanCast(common, DType)) throw CastError(common, Errors.KernelTypeName(DType));
        if (!common.IsFloatingPoint()) throw Errors.Argument("For integral input tensors, argument alpha must not be a floating point number.");
        return s + other * alpha;
    });

    /// <summary><c>t -= other</c> in place.</summary>
    public Tensor Sub_(Tensor other) => InPlace(other, s => s - other, check: () => SubCheck(this, other));

    /// <summary><c>t -= value</c> in place.</summary>
    public Tensor Sub_(double value) => InPlace(null, s => s - value, check: () => SubCheck(this, Wrap(value)));

    /// <summary><c>t -= value</c> in place for a whole number.</summary>
    public Tensor Sub_(long value) => InPlace(null, s => s - value, check: () => SubCheck(this, Wrap(value)));

    /// <summary><c>t *= other</c> in place.</summary>
    public Tensor Mul_(Tensor other) => InPlace(other, s => s * other);

    /// <summary><c>t *= value</c> in place.</summary>
    public Tensor Mul_(double value) => InPlace(null, s => s * value);

    /// <summary><c>t *= value</c> in place for a whole number.</summary>
    public Tensor Mul_(long value) => InPlace(null, s => s * value);

    /// <summary><c>t /= other</c> in place (true division: integer tensors cannot hold the result).</summary>
    public Tensor Div_(Tensor other) => InPlace(other, s => s / other);

    /// <summary><c>t /= value</c> in place.</summary>
    public Tensor Div_(double value) => InPlace(null, s => s / value);

    /// <summary>Each element clamped to [<paramref name="min"/>, <paramref name="max"/>] in place.</summary>
    public Tensor Clamp_(double? min = null, double? max = null) => InPlace(null, s => s.Clamp(min, max), check: () =>
    {
        // clamp's meta function, before any other check: it promotes with the bounds (C# doubles:
        // Float) and names this tensor's dtype as C++ does.
        if (!DType.IsFloatingPoint() && (min is not null || max is not null)) throw CastError(DType.Float32, CppTypeName(DType));
    });

    // ---- filling ---------------------------------------------------------------------------

    /// <summary>Every element set to 0, as <c>t.zero_()</c>.</summary>
    public Tensor Zero_() => Fill(0, "ZeroBackward0");

    /// <summary>Every element set to <paramref name="value"/>, as <c>t.fill_(value)</c>.</summary>
    public Tensor Fill_(double value) => Fill(value, "FillBackward2");

    /// <summary>The elements of <paramref name="src"/> (broadcast and cast) copied in, as <c>t.copy_(src)</c>.</summary>
    public Tensor Copy_(Tensor src) => InPlace(src, s =>
    {
        var shape = Errors.Check(ShapeRules.Broadcast(s.Sizes, src.Sizes));
        if (!ShapeRules.SameShape(shape, s.Sizes)) throw BroadcastMismatch(s.Sizes, src.Sizes);
        var values = new Tensor(src.ReadAs(s.DType, s.Sizes), (int[])s.Sizes.Clone());
        return Record(values, "CopyBackwards", [s, src],
            g => [Torch.ZerosLike(g), SumTo(g, src.Sizes).Cast(src.DType)], savesTensors: false);
    }, copy: true);

    /// <summary>
    /// Every element set to the 0-dim <paramref name="value"/>, as <c>t.fill_(value)</c> with a tensor
    /// (<c>FillBackward3</c>; the value's gradient is the sum of the incoming one).
    /// </summary>
    internal Tensor FillWith(Tensor value) => InPlace(value, s =>
    {
        var full = new Tensor(value.ReadAs(s.DType, s.Sizes), (int[])s.Sizes.Clone());
        return Record(full, "FillBackward3", [s, value], g => [Torch.ZerosLike(g), value.RequiresGrad ? g.Sum().Cast(value.DType) : null], savesTensors: false);
    }, overlapping: true);

    /// <summary>Samples from U[<paramref name="from"/>, <paramref name="to"/>) written in place, as <c>t.uniform_(from, to)</c>.</summary>
    public Tensor Uniform_(double from = 0, double to = 1, Generator? generator = null) =>
        Sample("UniformBackward0", generator, (g, f) => g.FillUniform(f, from, to), (g, d) => g.FillUniform(d, from, to), "check_uniform_bounds",
            from <= to ? null : FormattableString.Invariant($"uniform_ expects to return a [from, to) range, but found from={from:G6} > to={to:G6}"));

    /// <summary>Samples from N(<paramref name="mean"/>, <paramref name="std"/>²) written in place, as <c>t.normal_(mean, std)</c>.</summary>
    public Tensor Normal_(double mean = 0, double std = 1, Generator? generator = null) => Numel == 0 && !DType.IsFloatingPoint() ? this :
        Sample("NormalBackward0", generator, (g, f) => g.FillNormal(f, mean, std), (g, d) => g.FillNormal(d, mean, std), "normal_kernel_cpu");

    // fill_ and zero_ write overlapping (expanded) tensors without complaint, as PyTorch's.
    private Tensor Fill(double value, string node) => InPlace(null, s =>
    {
        var full = Torch.Full(s.Sizes, value, s.DType);
        return Record(full, node, [s], g => [Torch.ZerosLike(g)], savesTensors: false);
    }, overlapping: true);

    // `invalid`: the distribution's argument error, checked after the dtype (inside ATen's dispatch).
    private Tensor Sample(string node, Generator? generator, Action<Generator, Span<float>> fillFloat, Action<Generator, Span<double>> fillDouble, string kernel,
        string? invalid = null)
    {
        return InPlace(null, s =>
        {
            if (!DType.IsFloatingPoint()) throw Errors.Argument($"\"{kernel}\" not implemented for '{Errors.KernelTypeName(DType)}'");
            if (invalid is not null) throw Errors.Argument(invalid);
            var values = Torch.Empty(s.Sizes, s.DType);
            var g = generator ?? Generator.Default;
            if (values.Storage is float[] f) fillFloat(g, f);
            else fillDouble(g, (double[])values.Storage);
            return Record(values, node, [s], grad => [Torch.ZerosLike(grad)], savesTensors: false);
        });
    }

    // ---- the machinery -----------------------------------------------------------------------

    /// <summary>
    /// Runs the out-of-place <paramref name="op"/> on this tensor's current value and writes its
    /// result back into this tensor's storage. When the graph is recorded, the op sees a snapshot
    /// carrying the old history (so its backward reads the values from before the write, as
    /// PyTorch's saved original self), and the op's node becomes this tensor's history.
    /// </summary>
    // `check`: the op's own argument checks, which PyTorch makes before the in-place machinery's.
    private Tensor InPlace(Tensor? other, Func<Tensor, Tensor> op, bool copy = false, bool overlapping = false, Action? check = null)
    {
        // Only floating tensors take a history (an integer one written from a float stays without).
        bool record = GradMode.IsEnabled && (RequiresGrad || other is { RequiresGrad: true }) && DType.IsFloatingPoint();
        if (GradMode.IsEnabled && RequiresGrad)
        {
            if (_noGradView) throw Errors.State(NoGradViewMessage);
            if (IsLeaf) throw Errors.State("a leaf Variable that requires grad is being used in an in-place operation.");
            if (Base is { } b && b.IsLeaf && b.RequiresGrad)
                throw Errors.State("a view of a leaf Variable that requires grad is being used in an in-place operation.");
        }
        check?.Invoke();
        if (!overlapping && HasInternalOverlap())
        {
            throw Errors.State("unsupported operation: more than one element of the written-to tensor refers to a single memory location. " +
                "Please clone() the tensor before performing the operation.");
        }
        var self = record ? Snapshot() : this;
        var r = op(self);
        if (!ShapeRules.SameShape(r.Sizes, Sizes)) throw BroadcastMismatch(Sizes, r.Sizes);
        if (!copy && !CanCast(r.DType, DType)) throw CastError(r.DType, Errors.KernelTypeName(DType));
        CopyFrom(r);
        BumpVersion();
        if (record && r.GradFn is { } node)
        {
            if (Base is { } b) RebaseView(b, node);
            else GradFn = node;
        }
        return this;
    }

    /// <summary>
    /// The history after an in-place op <paramref name="node"/> on this view of <paramref name="b"/>,
    /// as PyTorch's CopySlices: the base's gradient passes through where the view does not reach, and
    /// inside the view goes through the op, whose gradient for the view's old values lands there in
    /// turn. The view becomes a view of the new base (<c>AsStridedBackward0</c>).
    /// </summary>
    private void RebaseView(Tensor b, Node node)
    {
        var positions = PositionsIn(b);
        var old = new Tensor(b.Storage, b.Sizes, b.Strides, b.Offset) { GradFn = b.GradFn, _requiresGrad = b._requiresGrad };
        var sizes = (int[])Sizes.Clone();
        var edges = new Tensor?[node.Inputs.Length];
        edges[0] = old;
        for (int i = 1; i < edges.Length; i++) edges[i] = node.Inputs[i];
        var copySlices = Record(new Tensor(b.Storage, b.Sizes, b.Strides, b.Offset), "CopySlices", edges, g =>
        {
            var whole = g.Read<double>();
            var region = new double[positions.Length];
            for (int i = 0; i < positions.Length; i++) region[i] = whole[positions[i]];
            var inner = node.Apply(new Tensor(region, sizes).Cast(g.DType));
            var viewGrad = inner[0]?.Read<double>(sizes);
            for (int i = 0; i < positions.Length; i++) whole[positions[i]] = viewGrad?[i] ?? 0;
            var grads = new Tensor?[edges.Length];
            grads[0] = new Tensor(whole, (int[])g.Sizes.Clone()).Cast(g.DType);
            for (int i = 1; i < grads.Length; i++) grads[i] = inner[i];
            return grads;
        }, savesTensors: false);
        b.GradFn = copySlices.GradFn;
        GradFn = new Node("AsStridedBackward0", [b], g =>
        {
            var whole = new double[b.Numel];
            var values = g.Read<double>();
            for (int i = 0; i < positions.Length; i++) whole[positions[i]] += values[i];
            return [new Tensor(whole, (int[])b.Sizes.Clone()).Cast(b.DType)];
        }, savesTensors: false);
    }

    // For each element of this view, its row-major position in the tensor it views.
    private int[] PositionsIn(Tensor b)
    {
        var offsets = ElementOffsets();
        if (b.IsContiguous())
        {
            for (int i = 0; i < offsets.Length; i++) offsets[i] -= b.Offset;
            return offsets;
        }
        var position = b.StoragePositions();
        for (int i = 0; i < offsets.Length; i++) offsets[i] = position[offsets[i]];
        return offsets;
    }

    private const string NoGradViewMessage =
        "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use case is ambiguous and error-prone, " +
        "it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block " +
        "(if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).";

    // This tensor's values and history before an in-place write.
    private Tensor Snapshot() => new(ContiguousData(), (int[])Sizes.Clone())
    {
        GradFn = GradFn,
        _requiresGrad = _requiresGrad,
    };

    private static ArgumentException BroadcastMismatch(int[] output, int[] other) =>
        Errors.Argument($"output with shape {ShapeRules.Format(output)} doesn't match the broadcast shape {ShapeRules.Format(Errors.Check(ShapeRules.Broadcast(output, other)))}");

    // PyTorch's has_internal_overlap: a dim of stride 0 and size above 1 (an expanded tensor), unless empty.
    private bool HasInternalOverlap()
    {
        if (Numel == 0) return false;
        for (int i = 0; i < Sizes.Length; i++)
            if (Strides[i] == 0 && Sizes[i] > 1) return true;
        return false;
    }

    private static ArgumentException CastError(DType result, string output) =>
        Errors.Argument($"result type {Errors.KernelTypeName(result)} can't be cast to the desired output type {output}");

    // PyTorch's canCast: no floating result into an integer tensor, nothing but bools into a bool tensor.
    private static bool CanCast(DType from, DType to) =>
        !(from.IsFloatingPoint() && !to.IsFloatingPoint()) && !(from != DType.Bool && to == DType.Bool);

    /// <summary>
    /// PyTorch's error for a saved tensor modified in place after it was saved:
    /// <c>[torch.FloatTensor [3]], which is output 0 of SigmoidBackward0, is at version 1; …</c>.
    /// </summary>
    internal static InvalidOperationException ModifiedError(Tensor saved, int expected, string? outputOf) => Errors.State(
        "one of the variables needed for gradient computation has been modified by an inplace operation: " +
        $"[torch.{LegacyTypeName(saved.DType)} {ShapeRules.Format(saved.Sizes)}]" +
        (outputOf is null ? "" : $", which is output 0 of {outputOf},") +
        $" is at version {saved.Version}; expected version {expected} instead. Hint: enable anomaly detection to find the " +
        "operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).");

    private static string LegacyTypeName(DType dtype) => dtype switch
    {
        DType.Float32 => "FloatTensor",
        DType.Float64 => "DoubleTensor",
        DType.Int64 => "LongTensor",
        DType.Int32 => "IntTensor",
        _ => "BoolTensor",
    };
}
