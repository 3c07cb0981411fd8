using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// PyTorch's result_type: dims tensors outrank 0-dim tensors, which outrank C# numbers (wrapped numbers),
/// unless a lower-priority operand is of a higher category (bool &lt; integer &lt; floating); a C# floating
/// number counts as the default dtype float32. Division is true division.
/// </summary>
public class TypePromotionTests
{
    private static Tensor I64(params long[] v) => Torch.Tensor(v);
    private static Tensor I32(params int[] v) => Torch.Tensor(v);
    private static Tensor F32(params float[] v) => Torch.Tensor(v);
    private static Tensor F64(params double[] v) => Torch.Tensor(v);
    private static Tensor B(params bool[] v) => Torch.Tensor(v);

    // torch.tensor([1, 2]) + 2.5 -> tensor([3.5000, 4.5000])  (float32)
    [Fact]
    public void Int64TensorPlusFloatNumberIsFloat32() => TensorAssert.Float32(I64(1, 2) + 2.5, [2], 3.5f, 4.5f);

    [Fact]
    public void FloatNumberOnTheLeftPromotesTheSame()
    {
        TensorAssert.Float32(2.5 + I64(1, 2), [2], 3.5f, 4.5f);
        TensorAssert.Float32(2.0 * I32(3), [1], 6f);
        TensorAssert.Float32(5.5 - I64(1), [1], 4.5f);
    }

    // torch.tensor([1, 2]) / torch.tensor([2, 4]) -> tensor([0.5000, 0.5000])
    [Fact]
    public void IntegerDivisionIsTrueDivisionToFloat32()
    {
        TensorAssert.Float32(I64(1, 2) / I64(2, 4), [2], 0.5f, 0.5f);
        TensorAssert.Float32(I64(3) / 2L, [1], 1.5f);
        TensorAssert.Float32(I32(3) / I32(4), [1], 0.75f);
        TensorAssert.Float32(3L / I64(4), [1], 0.75f);
        TensorAssert.Float32(B(true, false) / B(true, true), [2], 1f, 0f);
        TensorAssert.Float32(I64(1, -1, 0) / I64(0, 0, 0), [3], float.PositiveInfinity, float.NegativeInfinity, float.NaN);
    }

    [Fact]
    public void DivisionOfDoublesStaysFloat64() => TensorAssert.Float64(F64(1) / I64(4), [1], 0.25);

    // torch.tensor([1, 2], dtype=torch.int32) + 5 -> int32: a wrapped integer never widens an integer tensor.
    [Fact]
    public void Int32TensorPlusLongNumberStaysInt32()
    {
        TensorAssert.Int32(I32(1, 2) + 5L, [2], 6, 7);
        TensorAssert.Int32(I32(1, 2) * 3L, [2], 3, 6);
        TensorAssert.Int32(10L - I32(1, 2), [2], 9, 8);
    }

    [Fact]
    public void ZeroDimTensorOfTheSameCategoryDoesNotPromote()
    {
        TensorAssert.Int32(I32(1, 2) + Torch.Tensor(5L), [2], 6, 7);
        // torch.ones(1) + torch.tensor(2., dtype=torch.float64) -> float32
        TensorAssert.Float32(F32(1) + Torch.Tensor(2.0), [1], 3f);
        TensorAssert.Float32(Torch.Tensor(2.0) * F32(1.5f), [1], 3f);
    }

    [Fact]
    public void ZeroDimTensorOfAHigherCategoryPromotes()
    {
        TensorAssert.Float64(I32(1) + Torch.Tensor(2.5), [1], 3.5);
        TensorAssert.Float32(I64(1) + Torch.Tensor(2.5f), [1], 3.5f);
        TensorAssert.Int64(B(true) + Torch.Tensor(2L), [1], 3L);
    }

    [Fact]
    public void DimsTensorsPromoteEachOther()
    {
        TensorAssert.Float64(F32(1) + F64(2), [1], 3.0);
        TensorAssert.Int64(I32(1) + I64(2), [1], 3L);
        TensorAssert.Float32(I64(1) * F32(2), [1], 2f);
        TensorAssert.Float64(I32(3) - F64(0.5), [1], 2.5);
    }

    [Fact]
    public void ZeroDimTensorsAloneFollowTheirOwnDTypes()
    {
        TensorAssert.Float64(Torch.Tensor(1f) + Torch.Tensor(2.0), [], 3.0);
        TensorAssert.Int64(Torch.Tensor(1) + Torch.Tensor(2L), [], 3L);
        TensorAssert.Float64(Torch.Tensor(1.5) + 2.5, [], 4.0);
        TensorAssert.Float32(Torch.Tensor(1L) + 2.5, [], 3.5f);
        TensorAssert.Int32(Torch.Tensor(1) + 2L, [], 3);
    }

    // torch.tensor([True, False]) + torch.tensor([True, True]) -> tensor([True, True])
    [Fact]
    public void BoolArithmetic()
    {
        TensorAssert.Bool(B(true, false) + B(true, true), [2], true, true);
        TensorAssert.Bool(B(true, false) * B(true, true), [2], true, false);
        TensorAssert.Int32(B(true, false) * I32(3, 4), [2], 3, 0);
        TensorAssert.Int64(B(true, false) + 1L, [2], 2L, 1L);
        TensorAssert.Float32(B(true, false) + 0.5, [2], 1.5f, 0.5f);
        TensorAssert.Float64(B(true) * F64(0.25), [1], 0.25);
    }

