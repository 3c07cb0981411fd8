using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using TensorDsl.Autograd;
using TensorDsl.Printing;
using TensorDsl.Shapes;

namespace TensorDsl;

/// <summary>
/// A multi-dimensional array with PyTorch's semantics: a typed storage seen through shape,
/// strides and offset (so views share storage), plus the autograd state.
/// </summary>
public sealed partial class Tensor
{
    // float[], double[], long[], int[] or bool[], matching DType; shared by views.
    internal readonly Array Storage;
    internal readonly int[] Sizes;
    internal readonly int[] Strides;
    internal readonly int Offset;

    private bool _requiresGrad;

    internal Tensor(Array storage, int[] sizes, int[]? strides = null, int offset = 0)
    {
        Storage = storage;
        Sizes = sizes;
        Strides = strides ?? ShapeRules.ContiguousStrides(sizes);
        Offset = offset;
        DType = DTypeOf(storage);
    }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The shape, as <c>t.shape</c>.</summary>
    public Size Shape => Size.Wrap((int[])Sizes.Clone());

    /// <summary>The number of dims, as <c>t.dim()</c>.</summary>
    public int Dim => Sizes.Length;

    /// <summary>The number of elements, as <c>t.numel()</c>.</summary>
    public int Numel => (int)ShapeRules.Numel(Sizes);

    /// <summary>The strides, in elements, as <c>t.stride()</c>.</summary>
    public int[] Stride() => (int[])Strides.Clone();

    /// <summary>Whether the elements lie in row-major order without gaps, as <c>t.is_contiguous()</c>.</summary>
    public bool IsContiguous() => ShapeRules.IsContiguous(Sizes, Strides);

    // ---- autograd state --------------------------------------------------------------------

