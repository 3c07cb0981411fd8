using BenchmarkDotNet.Attributes;
using TensorDsl;

namespace TensorDsl.Benchmarks;

public static partial class Net
{
    /// <summary>The README's example kernel: a two-layer MLP's mean squared error.</summary>
    [Kernel]
    public static Tensor Loss([Shape(8, 4), NoGrad] Tensor x, [Shape(4, 16)] Tensor w1,
                              [Shape(16)] Tensor b1, [Shape(16, 1)] Tensor w2,
                              [Shape(8, 1), NoGrad] Tensor y)
    {
        var h = (x.MatMul(w1) + b1).Tanh();
        var d = h.MatMul(w2) - y;
        return (d * d).Mean();
    }

    /// <summary>A wider layer: loops and vectorized rows instead of unrolled code.</summary>
    [Kernel]
    public static Tensor Dense([Shape(64, 128)] Tensor x, [Shape(128, 64)] Tensor w, [Shape(64)] Tensor b) =>
        (x.MatMul(w) + b).Relu().Sum();
}

/// <summary>One training step (forward and backward) of the README's example: eager autograd against the compiled kernel.</summary>
[MemoryDiagnoser]
public class MlpStep
{
    private Tensor _x = null!, _w1 = null!, _b1 = null!, _w2 = null!, _y = null!;
    private float[] _xs = null!, _w1s = null!, _b1s = null!, _w2s = null!, _ys = null!;
    private readonly float[] _g1 = new float[64], _gb = new float[16], _g2 = new float[16];

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(0);
        _x = Torch.Randn([8, 4], generator: g);
        _y = Torch.Randn([8, 1], generator: g);
        _w1 = Torch.Randn([4, 16], requiresGrad: true, generator: g);
        _b1 = Torch.Randn([16], requiresGrad: true, generator: g);
        _w2 = Torch.Randn([16, 1], requiresGrad: true, generator: g);
        (_xs, _ys, _w1s, _b1s, _w2s) = (_x.ToArray<float>(), _y.ToArray<float>(), _w1.ToArray<float>(), _b1.ToArray<float>(), _w2.ToArray<float>());
    }

    [Benchmark(Baseline = true)]
    public float Eager()
    {
        var loss = Net.Loss(_x, _w1, _b1, _w2, _y);
        loss.Backward();
        return loss.Item<float>();
    }

    [Benchmark]
    public float Compiled() => Net.LossKernel.Backward(_xs, _w1s, _b1s, _w2s, _ys, _g1, _gb, _g2);
}

/// <summary>A 64×128 · 128×64 dense layer with relu: forward and backward.</summary>
[MemoryDiagnoser]
public class DenseStep
{
    private Tensor _x = null!, _w = null!, _b = null!;
    private float[] _xs = null!, _ws = null!, _bs = null!;
    private float[] _gx = null!, _gw = null!, _gb = null!;

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(1);
        _x = Torch.Randn([64, 128], requiresGrad: true, generator: g);
        _w = Torch.Randn([128, 64], requiresGrad: true, generator: g);
        _b = Torch.Randn([64], requiresGrad: true, generator: g);
        (_xs, _ws, _bs) = (_x.ToArray<float>(), _w.ToArray<float>(), _b.ToArray<float>());
        (_gx, _gw, _gb) = (new float[_xs.Length], new float[_ws.Length], new float[_bs.Length]);
    }

    [Benchmark(Baseline = true)]
    public float Eager()
    {
        var loss = Net.Dense(_x, _w, _b);
        loss.Backward();
        return loss.Item<float>();
    }

    [Benchmark]
    public float Compiled() => Net.DenseKernel.Backward(_xs, _ws, _bs, _gx, _gw, _gb);
}
