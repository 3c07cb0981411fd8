using System;
using System.Linq;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>Zeros, Ones, Full, Arange, the random factories with an explicit generator, and the *Like factories.</summary>
public class FactoryTests
{
    [Fact]
    public void ZerosAndOnesDefaultToFloat32()
    {
        TensorAssert.Float32(Torch.Zeros(2, 3), [2, 3], 0, 0, 0, 0, 0, 0);
        TensorAssert.Float32(Torch.Ones(3), [3], 1, 1, 1);
        TensorAssert.Float32(Torch.Zeros(), [], 0f);
        TensorAssert.Float32(Torch.Ones(2, 0), [2, 0]);
    }

    [Fact]
    public void ZerosAndOnesWithDType()
    {
        TensorAssert.Int64(Torch.Zeros([2], DType.Int64), [2], 0, 0);
        TensorAssert.Float64(Torch.Ones([1, 2], DType.Float64), [1, 2], 1, 1);
        TensorAssert.Bool(Torch.Ones([2], DType.Bool), [2], true, true);
        TensorAssert.Int32(Torch.Ones([2], DType.Int32), [2], 1, 1);
    }

    [Fact]
    public void FactoriesWithRequiresGradMakeLeaves()
    {
        foreach (var t in new[]
                 {
                     Torch.Zeros([2], requiresGrad: true), Torch.Ones([2], DType.Float64, requiresGrad: true),
                     Torch.Full([2], 3.0, requiresGrad: true), Torch.Randn([2], requiresGrad: true, generator: new Generator(1)),
                     Torch.Rand([2], requiresGrad: true, generator: new Generator(1)),
                     Torch.Arange(0.0, 2.0, 1.0, requiresGrad: true),
                 })
        {
            Assert.True(t.RequiresGrad);
            Assert.True(t.IsLeaf);
        }
        Assert.Throws<InvalidOperationException>(() => Torch.Zeros([2], DType.Int64, requiresGrad: true));
        Assert.Throws<InvalidOperationException>(() => Torch.Arange(0, 3, requiresGrad: true));
    }

    // torch.full((2, 2), 1.5) is float32; torch.full((2,), 7) is int64; torch.full((2,), True) is bool.
    [Fact]
    public void FullTakesItsDTypeFromTheValue()
    {
        TensorAssert.Float32(Torch.Full([2, 2], 1.5), [2, 2], 1.5f, 1.5f, 1.5f, 1.5f);
        TensorAssert.Int64(Torch.Full([2], 7L), [2], 7, 7);
        TensorAssert.Bool(Torch.Full([1], true), [1], true);
        TensorAssert.Float64(Torch.Full([2], 7L, DType.Float64), [2], 7, 7);
        TensorAssert.Int32(Torch.Full([2], 2.9, DType.Int32), [2], 2, 2);
        TensorAssert.Float32(Torch.Full([], -1.0), [], -1f);
    }

    [Fact]
    public void NegativeSizesFail()
    {
        // zeros checks its sizes itself; the others leave it to empty (libtorch 2.10's texts).
        Assert.Equal("zeros: Dimension size must be non-negative.",
            Assert.Throws<ArgumentException>(() => Torch.Zeros(-1, 2)).Message);
        Assert.Equal("zeros: Dimension size must be non-negative.",
            Assert.Throws<ArgumentException>(() => Torch.Zeros(2, -1)).Message);
        Assert.Equal("Trying to create tensor with negative dimension -3: [2, -3]",
            Assert.Throws<ArgumentException>(() => Torch.Ones(2, -3)).Message);
        Assert.Equal("Trying to create tensor with negative dimension -1: [-1]",
            Assert.Throws<ArgumentException>(() => Torch.Full([-1], 2.0)).Message);
        Assert.Equal("Trying to create tensor with negative dimension -2: [-2]",
            Assert.Throws<ArgumentException>(() => Torch.Randn([-2], generator: new Generator(1))).Message);
    }

    // ---- arange ----------------------------------------------------------------------------

    [Fact]
    public void ArangeOfIntegersIsInt64()
    {
        TensorAssert.Int64(Torch.Arange(5), [5], 0, 1, 2, 3, 4);
        TensorAssert.Int64(Torch.Arange(1, 10, 3), [3], 1, 4, 7);
        TensorAssert.Int64(Torch.Arange(10, 0, -3), [4], 10, 7, 4, 1);
        TensorAssert.Int64(Torch.Arange(3, 3), [0]);
        TensorAssert.Float64(Torch.Arange(0, 3, dtype: DType.Float64), [3], 0, 1, 2);
    }

