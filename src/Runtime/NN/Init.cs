using System;

namespace TensorDsl.NN;

/// <summary><c>torch.nn.init</c>: fills a tensor in place, without recording the graph, draw for draw as PyTorch.</summary>
public static class Init
{
    /// <summary>U(<paramref name="a"/>, <paramref name="b"/>), as <c>init.uniform_</c>.</summary>
    public static Tensor Uniform_(Tensor t, double a = 0, double b = 1)
    {
        using var _ = Torch.NoGrad();
        return t.Uniform_(a, b);
    }

    /// <summary>N(<paramref name="mean"/>, <paramref name="std"/>²), as <c>init.normal_</c>.</summary>
    public static Tensor Normal_(Tensor t, double mean = 0, double std = 1)
    {
        using var _ = Torch.NoGrad();
        return t.Normal_(mean, std);
    }

    /// <summary>Zeros, as <c>init.zeros_</c>.</summary>
    public static Tensor Zeros_(Tensor t)
    {
        using var _ = Torch.NoGrad();
        return t.Zero_();
    }

    /// <summary>
    /// He initialisation from U(−bound, bound) with bound = gain · √(3 / fan_in) and the leaky-ReLU gain
    /// √(2 / (1 + a²)), as <c>init.kaiming_uniform_(t, a)</c>: <c>Linear</c> uses <c>a = √5</c>.
    /// </summary>
    public static Tensor KaimingUniform_(Tensor t, double a = 0)
    {
        // In double, as Python computes it: a = √5 gives a² = 5.000000000000001.
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        double std = gain / Math.Sqrt(FanIn(t));
        double bound = Math.Sqrt(3.0) * std;
        return Uniform_(t, -bound, bound);
    }

    /// <summary>Fan-in of a weight: its size along dim 1 times the receptive field (sizes past dim 1).</summary>
    public static int FanIn(Tensor t)
    {
        if (t.Dim < 2) throw new ArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
        int receptive = 1;
        for (int i = 2; i < t.Dim; i++) receptive *= t.Shape[i];
        return t.Shape[1] * receptive;
    }
}
