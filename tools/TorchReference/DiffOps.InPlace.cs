using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

// In-place ops and nn.init's fills. The receiver is mostly a clone (a non-leaf, through which the
// gradient reaches its base), now and then a leaf that requires grad (an error for floats) or one
// that does not.
internal static partial class DiffOps
{
    private static InputSpec Receiver(Draw d, long[] shape, Dt dtype, double viewP = 0.3, bool expand = true)
    {
        var x = d.Tensor(shape, dtype, viewP: viewP, expand: expand);
        double u = d.Uniform();
        if (u < 0.7) return new InputSpec { Dtype = x.Dtype, Shape = x.Shape, Values = x.Values, View = [new("clone", []), .. x.View] };
        return u < 0.85 ? x : new InputSpec { Dtype = x.Dtype, Shape = x.Shape, Values = x.Values, View = x.View, Grad = false };
    }

    private static CaseSpec InPlaceTensor(Draw d, Dt[] dtypes, params object[] more)
    {
        var s = d.Shape(0, 3, 16);
        // Finite: a NaN cast to an integer is undefined behaviour, whose result differs by machine.
        var other = d.Tensor(d.Coin(0.93) ? Broadcastable(d, s) : [.. s, 2], d.Dtype(dtypes), ValueKind.Finite);
        return C([Receiver(d, s, d.Dtype(dtypes)), other, .. more]);
    }

    private static CaseSpec InPlaceNumber(Draw d, object number) => C(Receiver(d, d.Shape(0, 3, 16), d.Dtype(Draw.All)), number);

    private static IEnumerable<DiffOp> InPlace()
    {
        // Python's x.add_(2.5) passes a wrapped number to add_.Tensor (AddBackward0), as Num does.
        var ops = new (string Name, Func<Tensor, Tensor, Tensor> F)[]
        {
            ("Add_", (x, y) => x.add_(y)), ("Sub_", (x, y) => x.sub_(y)), ("Mul_", (x, y) => x.mul_(y)), ("Div_", (x, y) => x.div_(y)),
        };
        foreach (var (name, f) in ops)
        {
            yield return new($"Tensor.{name}(Tensor)", d => InPlaceTensor(d, Draw.All), c => L(f(c.T(0), c.T(1))), Count: 14);
            yield return new($"Tensor.{name}(double)", d => InPlaceNumber(d, Number(d)), c => L(f(c.T(0), Num(c.T(0), c.D(1)))), Count: 10);
            if (name != "Div_")
                yield return new($"Tensor.{name}(long)", d => InPlaceNumber(d, Integer(d)), c => L(f(c.T(0), Num(c.T(0), c.L(1)))), Count: 10);
        }
        yield return new("Tensor.Add_(Tensor, double)", d => InPlaceTensor(d, Draw.All, d.Pick(2.0, -0.5, 1.5)), c => L(c.T(0).add_(c.T(1), c.D(2))), Count: 12);
        yield return new("Tensor.Clamp_(double?, double?)", d =>
        {
            double? min = d.Coin(0.7) ? d.Pick(-1.0, -0.5, 0.0, 0.25) : null;
            double? max = d.Coin(0.7) ? d.Pick(-0.25, 0.0, 0.5, 2.0) : null;
            return C(Receiver(d, d.Shape(0, 3, 16), d.Dtype(Draw.All)), min, max);
        }, c => L(c.T(0).clamp_(c.Has(1) ? c.D(1) : null, c.Has(2) ? c.D(2) : null)), Count: 12);
        // zero_ through TorchScript: TorchSharp's zero_() is zeros(out=self), not aten::zero_.
        // fill_ and zero_ write an expanded receiver without complaint; libtorch's backward through it
        // then fails, which TensorDsl does not copy: no expanded receivers for them.
        yield return new("Tensor.Zero_()", d => C(Receiver(d, d.Shape(0, 3, 16), d.Dtype(Draw.All), expand: false)), c => L((Tensor)Script("def f(x: Tensor):\n  return x.zero_()", c.T(0))), Count: 8);
        yield return new("Tensor.Fill_(double)", d => C(Receiver(d, d.Shape(0, 3, 16), d.Dtype(Draw.All), expand: false), Number(d)), c => L(c.T(0).fill_(c.D(1))), Count: 10);
        yield return new("Tensor.Copy_(Tensor)", d => InPlaceTensor(d, Draw.All), c => L(c.T(0).copy_(c.T(1))), Count: 14);

        // Random fills: torch.manual_seed(seed), or a generator of its own. Contiguous receivers only:
        // libtorch fills a non-contiguous one element by element in memory order (its serial kernel),
        // which TensorDsl does not (yet).
        yield return new("Tensor.Uniform_(double, double, Generator)", d =>
            Seeded(d.Int(0, 1000), Receiver(d, d.Shape(0, 3, 20), d.Dtype(Draw.All), viewP: 0), d.Pick(0.0, -1.0, 2.0), d.Pick(1.0, 3.0, 0.5), d.Coin(0.3) ? new GenArg(d.Int(0, 100)) : null),
            c => L(c.T(0).uniform_(c.D(1), c.D(2), c.Gen(3))), Count: 10);
        yield return new("Tensor.Normal_(double, double, Generator)", d =>
            Seeded(d.Int(0, 1000), Receiver(d, d.Shape(0, 3, 20), d.Dtype(Draw.All), viewP: 0), d.Pick(0.0, -1.0, 2.0), d.Pick(1.0, 3.0, 0.5), d.Coin(0.3) ? new GenArg(d.Int(0, 100)) : null),
            c => L(c.T(0).normal_(c.D(1), c.D(2), c.Gen(3))), Count: 10);

        // nn.init (under no_grad, on leaves that require grad). Python's warns and does nothing on
        // zero-element tensors, which libtorch's C++ init does not know: the shapes have no size-0 dim.
        CaseSpec Init(Draw d, int minRank, params object[] more) =>
            Seeded(d.Int(0, 1000), [d.Tensor(d.Shape(minRank, 3, 20, zero: false), d.Coin(0.8) ? Dt.Float32 : Dt.Float64, viewP: 0), .. more]);
        yield return new("Init.KaimingUniform_(Tensor, double)", d => Init(d, 2, d.Pick(0.0, Math.Sqrt(5), 1.0)), c => L(nn.init.kaiming_uniform_(c.T(0), c.D(1))), Count: 8);
        yield return new("Init.Normal_(Tensor, double, double)", d => Init(d, 0, d.Pick(0.0, 1.0), d.Pick(1.0, 0.5)), c => L(nn.init.normal_(c.T(0), c.D(1), c.D(2))), Count: 8);
        yield return new("Init.Uniform_(Tensor, double, double)", d => Init(d, 0, d.Pick(0.0, -1.0), d.Pick(1.0, 0.5)), c => L(nn.init.uniform_(c.T(0), c.D(1), c.D(2))), Count: 8);
        yield return new("Init.Zeros_(Tensor)", d => Init(d, 0), c => L(nn.init.zeros_(c.T(0))), Count: 4);
    }
}