    /// <summary>Whether gradients flow to or through this tensor.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad || GradFn is not null || (_noGradView && Base!.RequiresGrad);
        set => RequiresGrad_(value);
    }

    // A view taken under NoGrad of a tensor that requires grad reports RequiresGrad as its base
    // does, as PyTorch's views do, though it has no history and no gradient accumulates in it.
    private bool _noGradView;

    /// <summary>Whether backward accumulates into <see cref="Grad"/>: a leaf that was asked to require grad.</summary>
    internal bool AccumulatesGrad => _requiresGrad && GradFn is null;

    /// <summary>The node that made this tensor, or null for leaves and untracked tensors.</summary>
    public Node? GradFn { get; internal set; }

    /// <summary>True for tensors the user created (or that do not require grad), as <c>t.is_leaf</c>.</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>The accumulated gradient of a leaf, after <see cref="Backward(bool)"/>.</summary>
    public Tensor? Grad
    {
        get => _grad;
        set
        {
            // The checks of PyTorch's grad setter.
            if (value is not null)
            {
                if (value.DType != DType) throw Errors.Argument("assigned grad has data of a different type");
                if (!ShapeRules.SameShape(value.Sizes, Sizes)) throw Errors.Argument("assigned grad has data of a different size");
            }
            _grad = value;
        }
    }

    private Tensor? _grad;

    /// <summary>Sets <see cref="RequiresGrad"/> in place and returns this tensor, as <c>t.requires_grad_()</c>.</summary>
    public Tensor RequiresGrad_(bool requiresGrad = true)
    {
        if (!IsLeaf)
        {
            if (requiresGrad) return this;
            throw Errors.State("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
        }
        if (requiresGrad && !DType.IsFloatingPoint())
            throw Errors.State("Only Tensors of floating point and complex dtype can require gradients");
        _requiresGrad = requiresGrad;
        return this;
    }

    /// <summary>Runs backpropagation from this scalar, as <c>t.backward()</c>.</summary>
    public void Backward(bool retainGraph = false) => Engine.Run(this, null, retainGraph);

    /// <summary>Runs backpropagation seeded with <paramref name="gradient"/>, as <c>t.backward(gradient)</c>.</summary>
    public void Backward(Tensor gradient, bool retainGraph = false) => Engine.Run(this, gradient, retainGraph);

    /// <summary>A tensor sharing storage with this one but outside the graph, as <c>t.detach()</c>.</summary>
    public Tensor Detach() => new(Storage, Sizes, Strides, Offset);

    // ---- values ----------------------------------------------------------------------------

    /// <summary>The single element as a C# number, as <c>t.item()</c>.</summary>
    public T Item<T>() where T : unmanaged
    {
        if (Numel != 1) throw Errors.State($"a Tensor with {Numel} elements cannot be converted to Scalar");
        return ToArray<T>()[0];
    }

    /// <summary>The elements in row-major order, converted to <typeparamref name="T"/> (float, double, long, int or bool).</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        Array values = typeof(T) == typeof(float) ? Read<float>()
            : typeof(T) == typeof(double) ? Read<double>()
            : typeof(T) == typeof(long) ? Read<long>()
            : typeof(T) == typeof(int) ? Read<int>()
            : typeof(T) == typeof(bool) ? ReadBool()
            : throw new NotSupportedException($"{typeof(T)} is not a tensor element type; use float, double, long, int or bool.");
        return (T[])values;
    }

    /// <summary>
    /// The elements as a span over the tensor's own storage, without a copy, so that a module's
    /// parameters (and their gradients) can feed a compiled kernel's <c>Forward</c>/<c>Backward</c>.
    /// The tensor must be contiguous and hold <typeparamref name="T"/> (float for float32). Writes through
    /// the span are not recorded by autograd and do not bump <see cref="Version"/> (as PyTorch's
    /// <c>t.data</c>); use them under <see cref="Torch.NoGrad"/> on tensors no backward still needs.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensor is not contiguous, or holds another element type.</exception>
    public Span<T> AsSpan<T>() where T : unmanaged
    {
        if (Storage is not T[] storage)
            throw Errors.State($"AsSpan<{typeof(T).Name}>() of a tensor of dtype {DType.TorchName()}; use the element type {Errors.KernelTypeName(DType).ToLowerInvariant()} or To() first");
        if (!IsContiguous()) throw Errors.State("AsSpan() needs a contiguous tensor; call Contiguous() first");
        return Numel == 0 ? default : storage.AsSpan(Offset, Numel);
    }

    // ---- printing --------------------------------------------------------------------------

    /// <summary>PyTorch's <c>repr(t)</c>; a module's parameter prints as <c>Parameter containing:</c> and the tensor.</summary>
    public override string ToString() =>
        (IsParameter ? "Parameter containing:\n" : "") + TensorFormatter.Format(Sizes, DType, ContiguousData(), GradFn?.Name, RequiresGrad);

    /// <summary>Whether a module registered this tensor as a parameter (<c>nn.Parameter</c>).</summary>
    public bool IsParameter { get; internal set; }

    // ---- element access (internal) ---------------------------------------------------------

    internal static DType DTypeOf(Array storage) => storage switch
    {
        float[] => DType.Float32,
        double[] => DType.Float64,
        long[] => DType.Int64,
        int[] => DType.Int32,
        bool[] => DType.Bool,
        _ => throw new ArgumentException($"unsupported storage {storage.GetType()}"),
    };

    internal static Array Allocate(DType dtype, int n) => dtype switch
    {
        DType.Float32 => new float[n],
        DType.Float64 => new double[n],
        DType.Int64 => new long[n],
        DType.Int32 => new int[n],
        _ => new bool[n],
    };

    /// <summary>The storage offset of every element, in row-major order, read as if broadcast to <paramref name="shape"/>.</summary>
    internal int[] ElementOffsets(int[]? shape = null)
    {
        shape ??= Sizes;
        int rank = shape.Length;
        var strides = new int[rank];
        for (int i = 1; i <= Sizes.Length; i++)
            strides[rank - i] = Sizes[^i] == 1 && shape[rank - i] != 1 ? 0 : Strides[^i];
        int n = (int)ShapeRules.Numel(shape);
        var offsets = new int[n];
        if (n == 0) return offsets;
        var index = new int[rank];
        int off = Offset;
        for (int i = 0; i < n; i++)
        {
            offsets[i] = off;
            for (int d = rank - 1; d >= 0; d--)
            {
                off += strides[d];
                if (++index[d] < shape[d]) break;
                off -= strides[d] * shape[d];
                index[d] = 0;
            }
        }
        return offsets;
    }

    // A view that covers its storage exactly in order can hand out the storage itself.
    internal bool IsDense => Offset == 0 && Storage.Length == Numel && IsContiguous();

    // The storage itself when dense, else a row-major copy.
    internal Array ContiguousStorage() => IsDense ? Storage : ContiguousData();

    /// <summary>The elements in row-major order as a new array of this tensor's own type.</summary>
    internal Array ContiguousData() => DType switch
    {
        DType.Float32 => Read<float>(),
        DType.Float64 => Read<double>(),
        DType.Int64 => Read<long>(),
        DType.Int32 => Read<int>(),
        _ => ReadBool(),
    };

    /// <summary>The elements in row-major order, broadcast to <paramref name="shape"/>, converted to <typeparamref name="T"/> (a fresh array).</summary>
    internal T[] Read<T>(int[]? shape = null) where T : unmanaged, INumberBase<T>
    {
        if (shape is null && IsDense && Storage is T[] same) return (T[])same.Clone();
        // A contiguous view read whole: one block copy (or conversion), no per-element offsets.
        if ((shape is null || ShapeRules.SameShape(shape, Sizes)) && IsContiguous())
        {
            int n = Numel;
            // An empty view's offset may lie past its storage's end.
            if (n == 0) return [];
            if (Storage is T[] typed) return typed.AsSpan(Offset, n).ToArray();
            return Storage switch
            {
                float[] s => Convert<float, T>(s.AsSpan(Offset, n)),
                double[] s => Convert<double, T>(s.AsSpan(Offset, n)),
                long[] s => Convert<long, T>(s.AsSpan(Offset, n)),
                int[] s => Convert<int, T>(s.AsSpan(Offset, n)),
                _ => GatherBool<T>((bool[])Storage, ElementOffsets()),
            };
        }
        // A strided view (a transpose) read whole: walked in order, without an offset array.
        if ((shape is null || ShapeRules.SameShape(shape, Sizes)) && Storage is T[] own && Sizes.Length > 0)
            return ReadStrided(own);
        var offsets = ElementOffsets(shape);
        return Storage switch
        {
            float[] s => Gather<float, T>(s, offsets),
            double[] s => Gather<double, T>(s, offsets),
            long[] s => Gather<long, T>(s, offsets),
            int[] s => Gather<int, T>(s, offsets),
            bool[] s => GatherBool<T>(s, offsets),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>The elements as booleans (non-zero is true), broadcast to <paramref name="shape"/>.</summary>
    internal bool[] ReadBool(int[]? shape = null)
    {
        var offsets = ElementOffsets(shape);
        var r = new bool[offsets.Length];
        switch (Storage)
        {
            case bool[] s: for (int i = 0; i < r.Length; i++) r[i] = s[offsets[i]]; break;
            case float[] s: for (int i = 0; i < r.Length; i++) r[i] = s[offsets[i]] != 0; break;
            case double[] s: for (int i = 0; i < r.Length; i++) r[i] = s[offsets[i]] != 0; break;
            case long[] s: for (int i = 0; i < r.Length; i++) r[i] = s[offsets[i]] != 0; break;
            case int[] s: for (int i = 0; i < r.Length; i++) r[i] = s[offsets[i]] != 0; break;
        }
        return r;
    }

    /// <summary>The elements in row-major order in <paramref name="dtype"/>, broadcast to <paramref name="shape"/>.</summary>
    internal Array ReadAs(DType dtype, int[]? shape = null) => dtype switch
    {
        DType.Float32 => Read<float>(shape),
        DType.Float64 => Read<double>(shape),
        DType.Int64 => Read<long>(shape),
        DType.Int32 => Read<int>(shape),
        _ => ReadBool(shape),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T[] Gather<TSource, T>(TSource[] source, int[] offsets)
        where TSource : unmanaged, INumberBase<TSource> where T : unmanaged, INumberBase<T>
    {
        var r = new T[offsets.Length];
        // PyTorch converts floats to integers by truncation toward zero.
        for (int i = 0; i < r.Length; i++) r[i] = T.CreateTruncating(source[offsets[i]]);
        return r;
    }

    // The elements in row-major order, the last dim walked by its stride.
    private T[] ReadStrided<T>(T[] storage)
    {
        int n = Numel, rank = Sizes.Length, inner = Sizes[^1], step = Strides[^1];
        var r = new T[n];
        if (n == 0) return r;
        var index = new int[rank];
        int off = Offset;
        for (int i = 0; i < n; i += inner)
        {
            for (int j = 0, at = off; j < inner; j++, at += step) r[i + j] = storage[at];
            for (int d = rank - 2; d >= 0; d--)
            {
                off += Strides[d];
                if (++index[d] < Sizes[d]) break;
                off -= Strides[d] * Sizes[d];
                index[d] = 0;
            }
        }
        return r;
    }

    private static T[] Convert<TSource, T>(ReadOnlySpan<TSource> source)
        where TSource : unmanaged, INumberBase<TSource> where T : unmanaged, INumberBase<T>
    {
        var r = new T[source.Length];
        for (int i = 0; i < r.Length; i++) r[i] = T.CreateTruncating(source[i]);
        return r;
    }

    private static T[] GatherBool<T>(bool[] source, int[] offsets) where T : unmanaged, INumberBase<T>
    {
        var r = new T[offsets.Length];
        for (int i = 0; i < r.Length; i++) r[i] = source[offsets[i]] ? T.One : T.Zero;
        return r;
    }

    /// <summary>The single element as a double (for scalars and printing).</summary>
    internal double ScalarAsDouble() => Storage switch
    {
        float[] s => s[Offset],
        double[] s => s[Offset],
        long[] s => s[Offset],
        int[] s => s[Offset],
        bool[] s => s[Offset] ? 1 : 0,
        _ => 0,
    };
}
