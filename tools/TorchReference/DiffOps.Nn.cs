using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

// TensorDsl.NN: the functionals and every module's Forward, with the ATen calls PyTorch's Python
// code makes (F.nll_loss is nll_loss_nd, F.cross_entropy cross_entropy_loss, F.mse_loss mse_loss on
// broadcast operands; the modules' forward the functionals, LSTM and LSTMCell libtorch's modules
// with Python's handling of unbatched inputs).
internal static partial class DiffOps
{
    private static InputSpec Param(Draw d, string name, params long[] shape) =>
        new() { Dtype = Dt.Float32, Shape = shape, Values = d.Values(Dt.Float32, Draw.Numel(shape), ValueKind.Finite), Param = name };

    private static long Reduction(string r) => r switch { "none" => 0, "mean" => 1, _ => 2 };

    /// <summary>log-probabilities or logits [N, C, d…] or [C], and class targets (some ignored, some out of range).</summary>
    private static CaseSpec LossCase(Draw d, bool withOptions)
    {
        int rank = d.Pick(1, 2, 2, 3);
        long n = d.Int(1, 3), classes = d.Int(2, 4), extra = d.Int(1, 2);
        long[] shape = rank switch { 1 => [classes], 2 => [n, classes], _ => [n, classes, extra] };
        long[] targetShape = rank switch { 1 => [], 2 => [n], _ => [n, extra] };
        if (d.Coin(0.05)) targetShape = [n + 1];
        long ignore = d.Pick(-100L, 0L, 1L);
        var targets = d.Indices(Draw.Numel(targetShape), classes, outP: 0.03);
        if (d.Coin(0.3) && targets.Length > 0) targets[0] = ignore;
        var x = d.Tensor(shape, d.Coin(0.85) ? Dt.Float32 : Dt.Float64, ValueKind.Finite);
        // A float target of the input's shape means class probabilities to cross_entropy, which TensorDsl does not take.
        bool probabilities = shape.AsSpan().SequenceEqual(targetShape);
        var target = new InputSpec { Dtype = d.Coin(0.93) || probabilities ? Dt.Int64 : Dt.Float32, Shape = targetShape, Values = targets };
        return withOptions ? C(x, target, d.Pick("mean", "sum", "none"), ignore) : C(x, target);
    }

    private static CaseSpec MseCase(Draw d, bool withOptions)
    {
        var (a, b) = d.Coin(0.7) ? (d.Shape(0, 3, 12), null) : d.BroadcastPair(3, 0);
        // The target has the input's dtype: with another one libtorch's forward runs and its backward
        // fails ("Found dtype Long but expected Float"), which TensorDsl does not copy.
        var x = d.Tensor(a, d.Coin(0.85) ? Dt.Float32 : Dt.Float64, ValueKind.Finite);
        var y = d.Tensor(b ?? a, x.Dtype, ValueKind.Finite);
        return withOptions ? C(x, y, d.Pick("mean", "sum", "none")) : C(x, y);
    }

    private static List<Tensor> NllLoss(Tensor x, Tensor t, string reduction, long ignore) =>
        L((Tensor)Script("def f(x: Tensor, t: Tensor, r: int, i: int):\n  return torch.nll_loss_nd(x, t, None, r, i)", x, t, Reduction(reduction), ignore));

    private static List<Tensor> CrossEntropy(Tensor x, Tensor t, string reduction, long ignore) =>
        L((Tensor)Script("def f(x: Tensor, t: Tensor, r: int, i: int):\n  return torch.cross_entropy_loss(x, t, None, r, i, 0.0)", x, t, Reduction(reduction), ignore));

    private static List<Tensor> MseLoss(Tensor x, Tensor t, string reduction) =>
        L((Tensor)Script("def f(x: Tensor, t: Tensor, r: int):\n  a, b = torch.broadcast_tensors([x, t])\n  return torch.mse_loss(a, b, r)", x, t, Reduction(reduction)));

