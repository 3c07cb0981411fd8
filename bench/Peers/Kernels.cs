using TensorDsl;

namespace Peers;

/// <summary>The workloads as [Kernel] methods: compiled at build time into span methods.</summary>
public static partial class Kernels
{
    /// <summary>MLP-S: mean((tanh(x·W1 + b1)·W2 − y)²), x 16×32, W1 32×64, W2 64×10.</summary>
    [Kernel]
    public static Tensor MlpS([Shape(16, 32), NoGrad] Tensor x, [Shape(32, 64)] Tensor w1, [Shape(64)] Tensor b1,
        [Shape(64, 10)] Tensor w2, [Shape(16, 10), NoGrad] Tensor y)
    {
        var d = (x.MatMul(w1) + b1).Tanh().MatMul(w2) - y;
        return (d * d).Mean();
    }

    /// <summary>MLP-L: the same loss with x 64×256, W1 256×256, W2 256×10.</summary>
    [Kernel]
    public static Tensor MlpL([Shape(64, 256), NoGrad] Tensor x, [Shape(256, 256)] Tensor w1, [Shape(256)] Tensor b1,
        [Shape(256, 10)] Tensor w2, [Shape(64, 10), NoGrad] Tensor y)
    {
        var d = (x.MatMul(w1) + b1).Tanh().MatMul(w2) - y;
        return (d * d).Mean();
    }

    [Kernel]
    public static Tensor MatMul256([Shape(256, 256)] Tensor a, [Shape(256, 256)] Tensor b) => a.MatMul(b);

    [Kernel]
    public static Tensor Tanh1M([Shape(1 << 20)] Tensor x) => x.Tanh();

    [Kernel]
    public static Tensor Exp1M([Shape(1 << 20)] Tensor x) => x.Exp();

    [Kernel]
    public static Tensor TinySum([Shape(3)] Tensor x, [Shape(3)] Tensor y) => (x + y).Sum();
}