    [Fact]
    public void ArangeOfFloatsIsFloat32()
    {
        TensorAssert.Float32(Torch.Arange(4.0), [4], 0, 1, 2, 3);
        TensorAssert.Float32(Torch.Arange(0.0, 1.0, 0.25), [4], 0f, 0.25f, 0.5f, 0.75f);
        // ceil((1 - 0) / 0.3) = 4 elements: 0, 0.3, 0.6, 0.9 (each start + i * step).
        TensorAssert.Float32(Torch.Arange(0.0, 1.0, 0.3), [4], 0f, 0.3f, 0.6f, (float)(3 * 0.3));
        TensorAssert.Float64(Torch.Arange(1.0, 0.0, -0.5, DType.Float64), [2], 1.0, 0.5);
    }

    [Fact]
    public void ArangeRejectsBadSteps()
    {
        Assert.Equal("step must be nonzero", Assert.Throws<ArgumentException>(() => Torch.Arange(0, 5, 0)).Message);
        Assert.Equal("upper bound and lower bound inconsistent with step sign",
            Assert.Throws<ArgumentException>(() => Torch.Arange(5, 0)).Message);
        Assert.Equal("upper bound and lower bound inconsistent with step sign",
            Assert.Throws<ArgumentException>(() => Torch.Arange(0.0, 1.0, -0.5)).Message);
    }

    // ---- random with an explicit generator -------------------------------------------------

    // torch.manual_seed(0); torch.randn(5) -> tensor([ 1.5410, -0.2934, -2.1788,  0.5684, -1.0845])
    [Fact]
    public void RandnWithAGeneratorDrawsPyTorchsNumbers()
    {
        var t = Torch.Randn([5], generator: new Generator(0));
        TensorAssert.Close(t, DType.Float32, [5], 5e-5, 1.5410, -0.2934, -2.1788, 0.5684, -1.0845);
    }

    [Fact]
    public void RandnWithDTypeAndShape()
    {
        var t = Torch.Randn([2, 3], DType.Float64, generator: new Generator(3));
        Assert.Equal(DType.Float64, t.DType);
        TensorAssert.Shape(t, 2, 3);
        Assert.Equal(Torch.Randn([2, 3], DType.Float64, generator: new Generator(3)).ToArray<double>(), t.ToArray<double>());
        Assert.NotEqual(Torch.Randn([2, 3], DType.Float64, generator: new Generator(4)).ToArray<double>(), t.ToArray<double>());
        Assert.Equal("\"normal_kernel_cpu\" not implemented for 'Long'",
            Assert.Throws<ArgumentException>(() => Torch.Randn([2], DType.Int64, generator: new Generator(1))).Message);
    }

    [Fact]
    public void TheGeneratorAdvances()
    {
        var g = new Generator(7);
        var a = Torch.Randn([4], generator: g).ToArray<float>();
        var b = Torch.Randn([4], generator: g).ToArray<float>();
        Assert.NotEqual(a, b);
        var h = new Generator(7);
        Assert.Equal(a, Torch.Randn([4], generator: h).ToArray<float>());
        Assert.Equal(b, Torch.Randn([4], generator: h).ToArray<float>());
    }

    [Fact]
    public void RandIsUniformInTheUnitInterval()
    {
        var t = Torch.Rand([1000], generator: new Generator(2));
        Assert.Equal(DType.Float32, t.DType);
        var v = t.ToArray<float>();
        Assert.All(v, x => Assert.InRange(x, 0f, 0.99999994f));
        Assert.InRange(v.Average(), 0.45, 0.55);
        var d = Torch.Rand([3, 2], DType.Float64, generator: new Generator(2));
        Assert.Equal(DType.Float64, d.DType);
        TensorAssert.Shape(d, 3, 2);
        Assert.Equal("\"check_uniform_bounds\" not implemented for 'Long'",
            Assert.Throws<ArgumentException>(() => Torch.Rand([2], DType.Int64, generator: new Generator(1))).Message);
    }

