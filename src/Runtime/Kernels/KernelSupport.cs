using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TensorDsl.Shapes;

namespace TensorDsl.Kernels;

/// <summary>Fills the gradient arrays of a compiled kernel's inputs from the gradient of its result.</summary>
/// <param name="gradResult">The gradient of the result, row-major.</param>
/// <param name="gradInputs">One array per tensor input: full length where that input needs a gradient, empty otherwise.</param>
public delegate void KernelBackward(float[] gradResult, float[][] gradInputs);

/// <summary>What generated kernel code calls into: span checks, tensor interop, math helpers.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelSupport
{
    /// <summary>Throws unless an input span has exactly the expected length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckLength(int actual, int expected, string parameter)
    {
        if (actual != expected) ThrowLength(actual, expected, parameter, allowEmpty: false);
    }

    /// <summary>Throws unless a gradient span is empty (skip) or has exactly the expected length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckGradientLength(int actual, int expected, string parameter)
    {
        if (actual != expected && actual != 0) ThrowLength(actual, expected, parameter, allowEmpty: true);
    }

    /// <summary>Throws unless a workspace span is at least the required length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckWorkspaceLength(int actual, int required, string parameter)
    {
        if (actual < required)
            throw new ArgumentException($"Expected a span of at least {required} floats but got {actual}.", parameter);
    }

    private static void ThrowLength(int actual, int expected, string parameter, bool allowEmpty) =>
        throw new ArgumentException(
            allowEmpty
                ? $"Expected a span of length {expected} (or empty to skip this gradient) but got length {actual}."
                : $"Expected a span of length {expected} but got length {actual}.",
            parameter);

    /// <summary>
    /// A float32 tensor's elements in row-major order, after checking its shape against the
    /// kernel's <c>[Shape]</c> with the message the analyzers report as TD0006.
    /// </summary>
    /// <param name="tensor">The argument.</param>
    /// <param name="function">The kernel method's name.</param>
    /// <param name="position">The parameter's 1-based position.</param>
    /// <param name="parameter">The parameter's name.</param>
    /// <param name="shape">The declared shape.</param>
    public static float[] Input(Tensor tensor, string function, int position, string parameter, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(tensor, parameter);
        Errors.Check(ShapeRules.CheckSize(function, position, parameter, shape.ToArray(), tensor.Sizes));
        if (tensor.DType != DType.Float32)
            throw new ArgumentException($"Expected tensor for argument #{position} '{parameter}' to have scalar type Float; but got {tensor.DType.TorchName()} instead (while checking arguments for {function})");
        return tensor.Read<float>();
    }

    /// <summary>
    /// Wraps a compiled result as a tensor and, when grad mode is on and an input requires grad,
    /// records one autograd node named <paramref name="nodeName"/> that calls <paramref name="backward"/>.
    /// </summary>
    public static Tensor Output(float[] data, ReadOnlySpan<int> shape, string nodeName, Tensor[] inputs, KernelBackward backward)
    {
        var result = new Tensor(data, shape.ToArray());
        var sizes = new int[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++) sizes[i] = inputs[i].Sizes;
        return Tensor.Record(result, nodeName, inputs, g =>
        {
            var grads = new float[inputs.Length][];
            for (int i = 0; i < grads.Length; i++)
                grads[i] = inputs[i].RequiresGrad ? new float[inputs[i].Numel] : Array.Empty<float>();
            backward(g.Read<float>(), grads);
            // By RequiresGrad, not by length: an empty input that requires grad gets its (empty) gradient.
            var tensors = new Tensor?[inputs.Length];
            for (int i = 0; i < tensors.Length; i++)
                if (inputs[i].RequiresGrad) tensors[i] = new Tensor(grads[i], (int[])sizes[i].Clone());
            return tensors;
        });
    }

    /// <summary>
    /// <c>destination[j] += a * b[j]</c>: the inner loop of a matrix product, vectorized with
    /// Vector256 or Vector128 where the hardware has them and a scalar loop for the rest.
    /// </summary>
    public static void MultiplyAdd(float a, ReadOnlySpan<float> b, Span<float> destination)
    {
        if (b.Length != destination.Length) throw new ArgumentException("Spans must have the same length.", nameof(destination));
        int j = 0;
        if (Vector256.IsHardwareAccelerated && b.Length >= Vector256<float>.Count)
        {
            var va = Vector256.Create(a);
            for (; j <= b.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var d = destination.Slice(j);
                (Vector256.Create(d) + va * Vector256.Create(b.Slice(j))).CopyTo(d);
            }
        }
        else if (Vector128.IsHardwareAccelerated && b.Length >= Vector128<float>.Count)
        {
            var va = Vector128.Create(a);
            for (; j <= b.Length - Vector128<float>.Count; j += Vector128<float>.Count)
            {
                var d = destination.Slice(j);
                (Vector128.Create(d) + va * Vector128.Create(b.Slice(j))).CopyTo(d);
            }
        }
        for (; j < b.Length; j++) destination[j] += a * b[j];
    }

    /// <summary><c>Σ a[j] b[j]</c>, vectorized like <see cref="MultiplyAdd"/>.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Spans must have the same length.", nameof(b));
        int j = 0;
        float sum = 0f;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<float>.Count)
        {
            var acc = Vector256<float>.Zero;
            for (; j <= a.Length - Vector256<float>.Count; j += Vector256<float>.Count)
                acc += Vector256.Create(a.Slice(j)) * Vector256.Create(b.Slice(j));
            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && a.Length >= Vector128<float>.Count)
        {
            var acc = Vector128<float>.Zero;
            for (; j <= a.Length - Vector128<float>.Count; j += Vector128<float>.Count)
                acc += Vector128.Create(a.Slice(j)) * Vector128.Create(b.Slice(j));
            sum = Vector128.Sum(acc);
        }
        for (; j < a.Length; j++) sum += a[j] * b[j];
        return sum;
    }

    /// <summary>
    /// Lane-wise tanh, within a few ulps of <see cref="MathF.Tanh(float)"/>: an odd Taylor polynomial
    /// below 0.5 in magnitude (where 1 - 2/(e^2x + 1) would cancel), that formula above.
    /// </summary>
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var ax = Vector256.Abs(x);
        var big = Vector256.Create(1f) - Vector256.Create(2f) / (Vector256.Exp(ax + ax) + Vector256.Create(1f));
        var x2 = x * x;
        var series = Vector256.Create(TanhSeries[0]);
        for (int i = 1; i < TanhSeries.Length; i++) series = series * x2 + Vector256.Create(TanhSeries[i]);
        var small = x * series;
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.5f)), small,
            Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), -big, big));
    }

    /// <summary>Lane-wise tanh for 128-bit vectors; see <see cref="Tanh(Vector256{float})"/>.</summary>
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        var ax = Vector128.Abs(x);
        var big = Vector128.Create(1f) - Vector128.Create(2f) / (Vector128.Exp(ax + ax) + Vector128.Create(1f));
        var x2 = x * x;
        var series = Vector128.Create(TanhSeries[0]);
        for (int i = 1; i < TanhSeries.Length; i++) series = series * x2 + Vector128.Create(TanhSeries[i]);
        var small = x * series;
        return Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create(0.5f)), small,
            Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), -big, big));
    }

    // tanh(x) / x = 1 - x²/3 + 2x⁴/15 - …, Taylor to x^14, highest first for Horner's rule over x².
    private static readonly float[] TanhSeries =
    {
        -929569f / 638512875f, 21844f / 6081075f, -1382f / 155925f, 62f / 2835f, -17f / 315f, 2f / 15f, -1f / 3f, 1f,
    };

    /// <summary><c>1 / (1 + e^-x)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary><c>max(x, 0)</c>, NaN propagating as in PyTorch's relu.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Relu(float x) => float.IsNaN(x) ? x : MathF.Max(x, 0f);

    /// <summary><c>x * x</c> without evaluating x twice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Square(float x) => x * x;

    /// <summary><c>x * x * x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Cube(float x) => x * x * x;

    /// <summary>The sign of x (0 for 0 and NaN), as |x|'s gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sign(float x) => x > 0f ? 1f : x < 0f ? -1f : 0f;

    /// <summary>1 where x &gt; 0, else 0: relu's gradient factor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Step(float x) => x > 0f ? 1f : 0f;

    /// <summary>The larger of two values, NaN winning, as PyTorch's max.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(float a, float b) => float.IsNaN(a) || a >= b ? a : b;
}
