using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>Leaves, grad_fn names, backward and accumulation, detach, no_grad (per thread), and autograd's errors.</summary>
public class AutogradTests
{
    private static Tensor Leaf(params int[] shape) => Torch.Randn(shape, requiresGrad: true, generator: new Generator(shape.Length + 10));

    // ---- grad_fn names ------------------------------------------------------------------------

    // PyTorch's node for each expression.
    private static readonly Dictionary<string, (string Name, Func<Tensor> Make)> Nodes = new()
    {
        ["x + y"] = ("AddBackward0", () => Leaf(2, 3) + Leaf(2, 3)),
        ["x + number"] = ("AddBackward0", () => Leaf(2, 3) + 1.0),
        ["number + x"] = ("AddBackward0", () => 1L + Leaf(2, 3)),
        ["x - y"] = ("SubBackward0", () => Leaf(2, 3) - Leaf(3)),
        ["x - number"] = ("SubBackward0", () => Leaf(2, 3) - 1.0),
        ["number - x"] = ("RsubBackward1", () => 1.0 - Leaf(2, 3)),
        ["long - x"] = ("RsubBackward1", () => 1L - Leaf(2, 3)),
        ["x * y"] = ("MulBackward0", () => Leaf(2, 3) * Leaf(3)),
        ["x * number"] = ("MulBackward0", () => Leaf(2, 3) * 2.0),
        ["number * x"] = ("MulBackward0", () => 2L * Leaf(2, 3)),
        ["x / y"] = ("DivBackward0", () => Leaf(2, 3) / Leaf(2, 3)),
        ["x / number"] = ("DivBackward0", () => Leaf(2, 3) / 2.0),
        // torch/_tensor.py: __rtruediv__ is self.reciprocal() * other.
        ["number / x"] = ("MulBackward0", () => 2.0 / Leaf(2, 3)),
        ["-x"] = ("NegBackward0", () => -Leaf(2, 3)),
        ["x.Neg()"] = ("NegBackward0", () => Leaf(2, 3).Neg()),
        ["x.Sum()"] = ("SumBackward0", () => Leaf(2, 3).Sum()),
        ["x.Sum(1)"] = ("SumBackward1", () => Leaf(2, 3).Sum(1)),
        ["x.Sum(0, keepDim)"] = ("SumBackward1", () => Leaf(2, 3).Sum(0, keepDim: true)),
        ["x.Mean()"] = ("MeanBackward0", () => Leaf(2, 3).Mean()),
        ["x.Mean(1)"] = ("MeanBackward1", () => Leaf(2, 3).Mean(1)),
        ["x.Max()"] = ("MaxBackward1", () => Leaf(2, 3).Max()),
        ["x.Max(1).Values"] = ("MaxBackward0", () => Leaf(2, 3).Max(1).Values),
        ["1-D . 1-D"] = ("DotBackward0", () => Leaf(3).MatMul(Leaf(3))),
        ["2-D x 1-D"] = ("MvBackward0", () => Leaf(2, 3).MatMul(Leaf(3))),
        ["2-D x 2-D"] = ("MmBackward0", () => Leaf(2, 3).MatMul(Leaf(3, 4))),
        // matmul: tensor1.unsqueeze(0).mm(tensor2).squeeze_(0)
        ["1-D x 2-D"] = ("SqueezeBackward4", () => Leaf(3).MatMul(Leaf(3, 4))),
        ["3-D x 3-D"] = ("UnsafeViewBackward0", () => Leaf(2, 3, 4).MatMul(Leaf(2, 4, 5))),
        ["3-D x 2-D"] = ("UnsafeViewBackward0", () => Leaf(2, 3, 4).MatMul(Leaf(4, 5))),
        ["3-D x 1-D"] = ("UnsafeViewBackward0", () => Leaf(2, 3, 4).MatMul(Leaf(4))),
        ["1-D x 3-D"] = ("UnsafeViewBackward0", () => Leaf(3).MatMul(Leaf(2, 3, 4))),
        ["4-D x 3-D broadcast"] = ("UnsafeViewBackward0", () => Leaf(2, 1, 3, 4).MatMul(Leaf(5, 4, 2))),
        // A 2-D left operand that requires grad folds through b.mT(): output.mT().contiguous(), where
        // contiguous() is a no-op when a size-1 dim makes the transpose contiguous (libtorch 2.10).
        ["[1, 4] x 3-D"] = ("TransposeBackward0", () => Leaf(1, 4).MatMul(Torch.Randn(2, 4, 3))),
        ["[2, 4] x [2, 4, 1]"] = ("TransposeBackward0", () => Leaf(2, 4).MatMul(Torch.Randn(2, 4, 1))),
        ["[2, 4] x 3-D"] = ("CloneBackward0", () => Leaf(2, 4).MatMul(Torch.Randn(2, 4, 3))),
        // matmul folds a 2-D x 3-D product whose 2-D operand requires grad, then returns output.mT().contiguous().
        ["2-D (grad) x 3-D"] = ("CloneBackward0", () => Leaf(2, 3).MatMul(Leaf(4, 3, 5))),
        ["2-D x 3-D (grad)"] = ("UnsafeViewBackward0", () => Torch.Ones(2, 3).MatMul(Leaf(4, 3, 5))),
        ["[1,2,3] (grad) x [4,3,5]"] = ("CloneBackward0", () => Leaf(1, 2, 3).MatMul(Leaf(4, 3, 5))),
        ["[1,2,3] x [4,3,5] (grad)"] = ("UnsafeViewBackward0", () => Torch.Ones(1, 2, 3).MatMul(Leaf(4, 3, 5))),
        ["[4,2,3] x [1,3,5]"] = ("UnsafeViewBackward0", () => Leaf(4, 2, 3).MatMul(Leaf(1, 3, 5))),
        ["cat"] = ("CatBackward0", () => Torch.Cat([Leaf(2, 3), Leaf(2, 3)])),
        ["stack"] = ("StackBackward0", () => Torch.Stack([Leaf(2, 3), Leaf(2, 3)], 1)),
        ["view"] = ("ViewBackward0", () => Leaf(2, 3).View(-1)),
        ["reshape (viewable)"] = ("ViewBackward0", () => Leaf(2, 3).Reshape(3, 2)),
        ["reshape (copy)"] = ("UnsafeViewBackward0", () => Leaf(2, 3).T().Reshape(-1)),
        ["flatten"] = ("ViewBackward0", () => Leaf(2, 3).Flatten()),
        ["transpose"] = ("TransposeBackward0", () => Leaf(2, 3).Transpose(0, 1)),
        ["t"] = ("TBackward0", () => Leaf(2, 3).T()),
        ["permute"] = ("PermuteBackward0", () => Leaf(2, 3, 4).Permute(2, 0, 1)),
        ["exp"] = ("ExpBackward0", () => Leaf(2, 3).Exp()),
        ["log"] = ("LogBackward0", () => Leaf(2, 3).Log()),
        ["sqrt"] = ("SqrtBackward0", () => Leaf(2, 3).Sqrt()),
        ["tanh"] = ("TanhBackward0", () => Leaf(2, 3).Tanh()),
        ["sigmoid"] = ("SigmoidBackward0", () => Leaf(2, 3).Sigmoid()),
        ["relu"] = ("ReluBackward0", () => Leaf(2, 3).Relu()),
        ["abs"] = ("AbsBackward0", () => Leaf(2, 3).Abs()),
        ["pow 2"] = ("PowBackward0", () => Leaf(2, 3).Pow(2)),
        ["pow 0.5"] = ("PowBackward0", () => Leaf(2, 3).Pow(0.5)),
        ["unsqueeze"] = ("UnsqueezeBackward0", () => Leaf(2, 3).Unsqueeze(0)),
        ["squeeze()"] = ("SqueezeBackward0", () => Leaf(2, 1, 3).Squeeze()),
        ["squeeze(dim)"] = ("SqueezeBackward1", () => Leaf(2, 1, 3).Squeeze(1)),
        ["softmax"] = ("SoftmaxBackward0", () => Leaf(2, 3).Softmax(1)),
        ["log-softmax"] = ("LogSoftmaxBackward0", () => Leaf(2, 3).LogSoftmax(0)),
        ["x[0]"] = ("SelectBackward0", () => Leaf(2, 3)[0]),
        ["x[^1]"] = ("SelectBackward0", () => Leaf(2, 3)[^1]),
        ["x[0, 1]"] = ("SelectBackward0", () => Leaf(2, 3)[0, 1]),
        ["x.Select(1, 2)"] = ("SelectBackward0", () => Leaf(2, 3).Select(1, 2)),
        ["x[0..1]"] = ("SliceBackward0", () => Leaf(2, 3)[0..1]),
        ["x.Slice(1, 1..)"] = ("SliceBackward0", () => Leaf(2, 3).Slice(1, 1..)),
        ["clone"] = ("CloneBackward0", () => Leaf(2, 3).Clone()),
        ["contiguous of a transposed view"] = ("CloneBackward0", () => Leaf(2, 3).T().Contiguous()),
        ["to(float64)"] = ("ToCopyBackward0", () => Leaf(2, 3).To(DType.Float64)),
    };

