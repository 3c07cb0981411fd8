// Each differentiable op's backward, written once, as PyTorch's tools/autograd/derivatives.yaml
// writes them: d.Grad is the gradient of the result, d.Input(i) the op's inputs, d.Result its
// result. The runtime evaluates these over tensors (autograd), the generator over element
// expressions (compiled Backward). What an op's backward keeps is read off its formula: the
// inputs and result it reads. Broadcast inputs get the gradient summed back to their shape by
// the caller, as PyTorch's engine does. Ops whose gradient is a re-indexing or a product of
// whole tensors (views, joins, max, matmul) have none here: see OpRow.Derivative.
namespace TensorDsl.Ops;

// The second parameter is the input whose gradient is asked for; single-input ops ignore it (_).
internal static class Derivatives
{
    public static Term Add(GradientAlgebra d, int _) => d.Grad;

    public static Term Sub(GradientAlgebra d, int input) => input == 0 ? d.Grad : -d.Grad;

    public static Term Mul(GradientAlgebra d, int input) => d.Grad * d.Input(1 - input);

    public static Term Div(GradientAlgebra d, int input) =>
        input == 0 ? d.Grad / d.Input(1) : -d.Grad * d.Input(0) / d.Input(1).Square();

    // pow_backward: zeros for the exponent 0, else grad · exponent · self^(exponent − 1). The
    // exponent (input 1) is a number and gets no gradient.
    public static Term Pow(GradientAlgebra d, int input) =>
        input == 1 ? d.Number(0) : d.WhereNonZero(d.Input(1), () => d.Grad * d.Input(1) * d.Input(0).Pow(d.Input(1) - 1));

    public static Term Neg(GradientAlgebra d, int _) => -d.Grad;

    public static Term Exp(GradientAlgebra d, int _) => d.Grad * d.Result;

    public static Term Log(GradientAlgebra d, int _) => d.Grad / d.Input(0);

    public static Term Sqrt(GradientAlgebra d, int _) => d.Grad / (2 * d.Result);

    public static Term Tanh(GradientAlgebra d, int _) => d.Grad * (1 - d.Result.Square());

    public static Term Sigmoid(GradientAlgebra d, int _) => d.Grad * d.Result * (1 - d.Result);

    // The gradient where the result is positive (its sign is 1), else 0. PyTorch's threshold_backward
    // selects instead of multiplying: it differs where the result is 0 and the gradient infinite or
    // NaN (0 there), and where the result is NaN (the gradient passes there).
    public static Term Relu(GradientAlgebra d, int _) => d.Grad * d.Result.Sign();

    public static Term Abs(GradientAlgebra d, int _) => d.Grad * d.Input(0).Sign();

    public static Term Sign(GradientAlgebra d, int _) => d.Number(0);

    public static Term Sin(GradientAlgebra d, int _) => d.Grad * d.Input(0).Cos();

    public static Term Cos(GradientAlgebra d, int _) => d.Grad * -d.Input(0).Sin();

    public static Term Log1p(GradientAlgebra d, int _) => d.Grad / (d.Input(0) + 1);

    // square is pow(self, 2): pow_backward with exponent 2.
    public static Term Square(GradientAlgebra d, int _) => d.Grad * 2 * d.Input(0);

    public static Term Reciprocal(GradientAlgebra d, int _) => -d.Grad * d.Result.Square();

    public static Term Rsqrt(GradientAlgebra d, int _) => -0.5 * d.Grad * d.Result.Pow(3);

    // clone and contiguous copy the elements: the gradient passes unchanged.
    public static Term Clone(GradientAlgebra d, int _) => d.Grad;

    // Every element of the input received the gradient of the value it was summed into.
    public static Term Sum(GradientAlgebra d, int _) => d.Unreduce(d.Grad);

    public static Term Mean(GradientAlgebra d, int _) => d.Unreduce(d.Grad) / d.Count;

    public static Term Softmax(GradientAlgebra d, int _) =>
        d.Result * (d.Grad - d.Unreduce(d.SumAlong(d.Grad * d.Result)));

    public static Term LogSoftmax(GradientAlgebra d, int _) =>
        d.Grad - d.Result.Exp() * d.Unreduce(d.SumAlong(d.Grad));
}
