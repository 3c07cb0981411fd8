using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TensorDsl.Shapes;

namespace TensorDsl.Kernels;

/// <summary>Fills the gradient arrays of a compiled kernel's inputs from the gradient of its result.</summary>
/// <param name="gradResult">The gradient of the result, row-major.</param>
/// <param name="gradInputs">One array per tensor input: full length where that input needs a gradient, empty otherwise.</param>
public delegate void KernelBackward(float[] gradResult, float[][] gradInputs);

/// <summary>What generated kernel code calls into: span checks, tensor interop, math helpers.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class KernelSupport
{
    // ---- vector loads and stores for generated loops: unchecked, because a core indexes only
    // within the lengths its entry point checked (asserted in debug builds, which the tests run).
    // A checked Slice and Create per access cost more to compile than the loop they sit in.

    /// <summary>The 8 floats of <paramref name="span"/> from <paramref name="index"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load256(ReadOnlySpan<float> span, int index)
    {
        Debug.Assert(index >= 0 && index + Vector256<float>.Count <= span.Length);
        return Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    }

    /// <summary>The 4 floats of <paramref name="span"/> from <paramref name="index"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load128(ReadOnlySpan<float> span, int index)
    {
        Debug.Assert(index >= 0 && index + Vector128<float>.Count <= span.Length);
        return Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="span"/> from <paramref name="index"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, Span<float> span, int index)
    {
        Debug.Assert(index >= 0 && index + Vector256<float>.Count <= span.Length);
        value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="span"/> from <paramref name="index"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, Span<float> span, int index)
    {
        Debug.Assert(index >= 0 && index + Vector128<float>.Count <= span.Length);
        value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    }

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
    public static float[] Input(Tensor tensor, string function, int position, string parameter, ReadOnlySpan<int> shape) =>
        Checked<float>(tensor, function, position, parameter, shape, DType.Float32);

    /// <summary>An int64 tensor's elements (indices) in row-major order, after the same shape check as <see cref="Input"/>.</summary>
    /// <param name="tensor">The argument.</param>
    /// <param name="function">The kernel method's name.</param>
    /// <param name="position">The parameter's 1-based position.</param>
    /// <param name="parameter">The parameter's name.</param>
    /// <param name="shape">The declared shape.</param>
    public static long[] Indices(Tensor tensor, string function, int position, string parameter, ReadOnlySpan<int> shape) =>
        Checked<long>(tensor, function, position, parameter, shape, DType.Int64);

    // The elements of an argument whose shape and dtype are the kernel's, with PyTorch's messages.
    private static T[] Checked<T>(Tensor tensor, string function, int position, string parameter, ReadOnlySpan<int> shape, DType dtype)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(tensor, parameter);
        Errors.Check(ShapeRules.CheckSize(function, position, parameter, shape.ToArray(), tensor.Sizes));
        if (tensor.DType != dtype)
        {
            throw new ArgumentException(
                $"Expected tensor for argument #{position} '{parameter}' to have scalar type {Errors.KernelTypeName(dtype)}; but got {tensor.DType.TorchName()} instead (while checking arguments for {function})");
        }
        return tensor.Read<T>();
    }

    /// <summary>
    /// Throws PyTorch's error unless every index lies in [0, <paramref name="bound"/>): embedding's
    /// <c>index out of range in self</c>, or a loss's <c>Target 5 is out of bounds.</c>
    /// </summary>
    public static void CheckIndices(ReadOnlySpan<long> indices, int bound, bool target)
    {
        foreach (long i in indices)
        {
            if (i >= 0 && i < bound) continue;
            throw target ? new ArgumentOutOfRangeException(null, $"Target {i} is out of bounds.") : new ArgumentException("index out of range in self");
        }
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
}