    private static CaseSpec LinearCase(Draw d, bool module)
    {
        long inF = d.Int(1, 4), outF = d.Int(1, 4);
        var x = d.Tensor([.. d.Shape(0, 2, 6), d.Coin(0.06) ? inF + 1 : inF], d.Coin(0.9) ? Dt.Float32 : Dt.Float64, ValueKind.Finite);
        bool bias = d.Coin(0.7);
        if (module)
        {
            var c = C(x);
            c.Inputs.Add(Param(d, "weight", outF, inF));
            if (bias) c.Inputs.Add(Param(d, "bias", outF));
            c.Module = new ModuleSpec("Linear", [inF, outF, bias]);
            return c;
        }
        var w = d.Tensor(d.Coin(0.9) ? [outF, inF] : [inF], Dt.Float32, ValueKind.Finite);
        return bias ? C(x, w, d.Tensor(d.Coin(0.9) ? [outF] : [], Dt.Float32, ValueKind.Finite)) : C(x, w);
    }

    private static CaseSpec EmbeddingCase(Draw d, bool module)
    {
        long n = d.Int(1, 5), dim = d.Int(1, 3);
        var shape = d.Shape(0, 2, 6);
        var indices = new InputSpec { Dtype = d.Coin(0.8) ? Dt.Int64 : d.Pick(Dt.Int32, Dt.Float32), Shape = shape, Values = d.Indices(Draw.Numel(shape), n, outP: 0.03) };
        if (!module) return C(indices, d.Tensor([n, dim], Dt.Float32, ValueKind.Finite));
        var c = C(indices);
        c.Inputs.Add(Param(d, "weight", n, dim));
        c.Module = new ModuleSpec("Embedding", [n, dim]);
        return c;
    }

