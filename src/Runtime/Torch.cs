using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Autograd;
using TensorDsl.Ops;
using TensorDsl.Printing;
using TensorDsl.Shapes;
using TensorType = TensorDsl.Tensor;

namespace TensorDsl;

/// <summary>The <c>torch</c> namespace: factories, random numbers, joining, grad mode and printing.</summary>
public static partial class Torch
{
    // ---- factories -------------------------------------------------------------------------

    /// <summary>A float32 tensor of zeros.</summary>
    public static Tensor Zeros(params int[] size) => Zeros(size, null);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(int[] size, DType? dtype = null, bool requiresGrad = false) =>
        Create(TensorType.Allocate(dtype ?? DType.Float32, CheckedNumel(size, "zeros")), (int[])size.Clone(), null, requiresGrad);

    /// <summary>A float32 tensor of ones.</summary>
    public static Tensor Ones(params int[] size) => Ones(size, null);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(int[] size, DType? dtype = null, bool requiresGrad = false) =>
        Full(size, 1L, dtype ?? DType.Float32, requiresGrad);

    /// <summary>A tensor filled with <paramref name="value"/>: float32 unless <paramref name="dtype"/> says otherwise.</summary>
    public static Tensor Full(int[] size, double value, DType? dtype = null, bool requiresGrad = false) =>
        Fill(size, TensorType.Wrap(value), dtype ?? DType.Float32, requiresGrad);

    /// <summary>A tensor filled with an integer <paramref name="value"/>: int64 unless <paramref name="dtype"/> says otherwise.</summary>
    public static Tensor Full(int[] size, long value, DType? dtype = null, bool requiresGrad = false) =>
        Fill(size, TensorType.Wrap(value), dtype ?? DType.Int64, requiresGrad);

    /// <summary>A tensor filled with a bool: bool unless <paramref name="dtype"/> says otherwise.</summary>
    public static Tensor Full(int[] size, bool value, DType? dtype = null, bool requiresGrad = false) =>
        Fill(size, TensorType.Wrap(value ? 1L : 0L), dtype ?? DType.Bool, requiresGrad);

    private static Tensor Fill(int[] size, Tensor scalar, DType dtype, bool requiresGrad)
    {
        CheckedNumel(size);
        var storage = scalar.ReadAs(dtype, (int[])size.Clone());
        return Create(storage, (int[])size.Clone(), null, requiresGrad);
    }

    /// <summary>Zeros with the shape and dtype of <paramref name="t"/>.</summary>
    public static Tensor ZerosLike(Tensor t, DType? dtype = null, bool requiresGrad = false) => Like(t, Zeros(t.Sizes, dtype ?? t.DType, requiresGrad));

    /// <summary>Ones with the shape and dtype of <paramref name="t"/>.</summary>
    public static Tensor OnesLike(Tensor t, DType? dtype = null, bool requiresGrad = false) => Like(t, Ones(t.Sizes, dtype ?? t.DType, requiresGrad));

    // A constant tensor in t's layout, as empty_like's preserve format: every element has the
    // same value, so only the strides change.
    internal static Tensor Like(Tensor t, Tensor filled)
    {
        if (OutputLayout.Preserving(t) is not { } layout) return filled;
        var r = layout.Restore(filled);
        return filled.RequiresGrad ? r.RequiresGrad_() : r;
    }

    /// <summary><c>[0, end)</c> in steps of 1, int64.</summary>
    public static Tensor Arange(long end) => Arange(0, end, 1);

    /// <summary><c>[start, end)</c> in steps of <paramref name="step"/>, int64 unless <paramref name="dtype"/> says otherwise.</summary>
    public static Tensor Arange(long start, long end, long step = 1, DType? dtype = null, bool requiresGrad = false)
    {
        int n = ArangeLength(start, end, step, dtype);
        var values = new long[n];
        for (int i = 0; i < n; i++) values[i] = start + i * step;
        return Create(values, [n], dtype, requiresGrad);
    }

    /// <summary><c>[0, end)</c> in steps of 1, float32.</summary>
    public static Tensor Arange(double end) => Arange(0.0, end, 1.0);

    /// <summary><c>[start, end)</c> in steps of <paramref name="step"/>, float32 unless <paramref name="dtype"/> says otherwise.</summary>
    public static Tensor Arange(double start, double end, double step = 1, DType? dtype = null, bool requiresGrad = false)
    {
        int n = ArangeLength(start, end, step, dtype);
        var values = new double[n];
        // Each value is start + i * step in double, then cast, as PyTorch computes it.
        for (int i = 0; i < n; i++) values[i] = start + i * step;
        return Create(values, [n], dtype ?? DType.Float32, requiresGrad);
    }

