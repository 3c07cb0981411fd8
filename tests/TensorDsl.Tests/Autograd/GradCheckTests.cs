using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Sdk;
using static TensorDsl.Tests.GradCheck;
using F = TensorDsl.NN.Functional;

namespace TensorDsl.Tests;

/// <summary>Every differentiable op's backward against finite differences (float64), broadcasting and views included.</summary>
public class GradCheckTests
{
    private static readonly Dictionary<string, Action> Cases = new()
    {
        // ---- arithmetic with broadcasting --------------------------------------------------
        ["add [3,1] + [4]"] = () => Check((a, b) => a + b, Randn(1, 3, 1), Randn(2, 4)),
        ["add [2,3] + [2,3]"] = () => Check((a, b) => a + b, Randn(1, 2, 3), Randn(2, 2, 3)),
        ["add [2,1,3] + [4,1] + 0-dim"] = () => Check((a, b, c) => a + b + c, Randn(1, 2, 1, 3), Randn(2, 4, 1), Randn(3)),
        ["add tensor + number, number + tensor"] = () => Check(a => (a + 1.5) + (2.0 + a) + (a + 3L), Randn(1, 2, 3)),
        ["sub [2,3] - [3]"] = () => Check((a, b) => a - b, Randn(1, 2, 3), Randn(2, 3)),
        ["sub [3] - [2,3]"] = () => Check((a, b) => a - b, Randn(1, 3), Randn(2, 2, 3)),
        ["sub number - tensor (rsub)"] = () => Check(a => 2.0 - a, Randn(1, 2, 3)),
        ["sub tensor - number"] = () => Check(a => a - 2.0 - 1L, Randn(1, 2, 3)),
        ["mul [2,3] * [3]"] = () => Check((a, b) => a * b, Randn(1, 2, 3), Randn(2, 3)),
        ["mul [2,1] * [1,3]"] = () => Check((a, b) => a * b, Randn(1, 2, 1), Randn(2, 1, 3)),
        ["mul by 0-dim tensor"] = () => Check((a, b) => a * b, Randn(1, 2, 3), Randn(2)),
        ["mul by numbers"] = () => Check(a => 3.0 * a * 0.5 * 2L, Randn(1, 4)),
        ["div [2,3] / [2,1]"] = () => Check((a, b) => a / b, Randn(1, 2, 3), Positive(2, 2, 1)),
        ["div [3] / [2,3]"] = () => Check((a, b) => a / b, Randn(1, 3), Positive(2, 2, 3)),
        ["div by number"] = () => Check(a => a / 4.0 / 2L, Randn(1, 2, 3)),
        ["div number / tensor"] = () => Check(a => 2.0 / a + 3L / a, Positive(1, 2, 3)),
        ["neg and unary minus"] = () => Check(a => -a + a.Neg() * 2.0, Randn(1, 2, 3)),
        ["reused input x * x + x"] = () => Check(x => x * x + x, Randn(1, 3, 2)),
        ["reused input through two paths"] = () => Check((x, y) => (x * y).Exp() + x / y.Exp() - x, Randn(1, 2, 3), Randn(2, 3)),
        ["same tensor as both operands"] = () => Check(x => x / x + x - x * x, Positive(1, 4)),

        // ---- unary functions ---------------------------------------------------------------
        ["exp"] = () => Check(a => a.Exp(), Randn(1, 2, 3)),
        ["log (positive)"] = () => Check(a => a.Log(), Positive(1, 2, 3)),
        ["sqrt (positive)"] = () => Check(a => a.Sqrt(), Positive(1, 2, 3)),
        ["tanh"] = () => Check(a => a.Tanh(), Randn(1, 2, 3)),
        ["sigmoid"] = () => Check(a => a.Sigmoid(), Randn(1, 2, 3)),
        ["relu (away from 0)"] = () => Check(a => a.Relu(), AwayFromZero(1, 3, 4)),
        ["abs (away from 0)"] = () => Check(a => a.Abs(), AwayFromZero(1, 3, 4)),
        ["pow 2"] = () => Check(a => a.Pow(2), Randn(1, 2, 3)),
        ["pow 3"] = () => Check(a => a.Pow(3), Randn(1, 2, 3)),
        ["pow 1"] = () => Check(a => a.Pow(1), Randn(1, 2, 3)),
        ["pow 0"] = () => Check(a => a.Pow(0) + a, Randn(1, 2, 3)),
        ["pow -1 (away from 0)"] = () => Check(a => a.Pow(-1), AwayFromZero(1, 2, 3)),
        ["pow -2 (away from 0)"] = () => Check(a => a.Pow(-2), AwayFromZero(1, 2, 3)),
        ["pow 0.5 (positive)"] = () => Check(a => a.Pow(0.5), Positive(1, 2, 3)),
        ["pow 1.5 (positive)"] = () => Check(a => a.Pow(1.5), Positive(1, 2, 3)),
        ["pow -0.7 (positive)"] = () => Check(a => a.Pow(-0.7), Positive(1, 2, 3)),
        ["sin"] = () => Check(a => a.Sin(), Randn(1, 2, 3)),
        ["cos"] = () => Check(a => a.Cos(), Randn(1, 2, 3)),
        ["log1p (above -1)"] = () => Check(a => a.Log1p(), Positive(1, 2, 3) - 1.2),
        ["square"] = () => Check(a => a.Square(), Randn(1, 2, 3)),
        ["reciprocal (away from 0)"] = () => Check(a => a.Reciprocal(), AwayFromZero(1, 2, 3)),
        ["rsqrt (positive)"] = () => Check(a => a.Rsqrt(), Positive(1, 2, 3)),
        ["sign (away from 0): a zero gradient"] = () => Check(a => a.Sign() * 2.0 + a, AwayFromZero(1, 2, 3)),

        // ---- reductions --------------------------------------------------------------------
        ["sum all"] = () => Check(a => a.Sum(), Randn(1, 2, 3, 4)),
        ["sum 0-dim"] = () => Check(a => a.Sum() * a, Randn(1)),
        ["sum dim 0"] = () => Check(a => a.Sum(0), Randn(1, 2, 3, 4)),
        ["sum dim 1 keepDim"] = () => Check(a => a.Sum(1, keepDim: true), Randn(1, 2, 3, 4)),
        ["sum dim -1"] = () => Check(a => a.Sum(-1), Randn(1, 2, 3, 4)),
        ["sum dim 2 keepDim"] = () => Check(a => a.Sum(2, keepDim: true), Randn(1, 2, 3, 4)),
        ["mean all"] = () => Check(a => a.Mean(), Randn(1, 2, 3, 4)),
        ["mean dim 0 keepDim"] = () => Check(a => a.Mean(0, keepDim: true), Randn(1, 2, 3, 4)),
        ["mean dim 1"] = () => Check(a => a.Mean(1), Randn(1, 2, 3, 4)),
        ["mean dim -1 keepDim"] = () => Check(a => a.Mean(-1, keepDim: true), Randn(1, 2, 3, 4)),
        ["max all (no ties)"] = () => Check(a => a.Max(), Distinct(1, 3, 4)),
        ["max dim 0 (no ties)"] = () => Check(a => a.Max(0).Values, Distinct(1, 3, 4)),
        ["max dim 1 keepDim (no ties)"] = () => Check(a => a.Max(1, keepDim: true).Values, Distinct(1, 3, 4)),
        ["max dim -1 of 3-D (no ties)"] = () => Check(a => a.Max(-1).Values, Distinct(1, 2, 3, 4)),
        ["max dim 1 of a transposed view"] = () => Check(a => a.T().Max(1).Values, Distinct(1, 3, 4)),
        ["softmax dim 0"] = () => Check(a => a.Softmax(0), Randn(1, 2, 3, 4)),
        ["softmax dim 1"] = () => Check(a => a.Softmax(1), Randn(1, 2, 3, 4)),
        ["softmax dim 2"] = () => Check(a => a.Softmax(2), Randn(1, 2, 3, 4)),
        ["softmax dim -2"] = () => Check(a => a.Softmax(-2), Randn(1, 2, 3, 4)),
        ["log-softmax dim 0"] = () => Check(a => a.LogSoftmax(0), Randn(1, 2, 3, 4)),
        ["log-softmax dim 1"] = () => Check(a => a.LogSoftmax(1), Randn(1, 2, 3, 4)),
        ["log-softmax dim 2"] = () => Check(a => a.LogSoftmax(2), Randn(1, 2, 3, 4)),
        ["log-softmax dim -1"] = () => Check(a => a.LogSoftmax(-1), Randn(1, 2, 3, 4)),
        ["softmax of a permuted view"] = () => Check(a => a.Permute(2, 0, 1).Softmax(1), Randn(1, 2, 3, 4)),

        // ---- matmul ------------------------------------------------------------------------
        ["matmul 1-D . 1-D"] = () => Check((a, b) => a.MatMul(b), Randn(1, 4), Randn(2, 4)),
        ["matmul 2-D x 1-D"] = () => Check((a, b) => a.MatMul(b), Randn(1, 3, 4), Randn(2, 4)),
        ["matmul 1-D x 2-D"] = () => Check((a, b) => a.MatMul(b), Randn(1, 3), Randn(2, 3, 4)),
        ["matmul 2-D x 2-D"] = () => Check((a, b) => a.MatMul(b), Randn(1, 2, 3), Randn(2, 3, 4)),
        ["matmul [2,3,4] x [4,5]"] = () => Check((a, b) => a.MatMul(b), Randn(1, 2, 3, 4), Randn(2, 4, 5)),
        ["matmul [4,5] x [2,5,3]"] = () => Check((a, b) => a.MatMul(b), Randn(1, 4, 5), Randn(2, 2, 5, 3)),
        ["matmul [2,1,3,4] x [5,4,2]"] = () => Check((a, b) => a.MatMul(b), Randn(1, 2, 1, 3, 4), Randn(2, 5, 4, 2)),
        ["matmul [2,3,4] x [2,4,5]"] = () => Check((a, b) => a.MatMul(b), Randn(1, 2, 3, 4), Randn(2, 2, 4, 5)),
        ["matmul [1,3,4] x [2,4,2]"] = () => Check((a, b) => a.MatMul(b), Randn(1, 1, 3, 4), Randn(2, 2, 4, 2)),
        ["matmul [2,3,4] x [4]"] = () => Check((a, b) => a.MatMul(b), Randn(1, 2, 3, 4), Randn(2, 4)),
        ["matmul [4] x [2,4,3]"] = () => Check((a, b) => a.MatMul(b), Randn(1, 4), Randn(2, 2, 4, 3)),
        ["matmul of transposed operands"] = () => Check((a, b) => a.T().MatMul(b.Transpose(0, 1)), Randn(1, 3, 2), Randn(2, 4, 3)),
        ["matmul with itself"] = () => Check(a => a.MatMul(a), Randn(1, 3, 3)),
        ["two-layer network"] = () => Check(
            (x, w1, w2) => ((x.MatMul(w1) + 0.5).Tanh().MatMul(w2) - 1.0).Pow(2).Mean(),
            Randn(1, 4, 3), Randn(2, 3, 5), Randn(3, 5, 1)),

        // ---- views and shapes --------------------------------------------------------------
        ["t"] = () => Check(a => a.T(), Randn(1, 2, 3)),
        ["t of a vector"] = () => Check(a => a.T() * 2.0, Randn(1, 3)),
        ["transpose"] = () => Check(a => a.Transpose(0, 2), Randn(1, 2, 3, 4)),
        ["transpose negative dims"] = () => Check(a => a.Transpose(-1, -2), Randn(1, 2, 3, 4)),
        ["permute"] = () => Check(a => a.Permute(2, 0, 1), Randn(1, 2, 3, 4)),
        ["permute then reshape (copy)"] = () => Check(a => a.Permute(2, 0, 1).Reshape(4, 6), Randn(1, 2, 3, 4)),
        ["transpose then view (allowed)"] = () => Check(a => a.Transpose(0, 1).View(3, 2, 2, 2), Randn(1, 2, 3, 4)),
        ["transpose then reshape (copy)"] = () => Check(a => a.Transpose(0, 1).Reshape(-1), Randn(1, 2, 3, 4)),
        ["view with -1"] = () => Check(a => a.View(-1, 6) * a.View(4, 6), Randn(1, 2, 3, 4)),
        ["reshape to 0-dim and back"] = () => Check(a => a.Reshape().Reshape(1, 1), Randn(1, 1)),
        ["flatten"] = () => Check(a => a.Flatten(1), Randn(1, 2, 3, 4)),
        ["flatten of a transposed view"] = () => Check(a => a.Transpose(1, 2).Flatten(), Randn(1, 2, 3, 4)),
        ["squeeze all"] = () => Check(a => a.Squeeze(), Randn(1, 1, 3, 1, 2)),
        ["squeeze dim"] = () => Check(a => a.Squeeze(-2), Randn(1, 1, 3, 1, 2)),
        ["squeeze dim that is not 1"] = () => Check(a => a.Squeeze(1), Randn(1, 1, 3, 1, 2)),
        ["unsqueeze"] = () => Check(a => a.Unsqueeze(1) + a.Unsqueeze(-1), Randn(1, 3)),
        ["contiguous of a transposed view"] = () => Check(a => a.T().Contiguous(), Randn(1, 2, 3)),
        ["contiguous of a contiguous tensor"] = () => Check(a => a.Contiguous() * 3.0, Randn(1, 2, 3)),
        ["clone"] = () => Check(a => a.Clone() * a, Randn(1, 2, 3)),
        ["to the same dtype"] = () => Check(a => a.To(DType.Float64) * 2.0, Randn(1, 2, 3)),

        // ---- indexing ----------------------------------------------------------------------
        ["index [1]"] = () => Check(a => a[1], Randn(1, 3, 4)),
        ["index [^1]"] = () => Check(a => a[^1], Randn(1, 3, 4)),
        ["index [1..3]"] = () => Check(a => a[1..3], Randn(1, 4, 2)),
        ["index [0, 1]"] = () => Check(a => a[0, 1], Randn(1, 2, 3, 4)),
        ["index [0, 1, 2] (scalar)"] = () => Check(a => a[0, 1, 2], Randn(1, 2, 3, 4)),
        ["select along dim 1"] = () => Check(a => a.Select(1, 2), Randn(1, 2, 3, 4)),
        ["slice along dim -1"] = () => Check(a => a.Slice(-1, 1..3), Randn(1, 2, 3, 4)),
        ["view of a view of a view"] = () => Check(a => a.Transpose(0, 1)[1].T()[1..3], Randn(1, 2, 3, 4)),
        ["overlapping slices"] = () => Check(a => a[..2] * a[1..], Randn(1, 3, 2)),

        // ---- joining -----------------------------------------------------------------------
        ["cat dim 0"] = () => Check((a, b) => Torch.Cat([a, b]), Randn(1, 2, 3), Randn(2, 1, 3)),
        ["cat dim 1"] = () => Check((a, b) => Torch.Cat([a, b], 1), Randn(1, 2, 3), Randn(2, 2, 1)),
        ["cat dim -1"] = () => Check((a, b) => Torch.Cat([a, b], -1), Randn(1, 2, 3, 2), Randn(2, 2, 3, 1)),
        ["cat dim -2"] = () => Check((a, b) => Torch.Cat([a, b], -2), Randn(1, 2, 3, 2), Randn(2, 2, 1, 2)),
        ["cat dim -3 with a reused input"] = () => Check((a, b) => Torch.Cat([a, b, a], -3), Randn(1, 2, 3, 2), Randn(2, 1, 3, 2)),
        ["cat of views"] = () => Check(a => Torch.Cat([a.T(), a[..1].T()], 1), Randn(1, 2, 3)),
        ["cat with a constant"] = () => Check(a => Torch.Cat([a, Torch.Ones([1, 3], DType.Float64)]), Randn(1, 2, 3)),
        ["stack dim 0"] = () => Check((a, b) => Torch.Stack([a, b]), Randn(1, 2, 3), Randn(2, 2, 3)),
        ["stack dim 1"] = () => Check((a, b) => Torch.Stack([a, b], 1), Randn(1, 2, 3), Randn(2, 2, 3)),
        ["stack dim -1"] = () => Check((a, b) => Torch.Stack([a, b, a], -1), Randn(1, 2, 3), Randn(2, 2, 3)),
        ["stack of scalars"] = () => Check((a, b) => Torch.Stack([a, b]), Randn(1), Randn(2)),

        // ---- selection ---------------------------------------------------------------------
        ["clamp (away from the bounds)"] = () => Check(a => a.Clamp(-0.5, 0.5) + a.Clamp(min: 0.1) * 2.0, Randn(1, 3, 4)),
        ["where with broadcasting"] = () => Check((a, b) => Torch.Where(Mask(3, 4), a, b), Randn(1, 3, 4), Randn(2, 4)),
        ["masked_fill"] = () => Check(a => a.MaskedFill(Mask(3, 4), 1.5), Randn(1, 3, 4)),

        // ---- more reductions ---------------------------------------------------------------
        ["min all (no ties)"] = () => Check(a => a.Min(), Distinct(1, 3, 4)),
        ["min dim 1 (no ties)"] = () => Check(a => a.Min(1).Values, Distinct(1, 3, 4)),
        ["prod all"] = () => Check(a => a.Prod(), Randn(1, 2, 3)),
        ["prod dim 1 keepDim"] = () => Check(a => a.Prod(1, keepDim: true), Randn(1, 3, 4)),
        ["var all"] = () => Check(a => a.Var(), Randn(1, 3, 4)),
        ["var dim 1 biased"] = () => Check(a => a.Var(1, unbiased: false), Randn(1, 3, 4)),
        ["std all"] = () => Check(a => a.Std(), Randn(1, 3, 4)),
        ["std dim 0 keepDim"] = () => Check(a => a.Std(0, keepDim: true), Randn(1, 3, 4)),
        ["norm all"] = () => Check(a => a.Norm(), Randn(1, 3, 4)),
        ["norm p=3 dim 1 (away from 0)"] = () => Check(a => a.Norm(3, 1) + a.Norm(1, 0).Sum(), AwayFromZero(1, 3, 4)),
        ["logsumexp dim 1"] = () => Check(a => a.LogSumExp(1), Randn(1, 3, 4)),
        ["sum dims [0, 2]"] = () => Check(a => a.Sum([0, 2]), Randn(1, 2, 3, 4)),
        ["mean dims [1, 2] keepDim"] = () => Check(a => a.Mean([1, 2], keepDim: true), Randn(1, 2, 3, 4)),

        // ---- re-indexing -------------------------------------------------------------------
        ["expand"] = () => Check(a => a.Expand(2, 3, 4), Randn(1, 3, 1)),
        ["repeat"] = () => Check(a => a.Repeat(2, 1, 3), Randn(1, 2, 3)),
        ["narrow"] = () => Check(a => a.Narrow(1, 1, 2), Randn(1, 3, 4)),
        ["split"] = () => Check(a => Pieces(a.Split(2, 1)), Randn(1, 3, 5)),
        ["split sections"] = () => Check(a => Pieces(a.Split([1, 3, 1], 1)), Randn(1, 3, 5)),
        ["chunk"] = () => Check(a => Pieces(a.Chunk(3, 1)), Randn(1, 3, 5)),
        ["gather with repeated indices"] = () => Check(a => a.Gather(1, Torch.Tensor(new long[,] { { 0, 0 }, { 2, 1 }, { 3, 3 } })), Randn(1, 3, 4)),
        ["index_select with repeated indices"] = () => Check(a => a.IndexSelect(0, Torch.Tensor(new long[] { 2, 0, 2 })), Randn(1, 3, 4)),

        // ---- nn.functional ---------------------------------------------------------------------
        ["linear 2-D with bias (addmm)"] = () => Check((x, w, b) => F.Linear(x, w, b), Randn(1, 4, 3), Randn(2, 5, 3), Randn(3, 5)),
        ["linear 3-D without bias"] = () => Check((x, w) => F.Linear(x, w), Randn(1, 2, 4, 3), Randn(2, 5, 3)),
        ["embedding with repeated indices"] = () => Check(w => F.Embedding(Torch.Tensor(new long[,] { { 1, 3 }, { 3, 0 } }), w), Randn(1, 4, 3)),
        ["nll_loss mean"] = () => Check(x => F.NllLoss(x.LogSoftmax(1), Torch.Tensor(new long[] { 2, 0, 1 })), Randn(1, 3, 4)),
        ["cross_entropy none"] = () => Check(x => F.CrossEntropy(x, Torch.Tensor(new long[] { 1, 0, 3 }), reduction: "none"), Randn(1, 3, 4)),
        ["cross_entropy sum over [N, C, d]"] = () => Check(x => F.CrossEntropy(x, Torch.Tensor(new long[,] { { 0, 2 }, { 1, 1 } }), reduction: "sum"), Randn(1, 2, 3, 2)),
        ["mse_loss of both sides"] = () => Check((x, y) => F.MseLoss(x, y), Randn(1, 3, 4), Randn(2, 3, 4)),

        // ---- in-place writes into views (CopySlices) ----------------------------------------
        ["assign into a row of a constant"] = () => Check(w => { var x = Torch.Zeros([2, 3], DType.Float64); x[0] = w * 2.0; return x * x; }, Randn(1, 3)),
        ["in-place op on a view of a graph tensor"] = () => Check((a, w) =>
        {
            var b = a * 1.0;
            b[1..].Mul_(w);
            b[.., 0].Add_(b[.., 2]);
            return b.Exp();
        }, Randn(1, 3, 4), Randn(2, 4)),
    };