    public static TheoryData<string> NodeCases()
    {
        var data = new TheoryData<string>();
        foreach (var key in Nodes.Keys) data.Add(key);
        return data;
    }

    [Theory]
    [MemberData(nameof(NodeCases))]
    public void GradFnNameIsPyTorchs(string expression)
    {
        var (name, make) = Nodes[expression];
        var t = make();
        Assert.NotNull(t.GradFn);
        Assert.Equal(name, t.GradFn!.Name);
        Assert.Matches(new Regex("^<" + name + " object at 0x[0-9a-f]+>$"), t.GradFn.ToString());
        Assert.False(t.IsLeaf);
        Assert.True(t.RequiresGrad);
        Assert.EndsWith($"grad_fn=<{name}>)", t.ToString());
    }

    [Fact]
    public void NodesPrintDistinctAddresses()
    {
        var x = Leaf(2);
        var a = x + x;
        var b = x + x;
        Assert.Equal(a.GradFn!.ToString(), a.GradFn.ToString());
        Assert.NotEqual(a.GradFn.ToString(), b.GradFn!.ToString());
    }

    [Fact]
    public void NextFunctions()
    {
        var x = Leaf(3);
        var y = Leaf(3);
        Assert.Equal(new string?[] { "AccumulateGrad", "AccumulateGrad" }, (x + y).GradFn!.NextFunctions);
        Assert.Equal(new string?[] { "AccumulateGrad", null }, (x * 2.0).GradFn!.NextFunctions);
        Assert.Equal(new string?[] { null, "AccumulateGrad" }, (Torch.Ones(3) * y).GradFn!.NextFunctions);
        Assert.Equal(new string?[] { "MulBackward0" }, (x * y).Sum().GradFn!.NextFunctions);
        Assert.Equal(new string?[] { "ReciprocalBackward0", null }, (2.0 / x).GradFn!.NextFunctions);
    }

