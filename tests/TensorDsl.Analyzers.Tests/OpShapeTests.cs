using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Analyzers.Tests.Infrastructure;
using TensorDsl.Ops;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

// Every op with a shape rule, in an expression whose shape the analyzers must know: a [return:
// Shape] one size off makes them say the shape they inferred (TD0007), and the eager runtime
// computes the same expression to the same shape.
public class OpShapeTests
{
    // Each op in an expression, and the shape PyTorch gives it.
    private static readonly Dictionary<OpKind, (string Expression, int[] Shape)> Cases = new()
    {
        [OpKind.Add] = ("Torch.Randn(2, 1, 3) + Torch.Randn(4, 1)", [2, 4, 3]),
        [OpKind.Sub] = ("1.5 - Torch.Randn(3, 2)", [3, 2]),
        [OpKind.Mul] = ("Torch.Randn(5) * Torch.Randn(2, 1)", [2, 5]),
        [OpKind.Div] = ("Torch.Randn(2, 3) / Torch.Randn(3)", [2, 3]),
        [OpKind.Pow] = ("Torch.Randn(4, 2).Pow(3)", [4, 2]),
        [OpKind.Neg] = ("-Torch.Randn(3, 1)", [3, 1]),
        [OpKind.Exp] = ("Torch.Randn(2, 2).Exp()", [2, 2]),
        [OpKind.Log] = ("Torch.Rand(3).Log()", [3]),
        [OpKind.Sqrt] = ("Torch.Rand(1, 3).Sqrt()", [1, 3]),
        [OpKind.Tanh] = ("Torch.Randn(2, 3, 4).Tanh()", [2, 3, 4]),
        [OpKind.Sigmoid] = ("Torch.Randn(6).Sigmoid()", [6]),
        [OpKind.Relu] = ("Torch.Randn(2, 5).Relu()", [2, 5]),
        [OpKind.Abs] = ("Torch.Randn(3, 3).Abs()", [3, 3]),
        [OpKind.Sign] = ("Torch.Randn(4, 1).Sign()", [4, 1]),
        [OpKind.Sin] = ("Torch.Randn(2, 3).Sin()", [2, 3]),
        [OpKind.Cos] = ("Torch.Randn(7).Cos()", [7]),
        [OpKind.Log1p] = ("Torch.Rand(2, 2).Log1p()", [2, 2]),
        [OpKind.Square] = ("Torch.Randn(3, 2).Square()", [3, 2]),
        [OpKind.Reciprocal] = ("Torch.Rand(5, 1).Reciprocal()", [5, 1]),
        [OpKind.Rsqrt] = ("Torch.Rand(2, 4).Rsqrt()", [2, 4]),
        [OpKind.Sum] = ("Torch.Randn(2, 3).Sum()", []),
        [OpKind.SumDim] = ("Torch.Randn(2, 3, 4).Sum(1, keepDim: true)", [2, 1, 4]),
        [OpKind.Mean] = ("Torch.Randn(5, 2).Mean()", []),
        [OpKind.MeanDim] = ("Torch.Randn(2, 3, 4).Mean(-1)", [2, 3]),
        [OpKind.Max] = ("Torch.Randn(3, 3).Max()", []),
        [OpKind.MaxDim] = ("Torch.Randn(3, 4).Max(0).Values", [4]),
        [OpKind.Softmax] = ("Torch.Randn(2, 6).Softmax(1)", [2, 6]),
        [OpKind.LogSoftmax] = ("Torch.Randn(3, 2).LogSoftmax(0)", [3, 2]),
        [OpKind.MatMul] = ("Torch.Randn(2, 1, 3, 4).MatMul(Torch.Randn(5, 4, 2))", [2, 5, 3, 2]),
        [OpKind.T] = ("Torch.Randn(2, 5).T()", [5, 2]),
        [OpKind.Transpose] = ("Torch.Randn(2, 3, 4).Transpose(0, 2)", [4, 3, 2]),
        [OpKind.Permute] = ("Torch.Randn(2, 3, 4).Permute(1, 2, 0)", [3, 4, 2]),
        [OpKind.View] = ("Torch.Randn(2, 3, 4).View(-1, 4)", [6, 4]),
        [OpKind.Reshape] = ("Torch.Randn(2, 6).Reshape(3, 2, 2)", [3, 2, 2]),
        [OpKind.Flatten] = ("Torch.Randn(2, 3, 4).Flatten(1)", [2, 12]),
        [OpKind.Squeeze] = ("Torch.Randn(1, 3, 1, 2).Squeeze()", [3, 2]),
        [OpKind.SqueezeDim] = ("Torch.Randn(1, 3, 1).Squeeze(-1)", [1, 3]),
        [OpKind.Unsqueeze] = ("Torch.Randn(3, 2).Unsqueeze(1)", [3, 1, 2]),
        [OpKind.Contiguous] = ("Torch.Randn(3, 2).T().Contiguous()", [2, 3]),
        [OpKind.Clone] = ("Torch.Randn(4).Clone()", [4]),
        [OpKind.Detach] = ("Torch.Randn(2, 2).Detach()", [2, 2]),
        [OpKind.Select] = ("Torch.Randn(2, 3, 4).Select(1, -1)", [2, 4]),
        [OpKind.Slice] = ("Torch.Randn(5, 4).Slice(-1, 1..^1)", [5, 2]),
        [OpKind.Cat] = ("Torch.Cat([Torch.Randn(2, 3), Torch.Randn(2, 5)], 1)", [2, 8]),
        [OpKind.Stack] = ("Torch.Stack([Torch.Randn(2, 3), Torch.Randn(2, 3)], -1)", [2, 3, 2]),
        [OpKind.Zeros] = ("Torch.Zeros(3, 1)", [3, 1]),
        [OpKind.Ones] = ("Torch.Ones(2, 2, 2)", [2, 2, 2]),
        [OpKind.Full] = ("Torch.Full([4, 2], 0.5)", [4, 2]),
        [OpKind.Randn] = ("Torch.Randn(7)", [7]),
        [OpKind.Rand] = ("Torch.Rand(1, 6)", [1, 6]),
        [OpKind.Randint] = ("Torch.Randint(0, 9, [3, 3])", [3, 3]),
        [OpKind.Arange] = ("Torch.Arange(1.0, 4.0, 0.5)", [6]),
        [OpKind.ZerosLike] = ("Torch.ZerosLike(Torch.Randn(2, 7))", [2, 7]),
        [OpKind.OnesLike] = ("Torch.OnesLike(Torch.Randn(3))", [3]),
        [OpKind.RandnLike] = ("Torch.RandnLike(Torch.Randn(1, 2))", [1, 2]),
        [OpKind.RandLike] = ("Torch.RandLike(Torch.Randn(2, 1))", [2, 1]),
        [OpKind.FromData] = ("Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } })", [2, 3]),
        [OpKind.Clamp] = ("Torch.Randn(3, 2).Clamp(-1, 1)", [3, 2]),
        [OpKind.MaskedFill] = ("Torch.Randn(2, 4).MaskedFill(Torch.Randn(4) > 0, 0.5)", [2, 4]),
        [OpKind.Min] = ("Torch.Randn(3, 3).Min()", []),
        [OpKind.MinDim] = ("Torch.Randn(3, 4).Min(1, keepDim: true).Values", [3, 1]),
        [OpKind.ArgMax] = ("Torch.Randn(3, 4).ArgMax()", []),
        [OpKind.ArgMaxDim] = ("Torch.Randn(3, 4).ArgMax(1)", [3]),
        [OpKind.ArgMin] = ("Torch.Randn(2, 4).ArgMin()", []),
        [OpKind.ArgMinDim] = ("Torch.Randn(3, 4).ArgMin(0, keepDim: true)", [1, 4]),
        [OpKind.Prod] = ("Torch.Randn(2, 3).Prod()", []),
        [OpKind.ProdDim] = ("Torch.Randn(2, 3, 4).Prod(-1)", [2, 3]),
        [OpKind.Var] = ("Torch.Randn(2, 3).Var()", []),
        [OpKind.VarDim] = ("Torch.Randn(2, 3).Var(1, keepDim: true)", [2, 1]),
        [OpKind.Std] = ("Torch.Randn(5).Std(unbiased: false)", []),
        [OpKind.StdDim] = ("Torch.Randn(2, 3, 4).Std(0)", [3, 4]),
        [OpKind.Norm] = ("Torch.Randn(2, 3).Norm()", []),
        [OpKind.NormDim] = ("Torch.Randn(2, 3).Norm(1, 0, keepDim: true)", [1, 3]),
        [OpKind.LogSumExp] = ("Torch.Randn(2, 3, 4).LogSumExp(1)", [2, 4]),
        [OpKind.SumDims] = ("Torch.Randn(2, 3, 4).Sum([0, 2])", [3]),
        [OpKind.MeanDims] = ("Torch.Randn(2, 3, 4).Mean([1, -1], keepDim: true)", [2, 1, 1]),
        [OpKind.Expand] = ("Torch.Randn(3, 1).Expand(2, -1, 4)", [2, 3, 4]),
        [OpKind.Repeat] = ("Torch.Randn(2, 3).Repeat(2, 1, 3)", [2, 2, 9]),
        [OpKind.Narrow] = ("Torch.Randn(3, 5).Narrow(1, 1, 2)", [3, 2]),
        [OpKind.Gather] = ("Torch.Randn(3, 4).Gather(1, Torch.Zeros([3, 2], DType.Int64))", [3, 2]),
        [OpKind.Empty] = ("Torch.Empty(2, 5)", [2, 5]),
        [OpKind.FullLike] = ("Torch.FullLike(Torch.Randn(4, 1), 2.5)", [4, 1]),
        [OpKind.Split] = ("Torch.Randn(3, 5).Split(2, 1)[2]", [3, 1]),
        [OpKind.SplitSections] = ("Torch.Randn(3, 5).Split([1, 3, 1], dim: 1)[1]", [3, 3]),
        [OpKind.Chunk] = ("Torch.Randn(5, 2).Chunk(3)[2]", [1, 2]),
        [OpKind.Linear] = ("TensorDsl.NN.Functional.Linear(Torch.Randn(2, 3, 5), Torch.Randn(4, 5), Torch.Randn(4))", [2, 3, 4]),
        [OpKind.Embedding] = ("TensorDsl.NN.Functional.Embedding(Torch.Zeros([2, 3], DType.Int64), Torch.Randn(10, 4))", [2, 3, 4]),
    };

