using System;
using TensorDsl.Ops;
using TensorDsl.Shapes;

namespace TensorDsl;

// The kernels behind TensorDsl.NN.Functional: linear (addmm), the losses, dropout.
public sealed partial class Tensor
{
    /// <summary><c>x · wᵀ + b</c>, as <c>F.linear</c>: a 2-D input with a bias is one addmm (<c>AddmmBackward0</c>).</summary>
    internal static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        Errors.Check(ShapeRules.Linear(x.Sizes, weight.Sizes, bias?.Sizes));
        var wt = weight.T();
        if (x.Sizes.Length != 2 || bias is null)
        {
            var product = x.MatMul(wt);
            if (bias is null) return product;
            // PyTorch adds the bias in place (matmul(x, w.t()).add_(bias)): it cannot widen the product.
            if (!ShapeRules.SameShape(Errors.Check(ShapeRules.Broadcast(product.Sizes, bias.Sizes)), product.Sizes))
                throw BroadcastMismatch(product.Sizes, bias.Sizes);
            return product + bias;
        }
        // One addmm: its dtype check names the two matrices.
        if (x.DType != weight.DType)
            throw Errors.Argument($"mat1 and mat2 must have the same dtype, but got {Errors.KernelTypeName(x.DType)} and {Errors.KernelTypeName(weight.DType)}");
        Tensor values;
        using (Autograd.GradMode.Disable()) values = x.MatMul(wt) + bias;
        return Record(values, NodeName(OpKind.Linear), [bias, x, wt], g =>
        [
            SumTo(g, bias.Sizes),
            x.RequiresGrad ? g.MatMul(wt.T()) : null,
            // wt is weight.T(): its gradient is made in the weight's layout and seen transposed, so that
            // TBackward0 hands the weight a dense gradient (PyTorch's mm_mat2_backward does the same).
            wt.RequiresGrad ? g.T().MatMul(x).T() : null,
        ]);
    }

    /// <summary>
    /// The negative log-likelihood of class indices <paramref name="target"/> under log-probabilities
    /// <paramref name="input"/> (classes along dim 1, or dim 0 of a 1-D input), as <c>F.nll_loss</c>.
    /// </summary>
    internal static Tensor NllLoss(Tensor input, Tensor target, string reduction, long ignoreIndex = -100)
    {
        var mode = Reduction(reduction);
        if (input.Sizes.Length < 1) throw Errors.Argument("input tensor should be 1D or 2D");
        // nll_loss_nd's checks, in its order: the batch sizes, then the target's shape for the path taken.
        bool unbatched = input.Sizes.Length == 1;
        if (!unbatched && target.Sizes.Length > 0 && input.Sizes[0] != target.Sizes[0])
            throw Errors.Argument($"Expected input batch_size ({input.Sizes[0]}) to match target batch_size ({target.Sizes[0]}).");
        if (input.Sizes.Length <= 2 && target.Sizes.Length > 1)
            throw Errors.Argument("0D or 1D target tensor expected, multi-target not supported");
        if (unbatched && target.Sizes.Length == 1 && target.Sizes[0] != 1)
            throw Errors.Argument($"For 1D input, 1D target must have size 1, but got target size: {target.Sizes[0]}");
        if (input.Sizes.Length > 2 && (target.Sizes.Length != input.Sizes.Length - 1 || !ShapeRules.SameShape(target.Sizes[1..], input.Sizes[2..])))
            throw Errors.Argument($"Expected target size {ShapeRules.Format([input.Sizes[0], .. input.Sizes[2..]])}, got {ShapeRules.Format(target.Sizes)}");
        if (target.DType != DType.Int64)
            throw Errors.Argument($"expected scalar type Long but found {Errors.KernelTypeName(target.DType)}");
        int classDim = unbatched ? 0 : 1;
        int classes = input.Sizes[classDim];
        // Rows of classes, one per target element: [N, C, d…] with C moved last.
        var rows = input.Detach().MoveDimLast(classDim);
        var logp = rows.Read<double>();
        var t = target.Read<long>();
        var picked = new double[t.Length];
        double weight = 0;
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] == ignoreIndex) continue;
            if (t[i] < 0 || t[i] >= classes) throw new ArgumentOutOfRangeException(null, $"Target {t[i]} is out of bounds.");
            picked[i] = -logp[i * classes + t[i]];
            weight++;
        }
        var outShape = unbatched ? Array.Empty<int>() : (int[])target.Sizes.Clone();
        Tensor values = mode switch
        {
            LossReduction.None => new Tensor(picked, outShape),
            LossReduction.Sum => new Tensor(new[] { Sum(picked) }, []),
            _ => new Tensor(new[] { Sum(picked) / weight }, []),
        };
        values = values.Cast(input.DType);
        string node = input.Sizes.Length <= 2 ? NodeName(OpKind.NllLoss) : "NllLoss2DBackward0";
        // Besides 4-D inputs, nll_loss_nd runs nll_loss2d on [N, C, 1, rest] and views the unreduced loss back.
        bool viewed = mode == LossReduction.None && input.Sizes.Length > 2 && input.Sizes.Length != 4;
        if (viewed) values = values.Reshape(target.Sizes[0], 1, (int)ShapeRules.Numel(input.Sizes[2..]));
        var loss = Record(values, node, [input, target], g =>
        {
            var gv = g.Read<double>();
            var grad = new double[logp.Length];
            for (int i = 0; i < t.Length; i++)
            {
                if (t[i] == ignoreIndex) continue;
                double gi = mode == LossReduction.None ? gv[i] : mode == LossReduction.Sum ? gv[0] : gv[0] / weight;
                grad[i * classes + t[i]] = -gi;
            }
            var moved = new Tensor(grad, rows.Sizes).Cast(input.DType);
            return [MoveLastTo(moved, classDim), null];
        });
        return viewed ? loss.View(outShape) : loss;
    }

    /// <summary>The mean (or sum, or each) of <c>(input − target)²</c>, as <c>F.mse_loss</c>.</summary>
    internal static Tensor MseLoss(Tensor input, Tensor target, string reduction)
    {
        var mode = Reduction(reduction);
        Tensor diff, values;
        using (Autograd.GradMode.Disable())
        {
            diff = input - target;
            var squared = diff * diff;
            values = mode switch
            {
                LossReduction.None => squared,
                LossReduction.Sum => squared.Sum(),
                _ => squared.Mean(),
            };
        }
        int n = diff.Numel;
        return Record(values, NodeName(OpKind.MseLoss), [input, target], g =>
        {
            var scale = mode == LossReduction.Mean ? 2.0 / n : 2.0;
            var grad = diff * g * scale;
            return [SumTo(grad, input.Sizes), target.RequiresGrad ? SumTo(-grad, target.Sizes) : null];
        });
    }

    /// <summary>Each element zeroed with probability <paramref name="p"/>, the rest scaled by <c>1/(1−p)</c>, as <c>F.dropout</c>.</summary>
    internal static Tensor Dropout(Tensor x, double p, bool training)
    {
        if (p < 0 || p > 1) throw Errors.Argument($"dropout probability has to be between 0 and 1, but got {Printing.PythonFormat.Float(p)}");
        if (!training || p == 0 || x.Numel == 0) return x;
        if (p == 1) return x * Torch.ZerosLike(x);
        // A Bernoulli(1 − p) mask from the generator's uniforms, scaled: the node is the product's.
        var keep = Torch.Rand(x.Sizes, x.DType.IsFloatingPoint() ? x.DType : DType.Float32) < 1 - p;
        return x * (keep.To(x.DType) / (1 - p));
    }

    /// <summary>
    /// <paramref name="t"/> as the output of a node named <paramref name="node"/> that passes the gradient
    /// through: a composite op (an LSTM layer) shows the grad_fn PyTorch's fused kernel has.
    /// </summary>
    internal static Tensor Renamed(Tensor t, string node) =>
        Record(new Tensor(t.Storage, t.Sizes, t.Strides, t.Offset), node, [t], g => [g], savesTensors: false);

    internal enum LossReduction { None, Mean, Sum }

    internal static LossReduction Reduction(string reduction) => reduction switch
    {
        "mean" => LossReduction.Mean,
        "sum" => LossReduction.Sum,
        "none" => LossReduction.None,
        _ => throw Errors.Argument($"{reduction} is not a valid value for reduction"),
    };

    private static double Sum(double[] values)
    {
        double s = 0;
        foreach (var v in values) s += v;
        return s;
    }

    // The inverse of MoveDimLast for a contiguous [.., C] tensor: C back at dim d.
    private static Tensor MoveLastTo(Tensor t, int d)
    {
        int rank = t.Sizes.Length;
        if (d == rank - 1) return t;
        var order = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) order[i] = i == d ? rank - 1 : j++;
        return t.Permute(order).Contiguous();
    }
}
