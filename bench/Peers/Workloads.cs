using System.Numerics.Tensors;
using TensorDsl;
using TorchSharp;
using Dsl = TensorDsl.Tensor;
using TT = TorchSharp.torch.Tensor;

namespace Peers;

/// <summary>The workloads, each with its contenders on the same inputs.</summary>
internal static class Workloads
{
    private static float[] Uniform(int n, int seed)
    {
        var random = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(random.NextDouble() * 2 - 1);
        return v;
    }

    private static Dsl Eager(float[] data, params int[] shape) => Torch.Tensor(data).Reshape(shape);

    private static TT Lib(float[] data, params long[] shape) => torch.tensor(data, shape);

    /// <summary>The MLP training step: loss and the gradients of W1, b1, W2.</summary>
    public static void Mlp(string name, int batch, int inputs, int hidden, int outputs)
    {
        var (x, w1, b1, w2, y) = (Uniform(batch * inputs, 1), Uniform(inputs * hidden, 2), Uniform(hidden, 3), Uniform(hidden * outputs, 4), Uniform(batch * outputs, 5));
        // The first layer's weights scaled as nn.Linear initializes them, so that tanh does not saturate.
        float scale = 1 / MathF.Sqrt(inputs);
        for (int i = 0; i < w1.Length; i++) w1[i] *= scale;
        var (g1, gb, g2) = (new float[w1.Length], new float[b1.Length], new float[w2.Length]);
        bool small = name == "MLP-S";
        var losses = new Dictionary<string, (float Loss, float[] GradW1)>();

        Action<int> compiled = n =>
        {
            for (int i = 0; i < n; i++)
            {
                // A training step starts from zero gradients (Backward adds to the spans).
                Array.Clear(g1); Array.Clear(gb); Array.Clear(g2);
                float loss = small ? Kernels.MlpSKernel.Backward(x, w1, b1, w2, y, gradW1: g1, gradB1: gb, gradW2: g2)
                    : Kernels.MlpLKernel.Backward(x, w1, b1, w2, y, gradW1: g1, gradB1: gb, gradW2: g2);
                losses["compiled"] = (loss, g1);
            }
        };

        var (ex, ew1, eb1, ew2, ey) = (Eager(x, batch, inputs), Eager(w1, inputs, hidden).RequiresGrad_(), Eager(b1, hidden).RequiresGrad_(),
            Eager(w2, hidden, outputs).RequiresGrad_(), Eager(y, batch, outputs));
        Action<int> eager = n =>
        {
            for (int i = 0; i < n; i++)
            {
                var d = (ex.MatMul(ew1) + eb1).Tanh().MatMul(ew2) - ey;
                var loss = (d * d).Mean();
                loss.Backward();
                losses["eager"] = (loss.Item<float>(), ew1.Grad!.ToArray<float>());
                // zero_grad(): the next backward stores fresh gradients.
                ew1.Grad = null; eb1.Grad = null; ew2.Grad = null;
            }
        };

        var (tx, tw1, tb1, tw2, ty) = (Lib(x, batch, inputs), Lib(w1, inputs, hidden).requires_grad_(), Lib(b1, hidden).requires_grad_(),
            Lib(w2, hidden, outputs).requires_grad_(), Lib(y, batch, outputs));
        Action<int> libtorch = n =>
        {
            for (int i = 0; i < n; i++)
            {
                using var scope = torch.NewDisposeScope();
                var d = torch.tanh(tx.matmul(tw1) + tb1).matmul(tw2) - ty;
                var loss = (d * d).mean();
                var grads = torch.autograd.grad([loss], [tw1, tb1, tw2]);
                if (i == n - 1) losses["libtorch"] = (loss.item<float>(), grads[0].data<float>().ToArray());
            }
        };

        int size = small ? 0 : 1;
        var eigenFixed = Eigen.MlpCreate(size, 1, x, w1, b1, w2, y);
        var eigenDynamic = Eigen.MlpCreate(size, 0, x, w1, b1, w2, y);
        var results = Harness.Measure(
        [
            new("TensorDsl compiled", compiled),
            new("TensorDsl eager", eager),
            new("libtorch 1 thread", libtorch),
            new("Eigen fixed-size", n => Eigen.MlpRun(eigenFixed, n), Native: true),
            new("Eigen dynamic", n => Eigen.MlpRun(eigenDynamic, n), Native: true),
        ]);
        Harness.Print($"{name}: x {batch}×{inputs}, W1 {inputs}×{hidden}, W2 {hidden}×{outputs}; forward and backward", results);

        var eg1 = new float[w1.Length];
        float eigenLoss = Eigen.MlpResult(eigenDynamic, eg1, new float[b1.Length], new float[w2.Length]);
        foreach (var (who, (loss, grad)) in losses)
            Console.WriteLine($"- {who} against Eigen: loss {loss:G7} vs {eigenLoss:G7}, largest difference in ∂W1 {grad.Zip(eg1, (a, b) => MathF.Abs(a - b)).Max():E1}");
    }

    // Two n×n operands for every contender: arrays, eager tensors, libtorch tensors, Eigen's copy; and c.
    private static (float[] A, float[] B, float[] C, Dsl EagerA, Dsl EagerB, TT TorchA, TT TorchB, IntPtr Eigen) Square(int n, int seed)
    {
        var (a, b) = (Uniform(n * n, seed), Uniform(n * n, seed + 1));
        return (a, b, new float[n * n], Eager(a, n, n), Eager(b, n, n), Lib(a, n, n), Lib(b, n, n), Eigen.MatMulCreate(n, a, b));
    }

