using TensorDsl;

namespace Kernels;

/// <summary>The README's example: a two-layer MLP's mean squared error, compiled by the generator.</summary>
public static partial class Net
{
    [Kernel]
    public static Tensor Loss([Shape(8, 4), NoGrad] Tensor x, [Shape(4, 16)] Tensor w1,
                              [Shape(16)] Tensor b1, [Shape(16, 1)] Tensor w2,
                              [Shape(8, 1), NoGrad] Tensor y)
    {
        var h = (x.MatMul(w1) + b1).Tanh();
        var d = h.MatMul(w2) - y;
        return (d * d).Mean();
    }
}
