using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace TorchReference;

/// <summary>
/// PyTorch's <c>type(t.grad_fn).__name__</c>, read from libtorch through a small native shim
/// (<c>native/gradfn.cpp</c>, compiled by run.sh into the build output), since TorchSharp has no
/// accessor for it.
/// </summary>
internal static unsafe class GradFn
{
    public const string Library = "libtdslgradfn.so";

    private static readonly delegate* unmanaged<IntPtr, byte*, int, int> s_name = Load();

    private static delegate* unmanaged<IntPtr, byte*, int, int> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", Library);
        if (!File.Exists(path)) throw new FileNotFoundException($"{Library} is missing: build it with run.sh (it compiles native/gradfn.cpp)", path);
        var handle = NativeLibrary.Load(path);
        return (delegate* unmanaged<IntPtr, byte*, int, int>)NativeLibrary.GetExport(handle, "tdsl_grad_fn_name");
    }

    /// <summary>Checks the shim on nodes whose names are known; throws on a difference.</summary>
    public static void SelfCheck()
    {
        using var x = TorchSharp.torch.ones(2, 3).requires_grad_(true);
        using var y = TorchSharp.torch.ones(2, 3);
        var known = new (string? Expected, Tensor T)[]
        {
            (null, x), ("MulBackward0", x * y), ("AddBackward0", x + y), ("TransposeBackward0", x.transpose(0, 1)),
            ("CloneBackward0", x.clone()), ("SumBackward0", x.sum()), ("SelectBackward0", x.select(0, 1)), (null, x.detach()),
        };
        foreach (var (expected, t) in known)
        {
            var name = Name(t);
            if (name != expected) throw new InvalidOperationException($"grad_fn shim: {name ?? "None"} where {expected ?? "None"} was expected");
        }
    }

    /// <summary>The node's class name (<c>MulBackward0</c>), or null for a tensor without one.</summary>
    public static string? Name(Tensor t)
    {
        var buffer = stackalloc byte[256];
        int n = s_name(t.Handle, buffer, 256);
        if (n < 0) throw new InvalidOperationException($"grad_fn name longer than {-n} bytes");
        return n == 0 ? null : Encoding.UTF8.GetString(buffer, n);
    }
}