    [Fact]
    public void EveryOpWithAShapeRuleHasACase()
    {
        var missing = OpTable.Rows.Where(r => r.Shape != ShapeRule.None && !Cases.ContainsKey(r.Kind)).Select(r => r.Kind);
        Assert.Empty(missing);
    }

    public static TheoryData<string> Ops() => new(Cases.Keys.Select(k => k.ToString()));

    [Theory]
    [MemberData(nameof(Ops))]
    public void TheAnalyzersAndTheRuntimeAgreeOnTheShape(string op)
    {
        var (expression, shape) = Cases[Enum.Parse<OpKind>(op)];
        // A declaration one size off (or of one dim, for a 0-dim result) makes the analyzers say what they found.
        int[] declared = shape.Length == 0 ? [1] : [shape[0] + 1, .. shape[1..]];
        string message = shape.Length == 0
            ? "Expected 1-dimensional tensor, but got 0-dimensional tensor for the return value of 'F'"
            : $"Expected tensor of size [{string.Join(", ", declared)}], but got tensor of size [{string.Join(", ", shape)}] for the return value of 'F'";
        string Probe(string body) => $$"""
            public static class Probe
            {
                [return: Shape({{string.Join(", ", declared)}})]
                public static Tensor F() => {{body}};
            }
            """;
        AnalyzerVerifier.Verify(Probe("{|TD0007:" + expression + "|}"), message);

        var f = TestCompilation.Load(TestCompilation.Create(Probe(expression))).GetType("Probe")!.GetMethod("F")!;
        Assert.Equal(shape, ((Tensor)f.Invoke(null, null)!).Shape.ToArray());
    }
}
