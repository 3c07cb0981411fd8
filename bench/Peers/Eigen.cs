using System.Runtime.InteropServices;

namespace Peers;

/// <summary>The Eigen peer (native/peers_eigen.cpp, built by native/build.sh next to Peers.dll).</summary>
internal static class Eigen
{
    private const string Library = "libpeers_eigen";

    [DllImport(Library, EntryPoint = "mlp_create")]
    public static extern IntPtr MlpCreate(int size, int fixedSize, float[] x, float[] w1, float[] b1, float[] w2, float[] y);

    [DllImport(Library, EntryPoint = "mlp_run")]
    public static extern void MlpRun(IntPtr state, int iterations);

    [DllImport(Library, EntryPoint = "mlp_result")]
    public static extern float MlpResult(IntPtr state, float[] gw1, float[] gb1, float[] gw2);

    [DllImport(Library, EntryPoint = "matmul_create")]
    public static extern IntPtr MatMulCreate(int n, float[] a, float[] b);

    [DllImport(Library, EntryPoint = "matmul_run")]
    public static extern void MatMulRun(IntPtr state, int iterations);

    [DllImport(Library, EntryPoint = "matmul_result")]
    public static extern void MatMulResult(IntPtr state, float[] c);

    [DllImport(Library, EntryPoint = "tanh_run")]
    public static extern void TanhRun(float[] x, float[] y, int n, int iterations);

    [DllImport(Library, EntryPoint = "exp_run")]
    public static extern void ExpRun(float[] x, float[] y, int n, int iterations);
}
