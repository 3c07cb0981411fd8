using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using TensorDsl.NN;

namespace TensorDsl.Optim;

/// <summary>
/// The base of the optimizers, as <c>torch.optim.Optimizer</c>: it holds the parameters, updates
/// them in place (so every reference to a parameter sees the new values) and clears their gradients.
/// </summary>
public abstract class Optimizer
{
    protected Optimizer(IEnumerable<Tensor> parameters, double lr)
    {
        if (lr < 0) throw new ArgumentException($"Invalid learning rate: {Printing.PythonFormat.Float(lr)}");
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0) throw new ArgumentException("optimizer got an empty parameter list");
        foreach (var p in Parameters)
        {
            if (!p.IsLeaf) throw new ArgumentException("can't optimize a non-leaf Tensor");
            if (!p.DType.IsFloatingPoint()) throw new ArgumentException("optimizers need floating-point parameters");
            if (!p.IsDense)
                throw new ArgumentException("optimizers update parameters in place: a parameter must own its storage (not be a view)");
        }
        Lr = lr;
    }

    /// <summary>The parameters, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The learning rate; may be changed between steps (a schedule).</summary>
    public double Lr { get; set; }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        using var _ = Torch.NoGrad();
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.Grad is not { } grad) continue;
            var g = grad.IsDense && grad.DType == p.DType ? grad : grad.Contiguous().To(p.DType);
            if (p.Storage is float[] f) Update(i, f.AsSpan(), ((float[])g.ContiguousStorage()).AsSpan());
            else Update(i, ((double[])p.Storage).AsSpan(), ((double[])g.ContiguousStorage()).AsSpan());
            p.BumpVersion();
        }
    }

    /// <summary>Clears the gradients: to null, or to zeros in place with <paramref name="setToNone"/> false.</summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in Parameters) Module.ClearGrad(p, setToNone);
    }

    /// <summary>Updates parameter <paramref name="index"/> (its elements) from its gradient, in the parameter's type.</summary>
    protected abstract void Update<T>(int index, Span<T> param, ReadOnlySpan<T> grad) where T : unmanaged, IFloatingPointIeee754<T>;
}