    [Fact]
    public void OpsOnTensorsThatDoNotRequireGradRecordNothing()
    {
        var a = Torch.Ones(2, 3);
        foreach (var t in new[] { a + a, a.Sum(), a.T(), a.View(-1), Torch.Cat([a, a]), a.MatMul(a.T()), a[0], a.Exp(), a.Clone() })
        {
            Assert.Null(t.GradFn);
            Assert.True(t.IsLeaf);
            Assert.False(t.RequiresGrad);
        }
    }

    // ---- leaves and requires_grad ---------------------------------------------------------------

    [Fact]
    public void RequiresGrad_SetsTheFlagOnALeafAndReturnsIt()
    {
        var x = Torch.Ones(2);
        Assert.False(x.RequiresGrad);
        Assert.Same(x, x.RequiresGrad_());
        Assert.True(x.RequiresGrad);
        Assert.True(x.IsLeaf);
        Assert.NotNull((x * 2.0).GradFn);
        x.RequiresGrad_(false);
        Assert.False(x.RequiresGrad);
        Assert.Null((x * 2.0).GradFn);
        x.RequiresGrad = true;
        Assert.True(x.RequiresGrad);
    }

    [Fact]
    public void RequiresGradFlagOfANonLeaf()
    {
        var y = Leaf(2) * 2.0;
        Assert.Same(y, y.RequiresGrad_());
        var ex = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad_(false));
        Assert.Equal("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().", ex.Message);
        Assert.True(y.RequiresGrad);
    }

    // ---- backward -------------------------------------------------------------------------------

    // README: x = [1, 2, 3]; (x * x).sum().backward(); x.grad = 2x = [2, 4, 6]
    [Fact]
    public void ReadmeExample()
    {
        var x = Torch.Tensor([1f, 2f, 3f], requiresGrad: true);
        var s = (x * x).Sum();
        s.Backward();
        TensorAssert.Float32(x.Grad!, [3], 2f, 4f, 6f);
        Assert.Equal("tensor([2., 4., 6.])", x.Grad!.ToString());
    }

    [Fact]
    public void BackwardReachesEveryLeafAndOnlyLeaves()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        var y = Torch.Tensor([3f, 4f], requiresGrad: true);
        var c = Torch.Tensor([5f, 6f]);
        var z = x * y;
        (z * c).Sum().Backward();
        TensorAssert.Float32(x.Grad!, [2], 15f, 24f);
        TensorAssert.Float32(y.Grad!, [2], 5f, 12f);
        Assert.Null(c.Grad);
        Assert.Null(z.Grad);
    }

    [Fact]
    public void BackwardWithAGradient()
    {
        var x = Torch.Tensor([1f, 2f, 3f], requiresGrad: true);
        var y = x * 2.0;
        y.Backward(Torch.Tensor([1f, 0.5f, -2f]));
        TensorAssert.Float32(x.Grad!, [3], 2f, 1f, -4f);

        var w = Torch.Tensor([1f, 2f], requiresGrad: true);
        (w * w).Sum().Backward(Torch.Tensor(3f));
        TensorAssert.Float32(w.Grad!, [2], 6f, 12f);
    }

    [Fact]
    public void BackwardGradientOfAnotherDTypeIsConverted()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        (x * 3.0).Backward(Torch.Tensor([1.0, 2.0]));
        TensorAssert.Float32(x.Grad!, [2], 3f, 6f);
    }

    [Fact]
    public void BackwardOnALeaf()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        x.Backward(Torch.Tensor([4f, 5f]));
        TensorAssert.Float32(x.Grad!, [2], 4f, 5f);
        var s = Torch.Tensor(2.0, requiresGrad: true);
        s.Backward();
        TensorAssert.Float64(s.Grad!, [], 1.0);
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardCalls()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        (x * x).Sum().Backward();
        TensorAssert.Float32(x.Grad!, [2], 2f, 4f);
        (x * 3.0).Sum().Backward();
        TensorAssert.Float32(x.Grad!, [2], 5f, 7f);
        x.Grad = null;
        (x * 3.0).Sum().Backward();
        TensorAssert.Float32(x.Grad!, [2], 3f, 3f);
    }

    [Fact]
    public void GradientsAccumulateWithinOneGraph()
    {
        // y = x * x + x + 2x: dy/dx = 2x + 3
        var x = Torch.Tensor([1.0, -2.0], requiresGrad: true);
        var a = x * 2.0;
        (x * x + x + a).Sum().Backward();
        TensorAssert.Float64(x.Grad!, [2], 5.0, -1.0);
    }

    [Fact]
    public void BroadcastGradientsAreSummedToTheInputShape()
    {
        var row = Torch.Tensor([1f, 2f, 3f], requiresGrad: true);
        var col = Torch.Tensor(new float[,] { { 10 }, { 20 } }, requiresGrad: true);
        var s = Torch.Tensor(2f, requiresGrad: true);
        (row * col * s).Sum().Backward();
        TensorAssert.Float32(row.Grad!, [3], 60f, 60f, 60f);
        TensorAssert.Float32(col.Grad!, [2, 1], 12f, 12f);
        TensorAssert.Float32(s.Grad!, [], 180f);
    }

    [Fact]
    public void SecondBackwardThroughSavedTensorsNeedsRetainGraph()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        var y = (x * x).Sum();
        y.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Equal("Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.", ex.Message);
        TensorAssert.Float32(x.Grad!, [2], 2f, 4f);
    }

    [Fact]
    public void RetainGraphAllowsASecondBackward()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        var y = (x.Exp() * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward(retainGraph: true);
        y.Backward();
        // d/dx (x e^x) = (x + 1) e^x, three times
        TensorAssert.Close(x.Grad!, DType.Float32, [2], 1e-5, 3 * 2 * Math.E, 3 * 3 * Math.Exp(2));
        Assert.Throws<InvalidOperationException>(() => y.Backward());
    }

    [Fact]
    public void GraphsWithoutSavedTensorsCanBeRunTwice()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        var y = (x + x.View(2) - 1.0).Sum();
        y.Backward();
        y.Backward();
        TensorAssert.Float32(x.Grad!, [2], 4f, 4f);
    }

    [Fact]
    public void DetachStopsTheGradient()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        var y = Torch.Tensor([3f, 4f], requiresGrad: true);
        var d = x.Detach();
        Assert.Null(d.GradFn);
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        Assert.Same(x.Storage, d.Storage);
        (d * y + x * x.Detach()).Sum().Backward();
        TensorAssert.Float32(x.Grad!, [2], 1f, 2f);
        TensorAssert.Float32(y.Grad!, [2], 1f, 2f);

        var z = (x * 2.0).Detach();
        Assert.Null(z.GradFn);
        Assert.Equal("element 0 of tensors does not require grad and does not have a grad_fn",
            Assert.Throws<InvalidOperationException>(() => z.Sum().Backward()).Message);
    }

    [Fact]
    public void MaxOfAllSharesTheGradientAmongTies()
    {
        var x = Torch.Tensor([1f, 3f, 3f, 2f], requiresGrad: true);
        x.Max().Backward();
        TensorAssert.Float32(x.Grad!, [4], 0f, 0.5f, 0.5f, 0f);
    }

    [Fact]
    public void MaxOverADimSendsTheGradientToTheReturnedIndex()
    {
        var x = Torch.Tensor(new float[,] { { 2, 7, 7 }, { 3, 3, 1 } }, requiresGrad: true);
        x.Max(1).Values.Backward(Torch.Tensor([10f, 20f]));
        TensorAssert.Float32(x.Grad!, [2, 3], 0, 10, 0, 20, 0, 0);
    }

    // PyTorch: relu's and abs's gradients at 0 are 0.
    [Fact]
    public void ReluAndAbsGradientsAtZero()
    {
        var x = Torch.Tensor([-1f, 0f, 2f], requiresGrad: true);
        x.Relu().Sum().Backward();
        TensorAssert.Float32(x.Grad!, [3], 0f, 0f, 1f);
        x.Grad = null;
        x.Abs().Sum().Backward();
        TensorAssert.Float32(x.Grad!, [3], -1f, 0f, 1f);
    }

    [Fact]
    public void GradientsOfViewsLandInTheRightPlaces()
    {
        var x = Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }, requiresGrad: true);
        ((x[1] * 10.0).Sum() + (x.T()[^1] * 2L).Sum() + x.Select(1, 0).Sum()).Backward();
        // x[1] -> row 1 gets 10; x.T()[^1] is column 2 -> 2; Select(1, 0) is column 0 -> 1
        TensorAssert.Float32(x.Grad!, [2, 3], 1, 0, 2, 11, 10, 12);
    }

    // ---- no_grad --------------------------------------------------------------------------------

    [Fact]
    public void NoGradDisablesRecordingUntilDisposed()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        Assert.True(Torch.IsGradEnabled);
        using (Torch.NoGrad())
        {
            Assert.False(Torch.IsGradEnabled);
            var y = x.Pow(2);
            Assert.False(y.RequiresGrad);
            Assert.Null(y.GradFn);
            // Leaves made inside no_grad still require grad when asked to.
            Assert.True(Torch.Zeros([1], requiresGrad: true).RequiresGrad);
            using (Torch.NoGrad()) Assert.False(Torch.IsGradEnabled);
            Assert.False(Torch.IsGradEnabled);
        }
        Assert.True(Torch.IsGradEnabled);
        Assert.True(x.Pow(2).RequiresGrad);
    }

    [Fact]
    public void DisposingANoGradScopeTwiceRestoresOnce()
    {
        var outer = Torch.NoGrad();
        var inner = Torch.NoGrad();
        inner.Dispose();
        inner.Dispose();
        Assert.False(Torch.IsGradEnabled);
        outer.Dispose();
        Assert.True(Torch.IsGradEnabled);
    }

    [Fact]
    public void NoGradOnThisThreadDoesNotReachAnotherThread()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        using (Torch.NoGrad())
        {
            bool otherEnabled = false;
            Tensor? other = null;
            var thread = new Thread(() =>
            {
                otherEnabled = Torch.IsGradEnabled;
                other = x * 2.0;
            });
            thread.Start();
            Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
            Assert.True(otherEnabled);
            Assert.Equal("MulBackward0", other!.GradFn!.Name);
            Assert.Null((x * 2.0).GradFn);
        }
    }

    [Fact]
    public void NoGradOnAnotherThreadDoesNotReachThisThread()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        bool otherRecorded = true;
        var thread = new Thread(() =>
        {
            using (Torch.NoGrad())
            {
                entered.Set();
                release.Wait(TimeSpan.FromSeconds(30));
                otherRecorded = (x * 2.0).GradFn is not null;
            }
        });
        thread.Start();
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        // The other thread is inside its no_grad scope now.
        Assert.True(Torch.IsGradEnabled);
        Assert.NotNull((x * 2.0).GradFn);
        release.Set();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        Assert.False(otherRecorded);
        Assert.True(Torch.IsGradEnabled);
    }

    // ---- errors ---------------------------------------------------------------------------------

    [Fact]
    public void BackwardOfANonScalarNeedsAGradient()
    {
        var x = Torch.Tensor([1f, 2f], requiresGrad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => (x * 2.0).Backward());
        Assert.Equal("grad can be implicitly created only for scalar outputs", ex.Message);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void BackwardOfATensorWithoutGradFails()
    {
        const string message = "element 0 of tensors does not require grad and does not have a grad_fn";
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => Torch.Ones(2).Sum().Backward()).Message);
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => Torch.Tensor(1f).Backward()).Message);
        var x = Torch.Tensor([1f], requiresGrad: true);
        Tensor y;
        using (Torch.NoGrad()) y = (x * 2.0).Sum();
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => y.Backward()).Message);
    }

    [Fact]
    public void BackwardWithAGradientOfTheWrongShape()
    {
        var x = Torch.Tensor([1f, 2f, 3f], requiresGrad: true);
        var y = x * 2.0;
        var ex = Assert.Throws<ArgumentException>(() => y.Backward(Torch.Tensor([1f, 1f])));
        Assert.Equal("Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3]).", ex.Message);
        var s = y.Sum();
        ex = Assert.Throws<ArgumentException>(() => s.Backward(Torch.Tensor([1f])));
        Assert.Equal("Mismatch in shape: grad_output[0] has a shape of torch.Size([1]) and output[0] has a shape of torch.Size([]).", ex.Message);
        Assert.Null(x.Grad);
        // The graph is intact: a correct call still works.
        s.Backward();
        TensorAssert.Float32(x.Grad!, [3], 2f, 2f, 2f);
    }
}