    private static IEnumerable<DiffOp> Nn()
    {
        yield return new("Functional.Linear(Tensor, Tensor, Tensor)", d => LinearCase(d, false), c => L(nn.functional.linear(c.T(0), c.T(1), c.MaybeT(2))), Count: 16);
        yield return new("Linear.Forward(Tensor)", d => LinearCase(d, true), c => L(nn.functional.linear(c.T(0), c.Inputs[1], c.Inputs.Count > 2 ? c.Inputs[2] : null)), Count: 10);
        yield return new("Functional.Embedding(Tensor, Tensor)", d => EmbeddingCase(d, false), c => Embedding(c.T(0), c.T(1)), Count: 12);
        yield return new("Embedding.Forward(Tensor)", d => EmbeddingCase(d, true), c => Embedding(c.T(0), c.Inputs[1]), Count: 8);

        yield return new("Functional.NllLoss(Tensor, Tensor, string, long)", d => LossCase(d, true), c => NllLoss(c.T(0), c.T(1), c.S(2, "mean"), c.L(3)), Count: 16);
        yield return new("Functional.CrossEntropy(Tensor, Tensor, string, long)", d => LossCase(d, true), c => CrossEntropy(c.T(0), c.T(1), c.S(2, "mean"), c.L(3)), Count: 16);
        yield return new("Functional.MseLoss(Tensor, Tensor, string)", d => MseCase(d, true), c => MseLoss(c.T(0), c.T(1), c.S(2, "mean")), Count: 12);
        foreach (var (type, withIgnore) in new[] { ("NllLoss", true), ("CrossEntropyLoss", true), ("MseLoss", false) })
        {
            yield return new($"{type}.Forward(Tensor, Tensor)", d =>
            {
                var c = type == "MseLoss" ? MseCase(d, false) : LossCase(d, false);
                string reduction = d.Pick("mean", "sum", "none");
                c.Module = new ModuleSpec(type, withIgnore ? [reduction, d.Pick(-100L, 0L, 1L)] : [reduction]);
                return c;
            }, c =>
            {
                var m = c.Spec.Module!;
                string reduction = (string)m.Ctor[0]!;
                return type switch
                {
                    "NllLoss" => NllLoss(c.T(0), c.T(1), reduction, (long)m.Ctor[1]!),
                    "CrossEntropyLoss" => CrossEntropy(c.T(0), c.T(1), reduction, (long)m.Ctor[1]!),
                    _ => MseLoss(c.T(0), c.T(1), reduction),
                };
            }, Count: 10);
        }

        // dropout: deterministic at p = 0 and 1 and in eval mode; otherwise the masks are TensorDsl's
        // own (PyTorch's CPU Bernoulli draws come from MKL), so only shapes and nodes are compared.
        CaseSpec DropoutCase(Draw d, bool module)
        {
            // nn.Dropout rejects p outside [0, 1] in its constructor (Python code): only the functional gets 1.5.
            double p = d.Pick(0.0, 1.0, 0.5, 0.25, d.Coin(0.3) && !module ? 1.5 : 0.5);
            bool training = d.Coin(0.7);
            var x = d.Tensor(d.Shape(0, 3, 12), d.Coin(0.9) ? Dt.Float32 : Dt.Float64);
            var c = module ? C(x) : C(x, p, training);
            if (module) c.Module = new ModuleSpec("Dropout", [p], Eval: !training);
            c.Seed = d.Int(0, 100);
            c.CompareValues = !training || p is 0.0 or 1.0;
            return c;
        }
        yield return new("Functional.Dropout(Tensor, double, bool)", d => DropoutCase(d, false), c => Dropout(c.T(0), c.D(1), c.B(2, true)), Count: 12);
        yield return new("Dropout.Forward(Tensor)", d => DropoutCase(d, true), c => Dropout(c.T(0), (double)c.Spec.Module!.Ctor[0]!, !c.Spec.Module.Eval), Count: 8);

        yield return new("Sequential.Forward(Tensor)", d =>
        {
            long inF = d.Int(1, 4), hidden = d.Int(1, 4), outF = d.Int(1, 3);
            var activation = d.Pick("ReLU", "Tanh", "Sigmoid");
            var c = C(d.Tensor([.. d.Shape(0, 2, 6), inF], Dt.Float32, ValueKind.Finite));
            c.Inputs.AddRange([Param(d, "0.weight", hidden, inF), Param(d, "0.bias", hidden), Param(d, "2.weight", outF, hidden), Param(d, "2.bias", outF)]);
            c.Module = new ModuleSpec("Sequential", [], [new("Linear", [inF, hidden, true]), new(activation, []), new("Linear", [hidden, outF, true])]);
            return c;
        }, c =>
        {
            var h = nn.functional.linear(c.T(0), c.Inputs[1], c.Inputs[2]);
            h = c.Spec.Module!.Layers![1].Type switch { "ReLU" => h.relu(), "Tanh" => h.tanh(), _ => h.sigmoid() };
            return L(nn.functional.linear(h, c.Inputs[3], c.Inputs[4]));
        }, Count: 8);

        foreach (bool withState in new[] { false, true })
        {
            yield return new(withState ? "Lstm.Forward(Tensor, ValueTuple<Tensor, Tensor>?)" : "Lstm.Forward(Tensor)", d => LstmCase(d, withState), Lstm, Count: 8);
            yield return new(withState ? "LstmCell.Forward(Tensor, ValueTuple<Tensor, Tensor>?)" : "LstmCell.Forward(Tensor)", d => LstmCellCase(d, withState), LstmCell, Count: 8);
        }
    }

    private static List<Tensor> Embedding(Tensor indices, Tensor weight) =>
        L((Tensor)Script("def f(i: Tensor, w: Tensor):\n  return torch.embedding(w, i)", indices, weight));

    private static List<Tensor> Dropout(Tensor x, double p, bool training) =>
        L((Tensor)Script("def f(x: Tensor, p: float, t: bool):\n  return torch.dropout(x, p, t)", x, p, training));

    private static CaseSpec LstmCase(Draw d, bool withState)
    {
        long input = d.Int(1, 3), hidden = d.Int(1, 3), layers = d.Int(1, 2), steps = d.Int(1, 3), batch = d.Int(1, 2);
        bool batched = d.Coin(0.7);
        var x = d.Tensor(batched ? [steps, batch, input] : [steps, input], Dt.Float32, ValueKind.Finite, viewP: 0.2);
        object?[] args = [x];
        if (withState)
        {
            long[] s = batched ? [layers, batch, hidden] : [layers, hidden];
            args = d.Coin(0.15) ? [x, null] : [x, (d.Tensor(s, Dt.Float32, ValueKind.Finite), d.Tensor(s, Dt.Float32, ValueKind.Finite))];
        }
        var c = C(args);
        for (int k = 0; k < layers; k++)
        {
            long inK = k == 0 ? input : hidden;
            c.Inputs.AddRange([Param(d, $"weight_ih_l{k}", 4 * hidden, inK), Param(d, $"weight_hh_l{k}", 4 * hidden, hidden), Param(d, $"bias_ih_l{k}", 4 * hidden), Param(d, $"bias_hh_l{k}", 4 * hidden)]);
        }
        c.Module = new ModuleSpec("Lstm", [input, hidden, layers]);
        return c;
    }