    // arange checks its bounds inside its dtype dispatch, which has no bool kernel.
    private static int ArangeLength(double start, double end, double step, DType? dtype)
    {
        if (dtype == DType.Bool) throw Errors.Argument("\"arange_cpu\" not implemented for 'Bool'");
        return Errors.Check(ShapeRules.Arange(start, end, step))[0];
    }

    // zeros checks its sizes in its own words; the other factories leave it to empty.
    private static int CheckedNumel(int[] size, string? factory = null)
    {
        foreach (var s in size)
        {
            if (s < 0 && factory is not null) throw Errors.Argument($"{factory}: Dimension size must be non-negative.");
            if (s < 0) throw Errors.Argument($"Trying to create tensor with negative dimension {s}: {ShapeRules.Format(size)}");
        }
        return (int)ShapeRules.Numel(size);
    }

    // ---- random ----------------------------------------------------------------------------

    /// <summary>Seeds the default generator, as <c>torch.manual_seed</c>, and returns it.</summary>
    public static Generator ManualSeed(long seed) => Generator.Default.ManualSeed(seed);

    /// <summary>Standard normal samples, float32.</summary>
    public static Tensor Randn(params int[] size) => Randn(size, null);

    /// <summary>Standard normal samples, the same numbers PyTorch draws for the same seed.</summary>
    public static Tensor Randn(int[] size, DType? dtype = null, bool requiresGrad = false, Generator? generator = null) =>
        Sample(size, RequireFloating(dtype, "normal_kernel_cpu"), requiresGrad, generator,
            static (g, f) => g.FillNormal(f), static (g, d) => g.FillNormal(d));

    /// <summary>Uniform samples from [0, 1), float32.</summary>
    public static Tensor Rand(params int[] size) => Rand(size, null);

    /// <summary>Uniform samples from [0, 1), the same numbers PyTorch draws for the same seed.</summary>
    public static Tensor Rand(int[] size, DType? dtype = null, bool requiresGrad = false, Generator? generator = null) =>
        Sample(size, RequireFloating(dtype, "check_uniform_bounds"), requiresGrad, generator,
            static (g, f) => g.FillUniform(f), static (g, d) => g.FillUniform(d));

    // A new floating tensor filled in order by the generator (the default one unless given).
    private static Tensor Sample(int[] size, DType dtype, bool requiresGrad, Generator? generator,
        Action<Generator, float[]> fillFloat, Action<Generator, double[]> fillDouble)
    {
        var storage = TensorType.Allocate(dtype, CheckedNumel(size));
        var g = generator ?? Generator.Default;
        if (storage is float[] f) fillFloat(g, f);
        else fillDouble(g, (double[])storage);
        return Create(storage, (int[])size.Clone(), null, requiresGrad);
    }

    /// <summary>Integers uniform in [0, <paramref name="high"/>), int64.</summary>
    public static Tensor Randint(long high, int[] size, DType? dtype = null, bool requiresGrad = false, Generator? generator = null) =>
        Randint(0, high, size, dtype, requiresGrad, generator);

    /// <summary>Integers uniform in [<paramref name="low"/>, <paramref name="high"/>), int64 unless <paramref name="dtype"/> says otherwise.</summary>
    public static Tensor Randint(long low, long high, int[] size, DType? dtype = null, bool requiresGrad = false, Generator? generator = null)
    {
        var values = new long[CheckedNumel(size)];
        (generator ?? Generator.Default).FillRandint(values, low, high);
        return Create(values, (int[])size.Clone(), dtype ?? DType.Int64, requiresGrad);
    }

    /// <summary>Standard normal samples with the shape (and dtype) of <paramref name="t"/>.</summary>
    public static Tensor RandnLike(Tensor t, DType? dtype = null, bool requiresGrad = false, Generator? generator = null) =>
        SampleLike(t, dtype ?? t.DType, requiresGrad, () => Randn(t.Sizes, dtype ?? t.DType, requiresGrad, generator));

    /// <summary>Uniform samples with the shape (and dtype) of <paramref name="t"/>.</summary>
    public static Tensor RandLike(Tensor t, DType? dtype = null, bool requiresGrad = false, Generator? generator = null) =>
        SampleLike(t, RequireFloating(dtype ?? t.DType, "check_uniform_bounds"), requiresGrad, () => Rand(t.Sizes, dtype ?? t.DType, requiresGrad, generator));

