using System;
using System.Collections.Generic;
using System.Numerics;

namespace TensorDsl.Optim;

/// <summary>
/// Adam, as <c>torch.optim.Adam</c>: running averages of the gradient and its square with bias
/// correction, optional AMSGrad and L2 weight decay (added to the gradient).
/// </summary>
public class Adam : Optimizer
{
    private readonly Array?[] _expAvg, _expAvgSq, _maxExpAvgSq;
    private readonly int[] _steps;
    private readonly bool _decoupled;

    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false) : this(parameters, lr, betas ?? (0.9, 0.999), eps, weightDecay, amsgrad, decoupled: false)
    {
    }

    private protected Adam(IEnumerable<Tensor> parameters, double lr, (double Beta1, double Beta2) betas, double eps, double weightDecay,
        bool amsgrad, bool decoupled) : base(parameters, lr)
    {
        if (eps < 0) throw new ArgumentException($"Invalid epsilon value: {Printing.PythonFormat.Float(eps)}");
        if (betas.Beta1 is < 0 or >= 1) throw new ArgumentException($"Invalid beta parameter at index 0: {Printing.PythonFormat.Float(betas.Beta1)}");
        if (betas.Beta2 is < 0 or >= 1) throw new ArgumentException($"Invalid beta parameter at index 1: {Printing.PythonFormat.Float(betas.Beta2)}");
        if (weightDecay < 0) throw new ArgumentException($"Invalid weight_decay value: {Printing.PythonFormat.Float(weightDecay)}");
        Betas = betas;
        Eps = eps;
        WeightDecay = weightDecay;
        Amsgrad = amsgrad;
        _decoupled = decoupled;
        int n = Parameters.Count;
        _expAvg = new Array?[n];
        _expAvgSq = new Array?[n];
        _maxExpAvgSq = new Array?[n];
        _steps = new int[n];
    }

    public (double Beta1, double Beta2) Betas { get; }

    public double Eps { get; }

    public double WeightDecay { get; }

    public bool Amsgrad { get; }

    // torch.optim.Adam's single-tensor step: the scalars (bias corrections, step size) in double as
    // Python computes them, the tensor arithmetic in the parameter's type with ATen's kernels' forms:
    // lerp and add-with-alpha fused, addcmul and addcdiv as (value * t1) * t2 and (value * t1) / t2.
    protected override void Update<T>(int index, Span<T> param, ReadOnlySpan<T> grad)
    {
        var m = (T[])(_expAvg[index] ??= new T[param.Length]);
        var v = (T[])(_expAvgSq[index] ??= new T[param.Length]);
        var vMax = Amsgrad ? (T[])(_maxExpAvgSq[index] ??= new T[param.Length]) : null;
        int step = ++_steps[index];
        var (beta1, beta2) = Betas;
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        double stepSize = Lr / biasCorrection1;
        T correction2Sqrt = T.CreateTruncating(Math.Sqrt(biasCorrection2));
        T weight = T.CreateTruncating(1 - beta1), b2 = T.CreateTruncating(beta2), oneMinusB2 = T.CreateTruncating(1 - beta2);
        T eps = T.CreateTruncating(Eps), wd = T.CreateTruncating(WeightDecay), minusStep = T.CreateTruncating(-stepSize);
        T decay = T.CreateTruncating(1 - Lr * WeightDecay);
        for (int i = 0; i < param.Length; i++)
        {
            T g = grad[i];
            if (WeightDecay != 0)
            {
                if (_decoupled) param[i] *= decay;
                else g = T.FusedMultiplyAdd(wd, param[i], g);
            }
            m[i] = Lerp(m[i], g, weight);
            v[i] = v[i] * b2 + oneMinusB2 * g * g;
            T second = v[i];
            if (vMax is not null) second = vMax[i] = T.Max(vMax[i], v[i]);
            T denom = T.Sqrt(second) / correction2Sqrt + eps;
            param[i] += minusStep * m[i] / denom;
        }
    }

    // ATen's lerp: from the start for small weights, from the end for large ones.
    private static T Lerp<T>(T start, T end, T weight) where T : IFloatingPointIeee754<T> =>
        T.Abs(weight) < T.CreateTruncating(0.5)
            ? T.FusedMultiplyAdd(weight, end - start, start)
            : T.FusedMultiplyAdd(weight - T.One, end - start, end);
}

/// <summary>Adam with decoupled weight decay (the parameter shrinks by <c>1 − lr·wd</c> each step), as <c>torch.optim.AdamW</c>.</summary>
public sealed class AdamW : Adam
{
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null, double eps = 1e-8,
        double weightDecay = 1e-2, bool amsgrad = false) : base(parameters, lr, betas ?? (0.9, 0.999), eps, weightDecay, amsgrad, decoupled: true)
    {
    }
}
