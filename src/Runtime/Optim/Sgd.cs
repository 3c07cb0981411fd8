using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorDsl.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
/// decay, as <c>torch.optim.SGD</c> (the same arithmetic, so the trajectories match).
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly Array?[] _momentum;

    public Sgd(IEnumerable<Tensor> parameters, double lr = 1e-3, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false) : base(parameters, lr)
    {
        if (momentum < 0) throw new ArgumentException($"Invalid momentum value: {Printing.PythonFormat.Float(momentum)}");
        if (weightDecay < 0) throw new ArgumentException($"Invalid weight_decay value: {Printing.PythonFormat.Float(weightDecay)}");
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _momentum = new Array?[Parameters.Count];
    }

    public double Momentum { get; }

    public double Dampening { get; }

    public double WeightDecay { get; }

    public bool Nesterov { get; }

    // torch.optim.SGD's single-tensor step. Python floats become the tensor's type before the
    // arithmetic, and x.add(y, alpha=a) is one fused multiply-add, as ATen's vectorized kernels do.
    protected override void Update<T>(int index, Span<T> param, ReadOnlySpan<T> grad)
    {
        T lr = T.CreateTruncating(Lr), wd = T.CreateTruncating(WeightDecay), mu = T.CreateTruncating(Momentum);
        if (Momentum == 0 && WeightDecay == 0 && typeof(T) == typeof(float))
        {
            // Plain SGD on float32: p = fma(-lr, g, p), eight lanes at a time.
            MultiplyAdd(-(float)Lr, MemoryMarshal.Cast<T, float>(grad), MemoryMarshal.Cast<T, float>(param));
            return;
        }
        T keep = T.CreateTruncating(1 - Dampening);
        bool first = _momentum[index] is null;
        var buf = Momentum != 0 ? (T[])(_momentum[index] ??= new T[param.Length]) : null;
        for (int i = 0; i < param.Length; i++)
        {
            T g = grad[i];
            if (WeightDecay != 0) g = T.FusedMultiplyAdd(wd, param[i], g);
            if (buf is not null)
            {
                // The first step's buffer is the gradient itself (no dampening), as PyTorch's clone.
                buf[i] = first ? g : T.FusedMultiplyAdd(keep, g, buf[i] * mu);
                g = Nesterov ? T.FusedMultiplyAdd(mu, buf[i], g) : buf[i];
            }
            param[i] = T.FusedMultiplyAdd(-lr, g, param[i]);
        }
    }

    // destination = fma(a, x, destination), element by element, fused as ATen's add_(x, alpha=a) is.
    private static void MultiplyAdd(float a, ReadOnlySpan<float> x, Span<float> destination)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
        {
            var va = Vector256.Create(a);
            for (; i + Vector256<float>.Count <= destination.Length; i += Vector256<float>.Count)
            {
                var d = Vector256.Create(destination.Slice(i, Vector256<float>.Count));
                Fma.MultiplyAdd(va, Vector256.Create(x.Slice(i, Vector256<float>.Count)), d).CopyTo(destination.Slice(i, Vector256<float>.Count));
            }
        }
        for (; i < destination.Length; i++) destination[i] = MathF.FusedMultiplyAdd(a, x[i], destination[i]);
    }
}
