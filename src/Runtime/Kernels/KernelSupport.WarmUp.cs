// Compiles the product and tanh helpers on a thread-pool thread as soon as TensorDsl.dll is first
// used, and each generated kernel's cores as soon as its assembly is, so that a cold process does
// not compile them on its first kernel call or eager product. They are marked AggressiveOptimization
// (see docs/performance.md): compiling them takes about 10 ms for the helpers and a few for a
// kernel's cores, which a process otherwise pays on the thread that first needs them. Under
// NativeAOT everything is compiled already, and nothing is queued.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace TensorDsl.Kernels;

public static partial class KernelSupport
{
    /// <summary>The runtimeconfig switch (MSBuild <c>TensorDslWarmUp</c>) that turns the warm-ups off when false.</summary>
    internal const string WarmUpSwitch = "TensorDsl.WarmUp";

#pragma warning disable CA2255 // A library's module initializer, on purpose: it only queues work, and the switch turns it off.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void StartWarmUp() => QueueWarmUp(WarmUp);

    /// <summary>
    /// Runs <paramref name="prepare"/> (a generated kernel's compilation of its cores) on a thread-pool
    /// thread, unless the warm-up is off or the process is compiled ahead of time. Generated code calls
    /// it from a module initializer.
    /// </summary>
    public static void QueueWarmUp(Action prepare)
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled) return;
        if (AppContext.TryGetSwitch(WarmUpSwitch, out bool on) && !on) return;
        ThreadPool.UnsafeQueueUserWorkItem(static p =>
        {
            // Only compilation happens here; should the runtime refuse it, the first call compiles instead.
            try { ((Action)p!)(); }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException) { }
        }, prepare);
    }

    /// <summary>Runs each product path and tanh once on small inputs (compiling them is the point).</summary>
    internal static void WarmUp()
    {
        var a = new float[6 * 40];
        var b = new float[40 * 32];
        var c = new float[6 * 40];
        MatMulAdd(a.AsSpan(0, 6 * 8), b.AsSpan(0, 8 * 32), c.AsSpan(0, 6 * 32), 6, 8, 32);   // 6×32 tiles where AVX-512 is
        MatMulAdd(a.AsSpan(0, 4 * 8), b.AsSpan(0, 8 * 10), c.AsSpan(0, 4 * 10), 4, 8, 10);   // 4×16 with an overlapping vector
        MatMulAdd(a.AsSpan(0, 4 * 8), b.AsSpan(0, 8 * 8), c.AsSpan(0, 4 * 8), 4, 8, 8);      // 4×8
        MatMulAdd(a.AsSpan(0, 2 * 8), b.AsSpan(0, 8 * 3), c.AsSpan(0, 2 * 3), 2, 8, 3);      // fewer than 8 columns
        MatMulAddTransposedA(a.AsSpan(0, 8 * 6), b.AsSpan(0, 8 * 32), c.AsSpan(0, 6 * 32), 8, 6, 32);
        MatMulAddTransposedB(a.AsSpan(0, 4 * 10), b.AsSpan(0, 8 * 10), c.AsSpan(0, 4 * 8), 4, 10, 8);   // short rows: through bᵀ
        MatMulAddTransposedB(a.AsSpan(0, 2 * 40), b.AsSpan(0, 4 * 40), c.AsSpan(0, 2 * 4), 2, 40, 4);   // long rows: dot products
        if (Vector256.IsHardwareAccelerated) GC.KeepAlive(Tanh(Vector256<float>.Zero));
    }
}
