using System;
using TensorDsl.Kernels;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// The float32 fast paths (contiguous operands read in place) against the general path, reached by
/// giving the same values as non-contiguous views: every layout gives the same bits.
/// </summary>
public class FloatFastPathTests
{
    private static Tensor Values(int seed, params int[] shape)
    {
        var random = new Random(seed);
        var data = new float[(int)Shapes.ShapeRules.Numel(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 4 - 2);
        return Torch.Tensor(data).Reshape(shape);
    }

    // The same values in a layout that is not contiguous, so ops take the general path: transposed,
    // or for one dim every other element of a longer storage. A number stays a number.
    private static Tensor Strided(Tensor t) => t.Sizes.Length switch
    {
        0 => t,
        1 => Torch.Stack([t, t], 1).Select(1, 0),
        _ => t.Transpose(-1, -2).Contiguous().Transpose(-1, -2),
    };

    public static TheoryData<int[], int[]> Layouts => new()
    {
        { [3, 8], [3, 8] },   // same shape
        { [5, 9], [9] },      // a row repeated along the leading dim (a bias)
        { [5, 9], [1, 9] },
        { [9], [4, 9] },      // the row on the left
        { [2, 3, 4], [3, 4] },
        { [4, 6], [] },       // a number
        { [], [4, 6] },
        { [2, 1, 4], [2, 3, 4] },   // neither: general path on both sides
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ArithmeticGivesTheSameBitsInEveryLayout(int[] left, int[] right)
    {
        var (a, b) = (Values(1, left), Values(2, right));
        var (sa, sb) = (Strided(a), Strided(b));
        foreach (var op in new Func<Tensor, Tensor, Tensor>[] { (x, y) => x + y, (x, y) => x - y, (x, y) => x * y, (x, y) => x / y })
        {
            var fast = op(a, b);
            Assert.Equal(op(sa, sb).ToArray<float>(), fast.ToArray<float>());
            Assert.Equal(op(sa, sb).Sizes, fast.Sizes);
        }
    }

    [Fact]
    public void WrappedNumbersTakeTheFastPathWithTheirFloatValue()
    {
        var a = Values(3, 4, 5);
        Assert.Equal((Strided(a) * 0.1).ToArray<float>(), (a * 0.1).ToArray<float>());
        Assert.Equal((1 - Strided(a)).ToArray<float>(), (1 - a).ToArray<float>());
    }

    [Fact]
    public void AnIntegerNumberConvertsToFloatAsTheGeneralPathConvertsIt()
    {
        // 2^53 + 2^29 + 1 becomes 2^53 + 2^29 in double, a tie that float then rounds to 2^53; converted
        // directly it is 2^53 + 2^30. The fast path must convert as the general path does.
        var a = Values(7, 3, 5);
        var big = Torch.Tensor(new[] { (1L << 53) + (1L << 29) + 1 }).Reshape();
        Assert.Equal((Strided(a) + big).ToArray<float>(), (a + big).ToArray<float>());
        Assert.Equal((big - Strided(a)).ToArray<float>(), (big - a).ToArray<float>());
    }

    [Fact]
    public void FunctionsGiveTheVectorFormsBitsInEveryLayout()
    {
        var a = Values(4, 7, 11);   // 77 elements: vector bodies and a tail
        var s = Strided(a);
        foreach (var (name, op, f) in new (string, Func<Tensor, Tensor>, Func<float, float>)[]
        {
            ("exp", t => t.Exp(), KernelSupport.Exp), ("tanh", t => t.Tanh(), KernelSupport.Tanh),
            ("sigmoid", t => t.Sigmoid(), KernelSupport.Sigmoid), ("log", t => t.Abs().Log(), x => KernelSupport.Log(MathF.Abs(x))),
        })
        {
            var expected = Array.ConvertAll(a.ToArray<float>(), x => f(x));
            Assert.True(expected.AsSpan().SequenceEqual(op(a).ToArray<float>()), name + " (contiguous)");
            Assert.True(expected.AsSpan().SequenceEqual(op(s).ToArray<float>()), name + " (strided)");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void SumsAndMeansGiveTheSameBitsInEveryLayout(int dim)
    {
        var a = Values(5, 6, 10, 9);
        var s = a.Permute(2, 0, 1).Contiguous().Permute(1, 2, 0);
        Assert.False(s.IsContiguous());
        Assert.Equal(s.Sum(dim).ToArray<float>(), a.Sum(dim).ToArray<float>());
        Assert.Equal(s.Mean(dim).ToArray<float>(), a.Mean(dim).ToArray<float>());
        Assert.Equal(s.Sum().Item<float>(), a.Sum().Item<float>());
        Assert.Equal(s.Mean().Item<float>(), a.Mean().Item<float>());
    }

    [Fact]
    public void GradientsAccumulateInPlaceIntoTheSameTensor()
    {
        // PyTorch's grad += g: a reference to .Grad taken after the first backward sees the second.
        var w = Values(6, 3, 4).RequiresGrad_();
        (w * w).Sum().Backward();
        var grad = w.Grad!;
        var first = grad.ToArray<float>();
        (w * 3.0).Sum().Backward();
        Assert.Same(grad, w.Grad);
        var expected = Array.ConvertAll(first, g => g + 3f);
        Assert.Equal(expected, grad.ToArray<float>());
    }
}