    /// <summary>A 256×256 by 256×256 product, forward only.</summary>
    public static void MatMul()
    {
        const int n = 256;
        var (a, b, c, ea, eb, ta, tb, eigen) = Square(n, 6);
        var results = Harness.Measure(
        [
            new("TensorDsl compiled", k => { for (int i = 0; i < k; i++) Kernels.MatMul256Kernel.Forward(a, b, c); }),
            new("TensorDsl eager", k => { for (int i = 0; i < k; i++) GC.KeepAlive(ea.MatMul(eb)); }),
            new("libtorch 1 thread", k => { for (int i = 0; i < k; i++) { using var scope = torch.NewDisposeScope(); ta.matmul(tb); } }),
            new("Eigen dynamic", k => Eigen.MatMulRun(eigen, k), Native: true),
        ]);
        Harness.Print("matmul 256×256×256, forward", results, "GFLOP/s", s => $"{2.0 * n * n * n / s / 1e9:F0}");
    }

    /// <summary>
    /// A 512×512 by 512×512 product, forward only: the eager product splits its rows between the
    /// cores from this size on; the same code on one core (KernelSupport.MatMulAdd) and libtorch on
    /// one and two threads show what that buys.
    /// </summary>
    public static void MatMul512()
    {
        const int n = 512;
        var (a, b, c, ea, eb, ta, tb, eigen) = Square(n, 11);
        Action<int> Torch(int threads) => k =>
        {
            torch.set_num_threads(threads);
            for (int i = 0; i < k; i++) { using var scope = torch.NewDisposeScope(); ta.matmul(tb); }
            torch.set_num_threads(1);
        };
        var results = Harness.Measure(
        [
            new("TensorDsl eager, 2 cores", k => { for (int i = 0; i < k; i++) GC.KeepAlive(ea.MatMul(eb)); }),
            new("TensorDsl, 1 core", k => { for (int i = 0; i < k; i++) { Array.Clear(c); TensorDsl.Kernels.KernelSupport.MatMulAdd(a, b, c, n, n, n); } }),
            new("libtorch 1 thread", Torch(1)),
            new("libtorch 2 threads", Torch(2)),
            new("Eigen dynamic, 1 thread", k => Eigen.MatMulRun(eigen, k), Native: true),
        ]);
        Harness.Print("matmul 512×512×512, forward: one core and two", results, "GFLOP/s", s => $"{2.0 * n * n * n / s / 1e9:F0}");
        Console.WriteLine($"- speed-up of two cores: TensorDsl {results[1].Seconds / results[0].Seconds:F2}×, libtorch {results[2].Seconds / results[3].Seconds:F2}×");
    }

    /// <summary>tanh or exp of 1M floats, each into an output array (eager and libtorch allocate theirs).</summary>
    public static void Elementwise(string function)
    {
        const int n = 1 << 20;
        var x = Uniform(n, 8);
        for (int i = 0; i < n; i++) x[i] *= function == "tanh" ? 5 : 20;
        var y = new float[n];
        var ex = Eager(x, n);
        var tx = Lib(x, n);
        bool tanh = function == "tanh";
        var results = Harness.Measure(
        [
            new("TensorDsl compiled", k => { for (int i = 0; i < k; i++) { if (tanh) Kernels.Tanh1MKernel.Forward(x, y); else Kernels.Exp1MKernel.Forward(x, y); } }),
            new("TensorDsl eager", k => { for (int i = 0; i < k; i++) GC.KeepAlive(tanh ? ex.Tanh() : ex.Exp()); }),
            new("TensorPrimitives", k => { for (int i = 0; i < k; i++) { if (tanh) TensorPrimitives.Tanh(x, y); else TensorPrimitives.Exp(x, y); } }),
            new("libtorch 1 thread", k => { for (int i = 0; i < k; i++) { using var scope = torch.NewDisposeScope(); if (tanh) tx.tanh(); else tx.exp(); } }),
            new("Eigen", k => { if (tanh) Eigen.TanhRun(x, y, n, k); else Eigen.ExpRun(x, y, n, k); }, Native: true),
        ]);
        Harness.Print($"{function} of 1M floats", results, "ns/element", s => $"{s / n * 1e9:F2}");
    }

    /// <summary><c>(x + y).Sum()</c> on 3 elements with its backward: the cost of one op and one node.</summary>
    public static void TinySum()
    {
        var (x, y) = (Uniform(3, 9), Uniform(3, 10));
        var (gx, gy) = (new float[3], new float[3]);
        var (ex, ey) = (Eager(x, 3).RequiresGrad_(), Eager(y, 3).RequiresGrad_());
        var (tx, ty) = (Lib(x, 3).requires_grad_(), Lib(y, 3).requires_grad_());
        var results = Harness.Measure(
        [
            new("TensorDsl compiled", k => { for (int i = 0; i < k; i++) { Array.Clear(gx); Array.Clear(gy); Kernels.TinySumKernel.Backward(x, y, gx, gy); } }),
            new("TensorDsl eager", k =>
            {
                for (int i = 0; i < k; i++)
                {
                    (ex + ey).Sum().Backward();
                    ex.Grad = null; ey.Grad = null;
                }
            }),
            new("libtorch 1 thread", k =>
            {
                for (int i = 0; i < k; i++)
                {
                    using var scope = torch.NewDisposeScope();
                    torch.autograd.grad([(tx + ty).sum()], [tx, ty]);
                }
            }),
        ]);
        Harness.Print("(x + y).Sum() on 3 elements, forward and backward", results);
    }
}