    private static CaseSpec LstmCellCase(Draw d, bool withState)
    {
        long input = d.Int(1, 3), hidden = d.Int(1, 3), batch = d.Int(1, 3);
        bool batched = d.Coin(0.7);
        var x = d.Tensor(batched ? [batch, input] : [input], Dt.Float32, ValueKind.Finite, viewP: 0.2);
        object?[] args = [x];
        if (withState)
        {
            long[] s = batched ? [batch, hidden] : [hidden];
            args = d.Coin(0.15) ? [x, null] : [x, (d.Tensor(s, Dt.Float32, ValueKind.Finite), d.Tensor(s, Dt.Float32, ValueKind.Finite))];
        }
        var c = C(args);
        c.Inputs.AddRange([Param(d, "weight_ih", 4 * hidden, input), Param(d, "weight_hh", 4 * hidden, hidden), Param(d, "bias_ih", 4 * hidden), Param(d, "bias_hh", 4 * hidden)]);
        c.Module = new ModuleSpec("LstmCell", [input, hidden]);
        return c;
    }

    // libtorch's module with the case's parameters; the gradients are read from its parameters.
    private static void LoadParameters(Call c, nn.Module module)
    {
        using (torch.no_grad())
        {
            foreach (var (name, p) in module.named_parameters())
            {
                int k = c.Spec.Inputs.FindIndex(i => i.Param == name);
                p.copy_(c.Inputs[k]);
                c.GradSources[k] = p;
            }
        }
    }

    // nn.LSTM.forward: an unbatched [L, in] input runs as [L, 1, in] and comes out squeezed.
    private static List<Tensor> Lstm(Call c)
    {
        var ctor = c.Spec.Module!.Ctor;
        var module = nn.LSTM((long)ctor[0]!, (long)ctor[1]!, (long)ctor[2]!);
        LoadParameters(c, module);
        var x = c.T(0);
        bool batched = x.dim() == 3;
        (Tensor, Tensor)? state = c.Arg(1) is StateArg s ? (c.Inputs[s.H], c.Inputs[s.C]) : null;
        if (!batched)
        {
            x = x.unsqueeze(1);
            if (state is var (h, cc)) state = (h.unsqueeze(1), cc.unsqueeze(1));
        }
        // No state: zeros [layers, N, hidden], as nn.LSTM.forward makes them.
        var zeros = torch.zeros([(long)ctor[2]!, x.shape[1], (long)ctor[1]!], x.dtype);
        var (output, hn, cn) = module.call(x, state ?? (zeros, zeros));
        return batched ? L(output, hn, cn) : L(output.squeeze(1), hn.squeeze(1), cn.squeeze(1));
    }

    // nn.LSTMCell.forward: an unbatched [in] input runs as [1, in] and comes out squeezed.
    private static List<Tensor> LstmCell(Call c)
    {
        var ctor = c.Spec.Module!.Ctor;
        var module = nn.LSTMCell((long)ctor[0]!, (long)ctor[1]!);
        LoadParameters(c, module);
        var x = c.T(0);
        bool batched = x.dim() == 2;
        (Tensor, Tensor)? state = c.Arg(1) is StateArg s ? (c.Inputs[s.H], c.Inputs[s.C]) : null;
        if (!batched)
        {
            x = x.unsqueeze(0);
            if (state is var (h, cc)) state = (h.unsqueeze(0), cc.unsqueeze(0));
        }
        // No state: zeros [N, hidden], as nn.LSTMCell.forward makes them (TorchSharp's own default
        // has batch size 0 and fails).
        var zeros = torch.zeros([x.shape[0], (long)ctor[1]!], x.dtype);
        var (h1, c1) = module.call(x, state ?? (zeros, zeros));
        return batched ? L(h1, c1) : L(h1.squeeze(0), c1.squeeze(0));
    }
}
