using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

// Element-wise ops of one tensor: functions, pow, clamp, casts; their functional and module forms.
internal static partial class DiffOps
{
    private static CaseSpec AnyTensor(Draw d, Dt[]? dtypes = null, ValueKind kind = ValueKind.Any, int maxRank = 3) =>
        C(d.Tensor(d.Shape(0, maxRank), d.Dtype(dtypes ?? Draw.All), kind));

    private static IEnumerable<DiffOp> Elementwise()
    {
        var unary = new (string Name, Func<Tensor, Tensor> F)[]
        {
            ("Abs", t => t.abs()), ("Cos", t => t.cos()), ("Exp", t => t.exp()), ("Log", t => t.log()), ("Log1p", t => t.log1p()),
            ("Neg", t => t.neg()), ("Reciprocal", t => t.reciprocal()), ("Relu", t => t.relu()), ("Rsqrt", t => t.rsqrt()),
            ("Sigmoid", t => t.sigmoid()), ("Sign", t => t.sign()), ("Sin", t => t.sin()), ("Sqrt", t => t.sqrt()),
            ("Square", t => t.square()), ("Tanh", t => t.tanh()),
        };
        // relu without NaN inputs: libtorch passes the gradient at a NaN (threshold_backward tests
        // result <= 0), TensorDsl's derivative (grad · sign(result)) does not.
        foreach (var (name, f) in unary)
            yield return new($"Tensor.{name}()", d => AnyTensor(d, kind: name == "Relu" ? ValueKind.Finite : ValueKind.Any), c => L(f(c.T(0))), Count: 14)
            {
                // A bool input (an error for abs and relu), and a transposed one (the result's layout).
                Fixed = [C(Fix(Dt.Bool, [3])), C(Fix(Dt.Float32, [2, 3], Transposed))],
            };

        // -t is Python's t.neg(); ~t is bitwise_not (logical not for bools).
        yield return new("Tensor.op_UnaryNegation(Tensor)", d => AnyTensor(d), c => L(c.T(0).neg()));
        yield return new("Tensor.op_OnesComplement(Tensor)", d => AnyTensor(d), c => L(c.T(0).bitwise_not()));

        // F.relu/sigmoid/tanh and the activation modules: Python's are input.relu() etc.
        yield return new("Functional.Relu(Tensor)", d => AnyTensor(d, kind: ValueKind.Finite), c => L(nn.functional.relu(c.T(0))));
        yield return new("Functional.Sigmoid(Tensor)", d => AnyTensor(d), c => L(c.T(0).sigmoid()));
        yield return new("Functional.Tanh(Tensor)", d => AnyTensor(d), c => L(c.T(0).tanh()));
        foreach (var (type, f) in new (string, Func<Tensor, Tensor>)[] { ("ReLU", t => t.relu()), ("Sigmoid", t => t.sigmoid()), ("Tanh", t => t.tanh()) })
        {
            yield return new($"{type}.Forward(Tensor)", d =>
            {
                var c = AnyTensor(d, kind: type == "ReLU" ? ValueKind.Finite : ValueKind.Any);
                c.Module = new ModuleSpec(type, []);
                return c;
            }, c => L(f(c.T(0))), Count: 6);
        }

        // pow with an integer exponent (pow.Tensor_Scalar; x ** 2 in Python), negative ones included.
        yield return new("Tensor.Pow(long)", d => C(d.Tensor(d.Shape(), d.Dtype(Draw.All)), (long)d.Int(-2, 3)), c => L(c.T(0).pow(c.L(1))), Count: 14);
        yield return new("Tensor.Pow(double)", d => C(d.Tensor(d.Shape(), d.Dtype(Draw.All)), d.Pick(0.5, -1.5, 2.0, 3.0, 0.0, 1.0, -2.0, 2.5)), c => L(c.T(0).pow(c.D(1))), Count: 14);

        // clamp(min, max) with either bound missing (both missing is an error).
        yield return new("Tensor.Clamp(double?, double?)", d =>
        {
            double? min = d.Coin(0.7) ? d.Pick(-1.0, -0.5, 0.0, 0.25, 1.5) : null;
            double? max = d.Coin(0.7) ? d.Pick(-0.25, 0.0, 0.5, 1.0, 2.0) : null;
            return C(d.Tensor(d.Shape(), d.Dtype(Draw.All)), min, max);
        }, c => L(c.T(0).clamp(c.Has(1) ? c.D(1) : null, c.Has(2) ? c.D(2) : null)), Count: 14);

        // x.to(dtype): the same dtype returns x itself.
        // Finite values: a NaN or an infinity cast to an integer is undefined behaviour.
        yield return new("Tensor.To(DType)", d => C(d.Tensor(d.Shape(), d.Dtype(Draw.All), ValueKind.Finite), new DTypeArg(d.Dtype(Draw.All))), c => L(c.T(0).to(c.Dtype(1)!.Value)), Count: 14)
        {
            Fixed = [C(Fix(Dt.Float32, [2, 3], Transposed), new DTypeArg(Dt.Float64))],
        };

        // A C# double where a tensor is expected: ATen's wrapped number, a float64 0-dim tensor.
        yield return new("Tensor.op_Implicit(double)", d => C(d.Value(Dt.Float64)), c => L(torch.tensor(c.D(0), ScalarType.Float64)), Count: 3);
    }
}