    // randn_like/rand_like are empty_like (the input's layout), then normal_/uniform_; normal_
    // neither draws nor checks the dtype for an empty tensor (uniform_ checks it first). The draws fill row-major order, so
    // the layout is kept where it is that order (size-1 dims aside).
    private static Tensor SampleLike(Tensor t, DType dtype, bool requiresGrad, Func<Tensor> sample)
    {
        if (t.Numel == 0) return Like(t, Empty(t.Sizes, dtype, requiresGrad));
        var r = sample();
        return t.IsContiguous() ? Like(t, r) : r;
    }

    private static DType RequireFloating(DType? dtype, string kernel)
    {
        var d = dtype ?? DType.Float32;
        if (!d.IsFloatingPoint()) throw Errors.Argument($"\"{kernel}\" not implemented for '{Errors.KernelTypeName(d)}'");
        return d;
    }

    // ---- joining ---------------------------------------------------------------------------

    /// <summary>Concatenates along <paramref name="dim"/>, as <c>torch.cat</c>.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        var shapes = tensors.Select(t => (IReadOnlyList<int>)t.Sizes).ToArray();
        var shape = Errors.Check(ShapeRules.Cat(shapes, dim));
        var inputs = tensors.ToArray();
        var dtype = ResultType(tensors);
        // Skipped (1-D, empty) inputs keep a place in the graph, with empty gradients, as in PyTorch.
        var skipped = inputs.Select(t => ShapeRules.IsSkippedInCat(t.Sizes)).ToArray();
        int d = skipped.All(x => x) ? 0 : Errors.Dim(dim, shape.Length);
        var result = Zeros(shape, dtype);
        var starts = new int[inputs.Length];
        for (int i = 0, at = 0; i < inputs.Length; i++)
        {
            starts[i] = at;
            if (skipped[i]) continue;
            result.Slice(d, at..(at + inputs[i].Sizes[d])).CopyFrom(inputs[i]);
            at += inputs[i].Sizes[d];
        }
        return TensorType.Record(result, TensorType.NodeName(OpKind.Cat), inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                grads[i] = skipped[i]
                    ? Zeros([0], inputs[i].DType)
                    : g.Slice(d, starts[i]..(starts[i] + inputs[i].Sizes[d])).Cast(inputs[i].DType);
            }
            return grads;
        }, savesTensors: false);
    }

    /// <summary>Joins equal-shaped tensors along a new dim, as <c>torch.stack</c>.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        var shapes = tensors.Select(t => (IReadOnlyList<int>)t.Sizes).ToArray();
        var shape = Errors.Check(ShapeRules.Stack(shapes, dim));
        int d = Errors.Dim(dim, shape.Length);
        var dtype = ResultType(tensors);
        var result = Zeros(shape, dtype);
        for (int i = 0; i < tensors.Count; i++) result.Select(d, i).CopyFrom(tensors[i]);
        var inputs = tensors.ToArray();
        return TensorType.Record(result, TensorType.NodeName(OpKind.Stack), inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            for (int i = 0; i < inputs.Length; i++) grads[i] = g.Select(d, i).Cast(inputs[i].DType);
            return grads;
        }, savesTensors: false);
    }

    // cat and stack promote their inputs' dtypes.
    private static DType ResultType(IReadOnlyList<Tensor> tensors)
    {
        var d = tensors.Count == 0 ? DType.Float32 : tensors[0].DType;
        foreach (var t in tensors) d = DTypeInfo.Promote(d, t.DType);
        return d;
    }

    // ---- grad mode -------------------------------------------------------------------------

    /// <summary>Disables graph recording on this thread until disposed, as <c>with torch.no_grad():</c>.</summary>
    public static IDisposable NoGrad() => GradMode.Disable();

    /// <summary>Whether ops on this thread record the graph, as <c>torch.is_grad_enabled()</c>.</summary>
    public static bool IsGradEnabled => GradMode.IsEnabled;

    // ---- printing --------------------------------------------------------------------------

    /// <summary>Writes the values as Python's <c>print</c> does: space-separated, <c>None</c>, <c>True</c>, <c>1.0</c>, tensors as their repr.</summary>
    public static void Print(params object?[] values) =>
        Console.Out.WriteLine(string.Join(" ", (values ?? [null]).Select(PythonFormat.Value)));
}
