using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Ops;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// Every op of the op table has its row, and every differentiable one a gradcheck case whose graph
/// holds the op's autograd node. (The generator and analyzer test projects check their side: a
/// random-kernel case and an analyzer case per op.)
/// </summary>
public class OpCoverageTests
{
    // The GradCheckTests case that exercises each differentiable op.
    private static readonly Dictionary<OpKind, string> GradCheckCase = new()
    {
        [OpKind.Add] = "add [3,1] + [4]",
        [OpKind.Sub] = "sub [2,3] - [3]",
        [OpKind.Mul] = "mul [2,3] * [3]",
        [OpKind.Div] = "div [2,3] / [2,1]",
        [OpKind.Pow] = "pow 1.5 (positive)",
        [OpKind.Neg] = "neg and unary minus",
        [OpKind.Exp] = "exp",
        [OpKind.Log] = "log (positive)",
        [OpKind.Sqrt] = "sqrt (positive)",
        [OpKind.Tanh] = "tanh",
        [OpKind.Sigmoid] = "sigmoid",
        [OpKind.Relu] = "relu (away from 0)",
        [OpKind.Abs] = "abs (away from 0)",
        [OpKind.Sign] = "sign (away from 0): a zero gradient",
        [OpKind.Sin] = "sin",
        [OpKind.Cos] = "cos",
        [OpKind.Log1p] = "log1p (above -1)",
        [OpKind.Square] = "square",
        [OpKind.Reciprocal] = "reciprocal (away from 0)",
        [OpKind.Rsqrt] = "rsqrt (positive)",
        [OpKind.Sum] = "sum all",
        [OpKind.SumDim] = "sum dim 0",
        [OpKind.Mean] = "mean all",
        [OpKind.MeanDim] = "mean dim 1",
        [OpKind.Max] = "max all (no ties)",
        [OpKind.MaxDim] = "max dim 0 (no ties)",
        [OpKind.Softmax] = "softmax dim 1",
        [OpKind.LogSoftmax] = "log-softmax dim 1",
        [OpKind.MatMul] = "matmul 2-D x 2-D",
        [OpKind.T] = "t",
        [OpKind.Transpose] = "transpose",
        [OpKind.Permute] = "permute",
        [OpKind.View] = "view with -1",
        [OpKind.Reshape] = "reshape to 0-dim and back",
        [OpKind.Flatten] = "flatten",
        [OpKind.Squeeze] = "squeeze all",
        [OpKind.SqueezeDim] = "squeeze dim",
        [OpKind.Unsqueeze] = "unsqueeze",
        [OpKind.Contiguous] = "contiguous of a transposed view",
        [OpKind.Clone] = "clone",
        [OpKind.Select] = "select along dim 1",
        [OpKind.Slice] = "slice along dim -1",
        [OpKind.Cat] = "cat dim 0",
        [OpKind.Stack] = "stack dim 0",
        [OpKind.Clamp] = "clamp (away from the bounds)",
        [OpKind.Where] = "where with broadcasting",
        [OpKind.MaskedFill] = "masked_fill",
        [OpKind.Min] = "min all (no ties)",
        [OpKind.MinDim] = "min dim 1 (no ties)",
        [OpKind.Prod] = "prod all",
        [OpKind.ProdDim] = "prod dim 1 keepDim",
        [OpKind.Var] = "var all",
        [OpKind.VarDim] = "var dim 1 biased",
        [OpKind.Std] = "std all",
        [OpKind.StdDim] = "std dim 0 keepDim",
        [OpKind.Norm] = "norm all",
        [OpKind.NormDim] = "norm p=3 dim 1 (away from 0)",
        [OpKind.LogSumExp] = "logsumexp dim 1",
        [OpKind.SumDims] = "sum dims [0, 2]",
        [OpKind.MeanDims] = "mean dims [1, 2] keepDim",
        [OpKind.Expand] = "expand",
        [OpKind.Repeat] = "repeat",
        [OpKind.Narrow] = "narrow",
        [OpKind.Split] = "split",
        [OpKind.SplitSections] = "split sections",
        [OpKind.Chunk] = "chunk",
        [OpKind.Gather] = "gather with repeated indices",
        [OpKind.IndexSelect] = "index_select with repeated indices",
        [OpKind.Linear] = "linear 2-D with bias (addmm)",
        [OpKind.Embedding] = "embedding with repeated indices",
        [OpKind.NllLoss] = "nll_loss mean",
        [OpKind.CrossEntropy] = "cross_entropy none",
        [OpKind.MseLoss] = "mse_loss of both sides",
    };

    [Fact]
    public void EveryOpHasItsRow()
    {
        foreach (var kind in Enum.GetValues<OpKind>())
            Assert.Equal(kind, OpTable.Row(kind).Kind);
    }

    [Fact]
    public void EveryDifferentiableOpHasAGradCheckCase()
    {
        // Pick is a node only kernels make (for F.NllLoss); the generator's kernel numerics check it.
        var missing = OpTable.Rows.Where(r => r.IsDifferentiable && r.Kind != OpKind.Pick && !GradCheckCase.ContainsKey(r.Kind)).Select(r => r.Kind);
        Assert.Empty(missing);
        Assert.All(GradCheckCase.Keys, kind => Assert.True(OpTable.Row(kind).IsDifferentiable, $"{kind} is not differentiable"));
    }

    public static TheoryData<string> Differentiable() => new(GradCheckCase.Keys.Select(k => k.ToString()));

    [Theory]
    [MemberData(nameof(Differentiable))]
    public void TheGradCheckCaseRecordsTheOp(string op)
    {
        var kind = Enum.Parse<OpKind>(op);
        GradCheck.LastGraph = null;
        GradCheckTests.Run(GradCheckCase[kind]);
        Assert.Contains(OpTable.Row(kind).GradFn!, GradCheck.LastGraph!);
    }

    [Fact]
    public void ElementwiseOpsHaveKernelHelpers()
    {
        // An element-wise op without an operator is printed through its helpers; every one has a float form.
        foreach (var row in OpTable.Rows.Where(r => r.Class == OpClass.Elementwise && r.Operator is null && r.InKernels))
            Assert.False(string.IsNullOrEmpty(row.Scalar), $"{row.Kind} has no scalar helper");
    }
}