    [Fact]
    public void RandintIsInt64InTheHalfOpenRange()
    {
        var t = Torch.Randint(10, [500], generator: new Generator(3));
        Assert.Equal(DType.Int64, t.DType);
        var v = t.ToArray<long>();
        Assert.All(v, x => Assert.InRange(x, 0L, 9L));
        Assert.Equal(10, v.Distinct().Count());

        var u = Torch.Randint(5, 8, [2, 50], generator: new Generator(3));
        TensorAssert.Shape(u, 2, 50);
        Assert.All(u.ToArray<long>(), x => Assert.InRange(x, 5L, 7L));

        var i = Torch.Randint(0, 3, [4], DType.Int32, generator: new Generator(3));
        Assert.Equal(DType.Int32, i.DType);
        Assert.All(i.ToArray<int>(), x => Assert.InRange(x, 0, 2));
    }

    // ---- *Like -----------------------------------------------------------------------------

    [Fact]
    public void LikeFactoriesKeepShapeAndDType()
    {
        var f64 = Torch.Tensor(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        TensorAssert.Float64(Torch.ZerosLike(f64), [2, 3], 0, 0, 0, 0, 0, 0);
        TensorAssert.Float64(Torch.OnesLike(f64), [2, 3], 1, 1, 1, 1, 1, 1);
        TensorAssert.Int64(Torch.OnesLike(Torch.Arange(2)), [2], 1, 1);
        TensorAssert.Float32(Torch.ZerosLike(f64, DType.Float32), [2, 3], 0, 0, 0, 0, 0, 0);

        var r = Torch.RandnLike(f64, generator: new Generator(0));
        Assert.Equal(DType.Float64, r.DType);
        TensorAssert.Shape(r, 2, 3);
        var u = Torch.RandLike(f64.T(), DType.Float32, generator: new Generator(0));
        Assert.Equal(DType.Float32, u.DType);
        TensorAssert.Shape(u, 3, 2);

        Assert.True(Torch.ZerosLike(f64, requiresGrad: true).RequiresGrad);
        Assert.True(Torch.RandnLike(f64, requiresGrad: true, generator: new Generator(0)).IsLeaf);
        Assert.False(Torch.OnesLike(f64).RequiresGrad);
        Assert.Throws<ArgumentException>(() => Torch.RandnLike(Torch.Arange(3), generator: new Generator(0)));
    }
}

/// <summary>The factories and Torch.ManualSeed on the default generator (process-wide, so serialized with the tutorial).</summary>
[Collection(DefaultGeneratorCollection.Name)]
public class DefaultGeneratorFactoryTests
{
    [Fact]
    public void ManualSeedReturnsTheDefaultGenerator()
    {
        Assert.Same(Generator.Default, Torch.ManualSeed(1));
        Assert.Equal(1L, Generator.Default.InitialSeed);
    }

    // The tutorial's first draw: torch.manual_seed(1); torch.randn((3, 4, 5)) starts -1.5256, -0.7502, -0.6540, -1.6095.
    [Fact]
    public void RandnUsesTheDefaultGenerator()
    {
        Torch.ManualSeed(1);
        var x = Torch.Randn(3, 4, 5);
        TensorAssert.Shape(x, 3, 4, 5);
        var v = x.ToArray<float>();
        Assert.Equal(-1.5256, v[0], 5e-5);
        Assert.Equal(-0.7502, v[1], 5e-5);
        Assert.Equal(-0.6540, v[2], 5e-5);
        Assert.Equal(-1.6095, v[3], 5e-5);
        Assert.Equal(-0.8313, v[59], 5e-5);

        Torch.ManualSeed(1);
        Assert.Equal(v, Torch.Randn(3, 4, 5).ToArray<float>());
        Assert.Equal(v, Torch.Randn([3, 4, 5], generator: new Generator(1)).ToArray<float>());
    }

    [Fact]
    public void EveryRandomFactoryDrawsFromTheDefaultGenerator()
    {
        Torch.ManualSeed(11);
        var a = new[] { Torch.Rand(3), Torch.Randint(100, [3]), Torch.RandnLike(Torch.Zeros(3)), Torch.RandLike(Torch.Zeros(3)) };
        var g = new Generator(11);
        var b = new[]
        {
            Torch.Rand([3], generator: g), Torch.Randint(100, [3], generator: g),
            Torch.Randn([3], generator: g), Torch.Rand([3], generator: g),
        };
        for (int i = 0; i < a.Length; i++) Assert.Equal(b[i].ToArray<double>(), a[i].ToArray<double>());
    }
}