    // sub_check: a bool operand is an error for `-`, whatever the other operand; so is negating a bool.
    [Fact]
    public void BoolSubtractionAndNegationFail()
    {
        Assert.Equal("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
            Assert.Throws<ArgumentException>(() => B(true) - B(false)).Message);
        const string withABool = "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.";
        Assert.Equal(withABool, Assert.Throws<ArgumentException>(() => B(true) - 1L).Message);
        Assert.Equal(withABool, Assert.Throws<ArgumentException>(() => 1L - B(true)).Message);
        Assert.Equal(withABool, Assert.Throws<ArgumentException>(() => I64(1) - B(true)).Message);
        Assert.Equal(withABool, Assert.Throws<ArgumentException>(() => B(true) - F32(1f)).Message);
        Assert.Equal("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
            Assert.Throws<ArgumentException>(() => -B(true)).Message);
    }

    [Fact]
    public void IntegerArithmeticStaysInteger()
    {
        TensorAssert.Int64(I64(7, -7) * 2L, [2], 14L, -14L);
        TensorAssert.Int64(I64(7) - I64(9), [1], -2L);
        TensorAssert.Int32(-I32(3), [1], -3);
        TensorAssert.Int64(I64(-3, 4).Abs(), [2], 3L, 4L);
        TensorAssert.Int32(I32(-3, 4).Relu(), [2], 0, 4);
    }

    [Fact]
    public void FloatingFunctionsOfIntegersAreFloat32()
    {
        TensorAssert.Float32(I64(0).Exp(), [1], 1f);
        TensorAssert.Float32(I32(4, 9).Sqrt(), [2], 2f, 3f);
        TensorAssert.Float32(I64(1).Log(), [1], 0f);
        TensorAssert.Float32(B(false).Sigmoid(), [1], 0.5f);
        TensorAssert.Float32(I64(0).Tanh(), [1], 0f);
        TensorAssert.Float64(F64(4).Sqrt(), [1], 2.0);
    }

    // torch.tensor([3]) ** 2 -> tensor([9]); ** 0.5 -> float32; torch.tensor([True]) ** 2 -> tensor([1]) (int64)
    [Fact]
    public void PowPromotion()
    {
        TensorAssert.Int64(I64(3, -2).Pow(2), [2], 9L, 4L);
        TensorAssert.Int32(I32(2).Pow(10), [1], 1024);
        TensorAssert.Float32(I64(4).Pow(0.5), [1], 2f);
        TensorAssert.Int64(B(true, false).Pow(2), [2], 1L, 0L);
        TensorAssert.Float64(F64(3).Pow(2), [1], 9.0);
        Assert.Equal("Integers to negative integer powers are not allowed.",
            Assert.Throws<ArgumentException>(() => I64(2).Pow(-1)).Message);
    }

    // torch.tensor([1, 2], dtype=torch.int32).sum() -> int64; bools sum to their count.
    [Fact]
    public void SumOfIntegersAndBoolsIsInt64()
    {
        TensorAssert.Int64(I32(1, 2, 3).Sum(), [], 6L);
        TensorAssert.Int64(B(true, true, false).Sum(), [], 2L);
        TensorAssert.Int64(Torch.Tensor(new[,] { { 1, 2 }, { 3, 4 } }).Sum(0), [2], 4L, 6L);
        TensorAssert.Float32(F32(0.5f, 0.25f).Sum(), [], 0.75f);
        TensorAssert.Float64(F64(0.5, 0.25).Sum(), [], 0.75);
    }

    [Fact]
    public void MeanOfIntegersFails()
    {
        Assert.Equal("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long",
            Assert.Throws<ArgumentException>(() => I64(1, 2).Mean()).Message);
        Assert.Equal("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Int",
            Assert.Throws<ArgumentException>(() => I32(1, 2).Mean(0)).Message);
    }

    [Fact]
    public void CatAndStackPromote()
    {
        TensorAssert.Float32(Torch.Cat([I32(1), F32(2.5f)]), [2], 1f, 2.5f);
        TensorAssert.Int64(Torch.Cat([I32(1), I64(2), B(true)]), [3], 1L, 2L, 1L);
        TensorAssert.Float64(Torch.Stack([F32(1f), F64(2)]), [2, 1], 1.0, 2.0);
    }

    [Fact]
    public void ToConvertsBetweenDTypes()
    {
        TensorAssert.Int64(F32(1.7f, -1.7f, 0.2f).To(DType.Int64), [3], 1L, -1L, 0L);
        TensorAssert.Float64(I32(3).To(DType.Float64), [1], 3.0);
        TensorAssert.Bool(F32(0f, -2f).To(DType.Bool), [2], false, true);
        TensorAssert.Float32(B(true).To(DType.Float32), [1], 1f);
        var t = F32(1f);
        Assert.Same(t, t.To(DType.Float32));
    }
}