    // A fixed mask with both values in every row.
    private static Tensor Mask(int rows, int columns)
    {
        var mask = new bool[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) mask[i, j] = (i * columns + j) % 3 == 1;
        return Torch.Tensor(mask);
    }

    // Split pieces weighted differently and joined again, so that each piece's gradient is checked.
    private static Tensor Pieces(Tensor[] pieces) => Torch.Cat(pieces.Select((p, i) => p * (i + 1.0)).ToArray(), 1);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientsMatchFiniteDifferences(string name) => Cases[name]();

    /// <summary>Runs the case named <paramref name="name"/>.</summary>
    internal static void Run(string name) => Cases[name]();

    // ---- the checker can fail ------------------------------------------------------------------

    // f(x) = 2x with a deliberately wrong recorded backward (3g): the check must reject it.
    [Fact]
    public void RejectsAWrongGradient()
    {
        static Tensor WrongDouble(Tensor x)
        {
            Tensor r;
            using (Torch.NoGrad()) r = x * 2.0;
            return Tensor.Record(r, "WrongBackward", [x], g => [g * 3.0]);
        }

        var ex = Assert.Throws<XunitException>(() => Check(WrongDouble, Randn(1, 3)));
        Assert.Contains("analytical", ex.Message);
        // The same op with the right backward passes.
        Check(x =>
        {
            Tensor r;
            using (Torch.NoGrad()) r = x * 2.0;
            return Tensor.Record(r, "RightBackward", [x], g => [g * 2.0]);
        }, Randn(1, 3));
    }

