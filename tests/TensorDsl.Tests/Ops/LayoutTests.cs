using System;
using System.Linq;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// The strides of new results, as libtorch 2.10 gives them (each expected stride below was read
/// from libtorch through TorchSharp 0.107): element-wise ops follow TensorIterator's choice, and
/// clone, to and the *_like factories keep a dense input's strides (torch.preserve_format).
/// Values never depend on the layout.
/// </summary>
public class LayoutTests
{
    private static readonly Tensor X = Torch.Arange(6).Reshape(2, 3).To(DType.Float32);
    private static readonly Tensor Y = Torch.Arange(24).Reshape(2, 3, 4).To(DType.Float32);

    private static void Strides(int[] expected, Tensor t) => Assert.Equal(expected, t.Stride());

    [Fact]
    public void ElementwiseResultsOfATransposeAreTransposed()
    {
        var xt = X.T();
        Strides([1, 3], xt * 2);
        Strides([1, 3], xt + xt);
        Strides([1, 3], xt + xt.Contiguous());   // the first input with an order decides
        Strides([2, 1], xt.Contiguous() + xt);
        Strides([1, 3], xt.Exp());
        Strides([1, 3], xt > 1);
        Strides([1, 3], Torch.Where(xt > 1, xt, X.T()));
        Strides([1, 3], xt + Torch.Randn(3, 1));   // broadcast inputs do not vote
        Strides([1, 3], Torch.Randn(3, 1) + xt);
        Strides([1, 3], xt + Torch.Randn(2));
    }

    [Fact]
    public void AViewOfATransposedResultFailsAsInPyTorch()
    {
        var y = Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }).T() * 2;
        Assert.Equal(new[] { 1, 3 }, y.Stride());
        Assert.Throws<ArgumentException>(() => y.View(-1));
        Assert.Equal(new float[] { 2, 8, 4, 10, 6, 12 }, y.Reshape(-1).ToArray<float>());
    }

    [Fact]
    public void PermutedInputsKeepTheirOrder()
    {
        var yp = Y.Permute(2, 0, 1);   // strides [1, 12, 4]
        int[] same = [1, 12, 4];
        foreach (var r in new[] { yp.Neg(), yp.Relu(), yp.Pow(2), yp.Clamp(0, 5), yp.Sigmoid(), yp.Tanh(), yp.Abs(), yp.Clone(),
                     Torch.OnesLike(yp), Torch.ZerosLike(yp), Torch.FullLike(yp, 2), yp.To(DType.Int64), yp.To(DType.Int64) + 1.5 })
        {
            Strides(same, r);
        }
        Strides([6, 3, 1], yp.Contiguous());
        Strides([6, 3, 1], yp.Softmax(0));
        Strides([1, 4], yp.Reshape(4, 6));   // still a view
    }

    [Fact]
    public void ExpandedAndSlicedInputsGiveDenseResults()
    {
        var e = Torch.Randn(3).Expand(2, 3);
        Strides([3, 1], e.Neg());
        Strides([3, 1], e.Clone());
        Strides([3, 1], e + X);
        var big = Torch.Randn(4, 5).T()[1..4];   // [3, 4], strides [1, 5]
        Strides([1, 3], big.Neg());
        Strides([1, 3], big.Clone());
    }

    [Fact]
    public void SizeOneDimsFollowEachRule()
    {
        var z = Torch.Randn(1, 3).T();   // [3, 1], strides [1, 3]: contiguous by is_contiguous's rules
        Strides([1, 1], z.Neg());         // fast set-up: row-major
        Strides([1, 3], z * 2);           // with a number: ordered by strides
        Strides([1, 3], z.Clone());       // dense: strides copied
        var w = Torch.Randn(2, 1, 3).Permute(2, 1, 0);   // [3, 1, 2], strides [1, 3, 3]
        Strides([1, 3, 3], w.Neg());
        Strides([1, 3, 3], w.Clone());
        Strides([1, 3, 3], w + w);
    }

    [Fact]
    public void ValuesAndGradientsDoNotDependOnTheLayout()
    {
        var a = Torch.Randn([4, 3, 5], generator: new Generator(3)).Permute(2, 0, 1).Detach().RequiresGrad_();
        var b = Torch.Randn([5, 4, 1], generator: new Generator(4));
        var plain = a.Contiguous();
        var r = (a * b).Tanh() + a.Exp();
        var expected = (plain.Detach() * b).Tanh() + plain.Detach().Exp();
        Assert.Equal(expected.ToArray<float>(), r.ToArray<float>());
        r.Sum().Backward();
        var g = a.Grad!;
        // The gradient of a dense leaf has the leaf's layout (PyTorch's AccumulateGrad contract).
        Assert.Equal(a.Stride(), g.Stride());
        var t = plain.Detach().RequiresGrad_();
        ((t * b).Tanh() + t.Exp()).Sum().Backward();
        Assert.Equal(t.Grad!.ToArray<float>(), g.ToArray<float>());
    }

    [Fact]
    public void ASingleInputCatIsANewRowMajorTensor()
    {
        // torch.cat computes its output's memory format from its inputs (contiguous here) and
        // records CatBackward0. (TorchSharp returns a lone input itself, a shortcut of its own.)
        var xt = X.T().Detach().RequiresGrad_();
        var c = Torch.Cat([xt], 0);
        Strides([2, 1], c);
        Assert.Equal("CatBackward0", c.GradFn!.Name);
        Assert.Equal(xt.ToArray<float>(), c.ToArray<float>());
    }
}
