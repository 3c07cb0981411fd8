using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// sin, cos, log1p, square, reciprocal, rsqrt and sign: values from their mathematical definitions
/// (exact where the float result is), the dtypes PyTorch gives, special values, and autograd nodes.
/// </summary>
public class MathFunctionTests
{
    [Fact]
    public void SinAndCosAtExactPoints()
    {
        var x = Torch.Tensor([0.0, Math.PI / 2, Math.PI, -Math.PI / 6]);
        TensorAssert.Close(x.Sin(), DType.Float64, [4], 1e-15, 0, 1, 0, -0.5);
        TensorAssert.Close(x.Cos(), DType.Float64, [4], 1e-15, 1, 0, -1, Math.Sqrt(3) / 2);
    }

    [Fact]
    public void Float32SinIsTheRoundedDoubleValue()
    {
        // A float32 op agrees with the double-precision value rounded, within an ulp.
        var values = new[] { 0.1f, 1f, 2.5f, -3f, 10f, 100f };
        var sin = Torch.Tensor(values).Sin().ToArray<float>();
        var cos = Torch.Tensor(values).Cos().ToArray<float>();
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal((float)Math.Sin(values[i]), sin[i], MathF.BitIncrement(MathF.Abs(sin[i])) - MathF.Abs(sin[i]));
            Assert.Equal((float)Math.Cos(values[i]), cos[i], MathF.BitIncrement(MathF.Abs(cos[i])) - MathF.Abs(cos[i]));
        }
    }

    [Fact]
    public void Log1pKeepsTheDigitsOfSmallArguments()
    {
        // log(1 + x) = x - x²/2 + x³/3 - …: for x = 1e-10 the naive log(1 + x) loses every digit.
        var tiny = Torch.Tensor([1e-10, -1e-12, 1e-5]).Log1p().ToArray<double>();
        Assert.Equal(1e-10 - 5e-21, tiny[0], 1e-24);
        Assert.Equal(-1e-12 - 5e-25, tiny[1], 1e-27);
        Assert.Equal(1e-5 - 5e-11 + 1e-15 / 3, tiny[2], 1e-19);
        // float32: the value rounded once (x - x²/2 for the float nearest 1e-7, whose x³ term is below its ulp).
        var f = Torch.Tensor([1e-7f, 1f, -0.5f]).Log1p();
        double x = 1e-7f;
        TensorAssert.Float32(f, [3], (float)(x - x * x / 2), (float)Math.Log(2), (float)Math.Log(0.5));
    }

    [Fact]
    public void SpecialValuesAsIeeeDefinesThem()
    {
        var log1p = Torch.Tensor([-1f, -2f, float.PositiveInfinity]).Log1p().ToArray<float>();
        Assert.Equal(float.NegativeInfinity, log1p[0]);
        Assert.True(float.IsNaN(log1p[1]));
        Assert.Equal(float.PositiveInfinity, log1p[2]);

        var rsqrt = Torch.Tensor([4f, 0f, -0f, -1f, float.PositiveInfinity]).Rsqrt().ToArray<float>();
        Assert.Equal([0.5f, float.PositiveInfinity, float.NegativeInfinity], rsqrt[..3]);
        Assert.True(float.IsNaN(rsqrt[3]));
        Assert.Equal(0f, rsqrt[4]);

        var reciprocal = Torch.Tensor([4f, 0f, -0f, float.PositiveInfinity]).Reciprocal().ToArray<float>();
        Assert.Equal([0.25f, float.PositiveInfinity, float.NegativeInfinity, 0f], reciprocal);
    }

    [Fact]
    public void SquareIsExact()
    {
        TensorAssert.Float32(Torch.Tensor([3f, -1.5f, 0f]).Square(), [3], 9f, 2.25f, 0f);
        // PyTorch's square is pow(self, 2): integers stay integers, bools become int64.
        TensorAssert.Int64(Torch.Tensor([3L, -4L]).Square(), [2], 9L, 16L);
        TensorAssert.Int32(Torch.Tensor([3, -4]).Square(), [2], 9, 16);
        TensorAssert.Int64(Torch.Tensor([true, false]).Square(), [2], 1L, 0L);
    }

    [Fact]
    public void FloatingFunctionsOfIntegersAndBoolsGiveFloat32()
    {
        foreach (var t in new[] { Torch.Tensor([1L, 4L]), Torch.Tensor([1, 4]), Torch.Tensor([true, true]) })
        {
            Assert.Equal(DType.Float32, t.Sin().DType);
            Assert.Equal(DType.Float32, t.Cos().DType);
            Assert.Equal(DType.Float32, t.Log1p().DType);
            Assert.Equal(DType.Float32, t.Reciprocal().DType);
            Assert.Equal(DType.Float32, t.Rsqrt().DType);
        }
        TensorAssert.Float32(Torch.Tensor([1L, 4L]).Rsqrt(), [2], 1f, 0.5f);
    }

    [Fact]
    public void SignOfEachDType()
    {
        TensorAssert.Float32(Torch.Tensor([-2f, 0f, -0f, 3f, float.NaN]).Sign(), [5], -1f, 0f, 0f, 1f, 0f);
        TensorAssert.Int64(Torch.Tensor([-7L, 0L, 5L]).Sign(), [3], -1L, 0L, 1L);
        TensorAssert.Bool(Torch.Tensor([true, false]).Sign(), [2], true, false);
    }

    [Theory]
    [InlineData("Sin", "SinBackward0")]
    [InlineData("Cos", "CosBackward0")]
    [InlineData("Log1p", "Log1PBackward0")]
    [InlineData("Square", "PowBackward0")]
    [InlineData("Reciprocal", "ReciprocalBackward0")]
    [InlineData("Rsqrt", "RsqrtBackward0")]
    [InlineData("Sign", "SignBackward0")]
    public void AutogradNodesArePyTorchs(string op, string node)
    {
        var x = Torch.Tensor([0.5f, 2f], requiresGrad: true);
        var y = (Tensor)typeof(Tensor).GetMethod(op, Type.EmptyTypes)!.Invoke(x, null)!;
        Assert.Equal(node, y.GradFn!.Name);
    }

    [Fact]
    public void GradientsFromTheirDerivatives()
    {
        var x = Torch.Tensor([0.5, 2.0], requiresGrad: true);
        (x.Sin() + x.Cos() + x.Log1p() + x.Square() + x.Reciprocal() + x.Rsqrt() + x.Sign()).Sum().Backward();
        double D(double v) => Math.Cos(v) - Math.Sin(v) + 1 / (1 + v) + 2 * v - 1 / (v * v) - 0.5 * Math.Pow(v, -1.5);
        TensorAssert.Close(x.Grad!, DType.Float64, [2], 1e-14, D(0.5), D(2.0));
    }

    [Fact]
    public void SignSavesNothingSinSavesItsInput()
    {
        // What a backward formula reads is what its node keeps, and frees after a backward.
        var x = Torch.Tensor([0.5f, 2f], requiresGrad: true);
        var sign = (x.Sign() + x).Sum();
        sign.Backward();
        sign.Backward();
        TensorAssert.Float32(x.Grad!, [2], 2f, 2f);

        var sin = x.Sin().Sum();
        sin.Backward();
        Assert.Throws<InvalidOperationException>(() => sin.Backward());
    }
}