    // The kink of relu and abs at 0 is where finite differences disagree: the helpers keep inputs away from it.
    [Fact]
    public void InputHelpersKeepTheirPromises()
    {
        Assert.All(Positive(3, 50).ToArray<double>(), v => Assert.InRange(v, 0.5, 1.5));
        Assert.All(AwayFromZero(3, 50).ToArray<double>(), v => Assert.True(Math.Abs(v) >= 0.1));
        var d = Distinct(3, 5, 4).ToArray<double>();
        Array.Sort(d);
        for (int i = 1; i < d.Length; i++) Assert.True(d[i] - d[i - 1] > 0.09);
        Assert.True(Data([1.0, 2.0], [2, 1]).IsLeaf);
        Assert.Null(Data([1.0], []).GradFn);
    }

    // Gradients land on the leaves in their own dtype, as PyTorch's engine casts them.
    [Fact]
    public void GradientOfAFloat64ScalarThroughAFloat32Op()
    {
        var w = Torch.Tensor(2.0, requiresGrad: true);
        var x = Torch.Tensor([1f, 2f, 3f], requiresGrad: true);
        var y = x * w;
        Assert.Equal(DType.Float32, y.DType);
        y.Sum().Backward();
        TensorAssert.Float64(w.Grad!, [], 6.0);
        TensorAssert.Float32(x.Grad!, [3], 2f, 2f, 2f);

        var b = Torch.Tensor(0.5, requiresGrad: true);
        (x + b).Sum().Backward();
        TensorAssert.Float64(b.Grad!, [], 3.0);
    }

    [Fact]
    public void GradientThroughToCopy()
    {
        var x = Torch.Tensor([1.0, 2.0], requiresGrad: true);
        var y = x.To(DType.Float32);
        Assert.Equal("ToCopyBackward0", y.GradFn!.Name);
        (y * y).Sum().Backward();
        TensorAssert.Float64(x.Grad!, [2], 2.0, 4.0);
    }
}
