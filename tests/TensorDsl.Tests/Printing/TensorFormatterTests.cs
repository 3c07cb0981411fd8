using System;
using System.Linq;
using TensorDsl.Printing;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// PyTorch's repr(tensor), rule by rule (torch/_tensor_str.py). Every expectation is PyTorch's known
/// output or derived by hand from the rules.
/// </summary>
public class TensorFormatterTests
{
    private static int[] S(params int[] shape) => shape;

    private static string F32(int[] shape, params float[] data) => TensorFormatter.Format(shape, DType.Float32, data, null, false);

    private static string F64(int[] shape, params double[] data) => TensorFormatter.Format(shape, DType.Float64, data, null, false);

    private static string I64(int[] shape, params long[] data) => TensorFormatter.Format(shape, DType.Int64, data, null, false);

    private static string I32(int[] shape, params int[] data) => TensorFormatter.Format(shape, DType.Int32, data, null, false);

    private static string B(int[] shape, params bool[] data) => TensorFormatter.Format(shape, DType.Bool, data, null, false);

    private static float[] ArangeF(int n) => Enumerable.Range(0, n).Select(i => (float)i).ToArray();

    private static long[] ArangeL(int n) => Enumerable.Range(0, n).Select(i => (long)i).ToArray();

    private static string Lines(params string[] lines) => string.Join("\n", lines);

    // ----- torch.Size -----

    [Fact]
    public void SizeOfMatrix() => Assert.Equal("torch.Size([2, 3])", TensorFormatter.FormatSize(S(2, 3)));

    [Fact]
    public void SizeOfScalar() => Assert.Equal("torch.Size([])", TensorFormatter.FormatSize(S()));

    [Fact]
    public void SizeOfVectorAndEmpty()
    {
        Assert.Equal("torch.Size([5])", TensorFormatter.FormatSize(S(5)));
        Assert.Equal("torch.Size([2, 0, 4])", TensorFormatter.FormatSize(S(2, 0, 4)));
    }

    // ----- rank 0 -----

    [Fact]
    public void ScalarFloatIntMode() => Assert.Equal("tensor(1.)", F32(S(), 1f));

    [Fact]
    public void ScalarFloatFixed() => Assert.Equal("tensor(0.5000)", F32(S(), 0.5f));

    [Fact]
    public void ScalarPiFloat32() => Assert.Equal("tensor(3.1416)", F32(S(), 3.14159265f));

    [Fact]
    public void ScalarInt64() => Assert.Equal("tensor(5)", I64(S(), 5L));

    [Fact]
    public void ScalarBool()
    {
        Assert.Equal("tensor(True)", B(S(), true));
        Assert.Equal("tensor(False)", B(S(), false));
    }

    [Fact]
    public void ScalarInt32HasDtype() => Assert.Equal("tensor(5, dtype=torch.int32)", I32(S(), 5));

    [Fact]
    public void ScalarFloat64HasDtype()
    {
        Assert.Equal("tensor(1., dtype=torch.float64)", F64(S(), 1.0));
        Assert.Equal("tensor(0.5000, dtype=torch.float64)", F64(S(), 0.5));
    }

    [Fact]
    public void ScalarNonFinite()
    {
        Assert.Equal("tensor(nan)", F32(S(), float.NaN));
        Assert.Equal("tensor(inf)", F32(S(), float.PositiveInfinity));
        Assert.Equal("tensor(-inf)", F32(S(), float.NegativeInfinity));
    }

    [Fact]
    public void ScalarZeros()
    {
        Assert.Equal("tensor(0.)", F32(S(), 0f));
        Assert.Equal("tensor(-0.)", F32(S(), -0f));
    }

    [Fact]
    public void ScalarScientific()
    {
        Assert.Equal("tensor(1.0000e-05)", F32(S(), 1e-5f));
        Assert.Equal("tensor(1.0000e+09)", F32(S(), 1e9f));
    }

    // ----- rank 1 and rank >= 2 layout -----

    [Fact]
    public void VectorIntMode() => Assert.Equal("tensor([1., 2., 3.])", F32(S(3), 1, 2, 3));

    [Fact]
    public void VectorSingleElement() => Assert.Equal("tensor([5.])", F32(S(1), 5));

    [Fact]
    public void Matrix() => Assert.Equal("tensor([[1., 2., 3.],\n        [4., 5., 6.]])", F32(S(2, 3), 1, 2, 3, 4, 5, 6));

    [Fact]
    public void ColumnMatrix() => Assert.Equal("tensor([[1.],\n        [2.],\n        [3.]])", F32(S(3, 1), 1, 2, 3));

    [Fact]
    public void ThreeDimensionalHasOneBlankLine()
    {
        string expected = Lines(
            "tensor([[[0., 1.],",
            "         [2., 3.]],",
            "",
            "        [[4., 5.],",
            "         [6., 7.]]])");
        Assert.Equal(expected, F32(S(2, 2, 2), ArangeF(8)));
    }

    [Fact]
    public void FourDimensionalHasTwoBlankLines()
    {
        Assert.Equal("tensor([[[[0.]]],\n\n\n        [[[1.]]]])", F32(S(2, 1, 1, 1), 0, 1));
    }

    [Fact]
    public void MatrixOfNegativeFixed()
    {
        Assert.Equal("tensor([[ 0.5000, -1.2500],\n        [ 2.0000,  3.7500]])", F32(S(2, 2), 0.5f, -1.25f, 2f, 3.75f));
    }

    // ----- integers and bools -----

    [Fact]
    public void Int64Negatives() => Assert.Equal("tensor([  -1,   10, -100])", I64(S(3), -1, 10, -100));

    [Fact]
    public void Int32Extremes()
    {
        Assert.Equal("tensor([-2147483648,  2147483647,           0], dtype=torch.int32)", I32(S(3), int.MinValue, int.MaxValue, 0));
    }

    [Fact]
    public void Int32HasDtype() => Assert.Equal("tensor([1, 2, 3], dtype=torch.int32)", I32(S(3), 1, 2, 3));

    [Fact]
    public void Bools()
    {
        Assert.Equal("tensor([ True, False,  True])", B(S(3), true, false, true));
        Assert.Equal("tensor([True, True])", B(S(2), true, true));
        Assert.Equal("tensor([[ True, False],\n        [False,  True]])", B(S(2, 2), true, false, false, true));
    }

    // ----- float modes -----

    [Fact]
    public void IntModeWidthCountsTheDot() => Assert.Equal("tensor([100., 200.])", F32(S(2), 100, 200));

    [Fact]
    public void IntModeNegativeAndZero() => Assert.Equal("tensor([-1.,  0.,  1.])", F32(S(3), -1, 0, 1));

    [Fact]
    public void AllZerosHaveWidthOne() => Assert.Equal("tensor([0., 0., 0.])", F32(S(3), 0, 0, 0));

    [Fact]
    public void IntModeRatioExactly1000IsNotScientific()
    {
        Assert.Equal("tensor([   1., 1000.])", F32(S(2), 1, 1000));
    }

    [Fact]
    public void IntModeRatioAbove1000IsScientific()
    {
        Assert.Equal("tensor([1.0000e+00, 1.0010e+03])", F32(S(2), 1, 1001));
        Assert.Equal("tensor([1.0000e+00, 1.0000e+10])", F32(S(2), 1, 1e10f));
    }

    [Fact]
    public void IntModeMaxAbove1e8IsScientific()
    {
        Assert.Equal("tensor([1.0000e+09, 2.0000e+09])", F32(S(2), 1e9f, 2e9f));
    }

    [Fact]
    public void IntModeMaxExactly1e8IsNotScientific() => Assert.Equal("tensor([100000000.])", F32(S(1), 1e8f));

    [Fact]
    public void FixedMode() => Assert.Equal("tensor([ 0.4175, -2.4919])", F32(S(2), 0.4175f, -2.4919f));

    [Fact]
    public void FixedModeMixedWidths()
    {
        Assert.Equal("tensor([  1.5000, -10.2500, 100.1250])", F32(S(3), 1.5f, -10.25f, 100.125f));
    }

    [Fact]
    public void FixedZeroHasFourDecimals() => Assert.Equal("tensor([0.0000, 0.5000])", F32(S(2), 0, 0.5f));

    [Fact]
    public void Float32OneEMinus4IsBelowTheThreshold()
    {
        // float32 1e-4 widens to 9.99999975e-05 < 1e-4: scientific.
        Assert.Equal("tensor([1.0000e-04, 2.0000e-04])", F32(S(2), 1e-4f, 2e-4f));
    }

    [Fact]
    public void Float64OneEMinus4IsNotBelowTheThreshold()
    {
        // float64 1e-4 is not < 1e-4 (strict): fixed.
        Assert.Equal("tensor([0.0001, 0.0002], dtype=torch.float64)", F64(S(2), 1e-4, 2e-4));
    }

    [Fact]
    public void FractionalRatioAbove1000IsScientific()
    {
        Assert.Equal("tensor([1.0312e+00, 1.0000e-05])", F32(S(2), 1.03125f, 1e-5f));
    }

    [Fact]
    public void ScientificNegativeIsPadded()
    {
        Assert.Equal("tensor([-1.0000e-05,  1.0000e+00])", F32(S(2), -1e-5f, 1f));
    }

    [Fact]
    public void ScientificThreeDigitExponent()
    {
        Assert.Equal("tensor([1.0000e-300,  1.0000e+00], dtype=torch.float64)", F64(S(2), 1e-300, 1.0));
    }

    [Fact]
    public void ScientificZero() => Assert.Equal("tensor([1.0000e-05, 0.0000e+00])", F32(S(2), 1e-5f, 0f));

    // ----- rounding of the exact binary value, ties to even -----

    [Fact]
    public void FixedTieRoundsToEvenDown() => Assert.Equal("tensor(0.0312)", F32(S(), 0.03125f));

    [Fact]
    public void FixedTieRoundsToEvenUp() => Assert.Equal("tensor(0.0938)", F32(S(), 0.09375f));

    [Fact]
    public void FixedRoundsTheBinaryValueNotTheDecimalLiteral()
    {
        // 0.00015 is 1.4999999999999999e-04 in binary, 0.00025 is 2.5000000000000001e-04, 0.00035 is 3.4999999999999997e-04.
        Assert.Equal(
            "tensor([0.0001, 0.0003, 0.0003, 0.1000], dtype=torch.float64)",
            F64(S(4), 0.00015, 0.00025, 0.00035, 0.1));
    }

    [Fact]
    public void ScientificTiesToEvenAndCarry()
    {
        // 9.9998|5e4 ties down to even; 9.9999|5e4 ties up and carries into the exponent.
        Assert.Equal("tensor([9.9998e+04, 1.0000e+05, 5.0000e-01])", F32(S(3), 99998.5f, 99999.5f, 0.5f));
    }

    [Fact]
    public void ScientificTieUp() => Assert.Equal("tensor([1.0938e+00, 1.0000e-05])", F32(S(2), 1.09375f, 1e-5f));

    // ----- nan, inf, negative zero -----

    [Fact]
    public void NonFiniteInIntModeHaveNoDot() => Assert.Equal("tensor([nan, inf, -inf, 1.])", F32(S(4), float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1f));

    [Fact]
    public void NonFiniteArePaddedToTheWidth() => Assert.Equal("tensor([   nan, 1.5000])", F32(S(2), float.NaN, 1.5f));

    [Fact]
    public void NonFiniteInScientificArePadded()
    {
        Assert.Equal("tensor([1.0000e-05,        inf])", F32(S(2), 1e-5f, float.PositiveInfinity));
    }

    [Fact]
    public void AllNan() => Assert.Equal("tensor([nan, nan])", F32(S(2), float.NaN, float.NaN));

    [Fact]
    public void NegativeZeroKeepsItsSign()
    {
        Assert.Equal("tensor([-0., 1.])", F32(S(2), -0f, 1f));
        Assert.Equal("tensor([0., -0.])", F32(S(2), 0f, -0f));
        Assert.Equal("tensor([-0.0000, 0.5000])", F32(S(2), -0f, 0.5f));
    }

    [Fact]
    public void NegativeZeroDoesNotCountTowardWidth()
    {
        Assert.Equal("tensor([-0., 10.])", F32(S(2), -0f, 10f));
        Assert.Equal("tensor([ -0., 100.])", F32(S(2), -0f, 100f));
    }

    // ----- line wrapping -----

    [Fact]
    public void LongFixedRowWrapsByTheRule()
    {
        // W = 6 at indent 7: floor(73 / 8) = 9 per line.
        float[] data = Enumerable.Range(0, 30).Select(i => i * 0.25f).ToArray();
        string expected = Lines(
            "tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000, 1.2500, 1.5000, 1.7500, 2.0000,",
            "        2.2500, 2.5000, 2.7500, 3.0000, 3.2500, 3.5000, 3.7500, 4.0000, 4.2500,",
            "        4.5000, 4.7500, 5.0000, 5.2500, 5.5000, 5.7500, 6.0000, 6.2500, 6.5000,",
            "        6.7500, 7.0000, 7.2500])");
        Assert.Equal(expected, F32(S(30), data));
    }

    [Fact]
    public void Arange30Int64Wraps()
    {
        // W = 2: floor(73 / 4) = 18 per line.
        string expected = Lines(
            "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,",
            "        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29])");
        Assert.Equal(expected, I64(S(30), ArangeL(30)));
    }

    [Fact]
    public void MatrixRowsWrapAtTheirOwnIndent()
    {
        // Rows at indent 8, W = 3: floor(72 / 5) = 14 per line, continued at 9 spaces.
        string expected = Lines(
            "tensor([[ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,",
            "         14., 15., 16., 17., 18., 19.],",
            "        [20., 21., 22., 23., 24., 25., 26., 27., 28., 29., 30., 31., 32., 33.,",
            "         34., 35., 36., 37., 38., 39.]])");
        Assert.Equal(expected, F32(S(2, 20), ArangeF(40)));
    }

    [Fact]
    public void MatrixFixedRowsWrapToEightPerLine()
    {
        // W = 7 at indent 8: floor(72 / 9) = 8 per line; the first line is exactly 80 wide.
        float[] data = Enumerable.Range(0, 20).Select(i => i + 0.5f).ToArray();
        string expected = Lines(
            "tensor([[ 0.5000,  1.5000,  2.5000,  3.5000,  4.5000,  5.5000,  6.5000,  7.5000,",
            "          8.5000,  9.5000],",
            "        [10.5000, 11.5000, 12.5000, 13.5000, 14.5000, 15.5000, 16.5000, 17.5000,",
            "         18.5000, 19.5000]])");
        Assert.Equal(expected, F32(S(2, 10), data));
    }

    [Fact]
    public void ThousandElementsAreNotSummarized()
    {
        string s = I64(S(1000), ArangeL(1000));
        Assert.DoesNotContain("...", s, StringComparison.Ordinal);
        // W = 3: floor(73 / 5) = 14 per line, so 72 lines.
        string[] lines = s.Split('\n');
        Assert.Equal(72, lines.Length);
        Assert.Equal("tensor([  0,   1,   2,   3,   4,   5,   6,   7,   8,   9,  10,  11,  12,  13,", lines[0]);
        Assert.Equal("        994, 995, 996, 997, 998, 999])", lines[71]);
    }

    // ----- summarization -----

    [Fact]
    public void Arange1001FloatSummarized()
    {
        Assert.Equal("tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])", F32(S(1001), ArangeF(1001)));
    }

    [Fact]
    public void Arange1001Int64Summarized()
    {
        Assert.Equal("tensor([   0,    1,    2,  ...,  998,  999, 1000])", I64(S(1001), ArangeL(1001)));
    }

    [Fact]
    public void Arange1001Int32SummarizedWithDtype()
    {
        int[] data = Enumerable.Range(0, 1001).ToArray();
        Assert.Equal("tensor([   0,    1,    2,  ...,  998,  999, 1000], dtype=torch.int32)", I32(S(1001), data));
    }

    [Fact]
    public void FormatterSeesOnlyShownElements()
    {
        float[] data = ArangeF(1001);
        data[500] = 0.5f;
        data[501] = 1e-9f;
        data[502] = 1e12f;
        Assert.Equal("tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])", F32(S(1001), data));

        long[] ints = ArangeL(1001);
        ints[500] = 123456789;
        Assert.Equal("tensor([   0,    1,    2,  ...,  998,  999, 1000])", I64(S(1001), ints));
    }

    [Fact]
    public void SummarizedEllipsisCountsAsAnItemWhenWrapping()
    {
        // W = 16: floor(73 / 18) = 4 items per line, " ..." being the fourth.
        long[] data = ArangeL(1001).Select(v => v * 1_000_000_000_000L).ToArray();
        string expected = Lines(
            "tensor([               0,    1000000000000,    2000000000000,  ...,",
            "         998000000000000,  999000000000000, 1000000000000000])");
        Assert.Equal(expected, I64(S(1001), data));
    }

    [Fact]
    public void MatrixSummarizedRowsAndColumns()
    {
        string expected = Lines(
            "tensor([[   0,    1,    2,  ...,   17,   18,   19],",
            "        [  20,   21,   22,  ...,   37,   38,   39],",
            "        [  40,   41,   42,  ...,   57,   58,   59],",
            "        ...,",
            "        [1940, 1941, 1942,  ..., 1957, 1958, 1959],",
            "        [1960, 1961, 1962,  ..., 1977, 1978, 1979],",
            "        [1980, 1981, 1982,  ..., 1997, 1998, 1999]])");
        Assert.Equal(expected, I64(S(100, 20), ArangeL(2000)));
    }

    [Fact]
    public void ShortDimensionsAreShownWhole()
    {
        string expected = Lines(
            "tensor([[   0,    1,    2,  ...,  498,  499,  500],",
            "        [ 501,  502,  503,  ...,  999, 1000, 1001]])");
        Assert.Equal(expected, I64(S(2, 501), ArangeL(1002)));
    }

    [Fact]
    public void DimensionOfSixIsShownWhole()
    {
        string row = "[0, 0, 0,  ..., 0, 0, 0]";
        string expected = "tensor([" + string.Join(",\n        ", Enumerable.Repeat(row, 6)) + "])";
        Assert.Equal(expected, I64(S(6, 200), new long[1200]));
    }

    [Fact]
    public void ColumnSummarized()
    {
        string expected = Lines(
            "tensor([[   0.],",
            "        [   1.],",
            "        [   2.],",
            "        ...,",
            "        [ 998.],",
            "        [ 999.],",
            "        [1000.]])");
        Assert.Equal(expected, F32(S(1001, 1), ArangeF(1001)));
    }

    [Fact]
    public void ThreeDimensionalSummarized()
    {
        string expected = Lines(
            "tensor([[[0, 0, 0,  ..., 0, 0, 0],",
            "         [0, 0, 0,  ..., 0, 0, 0]],",
            "",
            "        [[0, 0, 0,  ..., 0, 0, 0],",
            "         [0, 0, 0,  ..., 0, 0, 0]],",
            "",
            "        [[0, 0, 0,  ..., 0, 0, 0],",
            "         [0, 0, 0,  ..., 0, 0, 0]],",
            "",
            "        ...,",
            "",
            "        [[0, 0, 0,  ..., 0, 0, 0],",
            "         [0, 0, 0,  ..., 0, 0, 0]],",
            "",
            "        [[0, 0, 0,  ..., 0, 0, 0],",
            "         [0, 0, 0,  ..., 0, 0, 0]],",
            "",
            "        [[0, 0, 0,  ..., 0, 0, 0],",
            "         [0, 0, 0,  ..., 0, 0, 0]]])");
        Assert.Equal(expected, I64(S(7, 2, 100), new long[1400]));
    }

    // ----- empty tensors -----

    [Fact]
    public void EmptyFloat32() => Assert.Equal("tensor([])", F32(S(0)));

    [Fact]
    public void EmptyMatrixShowsSize() => Assert.Equal("tensor([], size=(2, 0))", F32(S(2, 0)));

    [Fact]
    public void EmptyInt64ShowsDtype() => Assert.Equal("tensor([], dtype=torch.int64)", I64(S(0)));

    [Fact]
    public void EmptyBoolAndInt32ShowDtype()
    {
        Assert.Equal("tensor([], dtype=torch.bool)", B(S(0)));
        Assert.Equal("tensor([], dtype=torch.int32)", I32(S(0)));
    }

    [Fact]
    public void EmptySizeThenDtype()
    {
        Assert.Equal("tensor([], size=(0, 3), dtype=torch.float64)", F64(S(0, 3)));
        Assert.Equal("tensor([], size=(2, 0, 3))", F32(S(2, 0, 3)));
    }

    [Fact]
    public void EmptyRequiresGrad()
    {
        Assert.Equal("tensor([], requires_grad=True)", TensorFormatter.Format(S(0), DType.Float32, Array.Empty<float>(), null, true));
    }

    // ----- suffixes -----

    [Fact]
    public void Float64Suffix() => Assert.Equal("tensor([1., 2.], dtype=torch.float64)", F64(S(2), 1, 2));

    [Fact]
    public void SuffixAfterMultiLineMeasuresTheLastLine()
    {
        Assert.Equal("tensor([[1., 2., 3.],\n        [4., 5., 6.]], dtype=torch.float64)", F64(S(2, 3), 1, 2, 3, 4, 5, 6));
    }

    [Fact]
    public void RequiresGrad()
    {
        Assert.Equal("tensor([1., 2.], requires_grad=True)", TensorFormatter.Format(S(2), DType.Float32, new[] { 1f, 2f }, null, true));
    }

    [Fact]
    public void GradFn()
    {
        Assert.Equal("tensor([1., 2.], grad_fn=<AddBackward0>)", TensorFormatter.Format(S(2), DType.Float32, new[] { 1f, 2f }, "AddBackward0", true));
        Assert.Equal("tensor(2., grad_fn=<SumBackward0>)", TensorFormatter.Format(S(), DType.Float32, new[] { 2f }, "SumBackward0", false));
    }

    [Fact]
    public void DtypeThenGradFn()
    {
        Assert.Equal(
            "tensor([1., 2.], dtype=torch.float64, grad_fn=<MulBackward0>)",
            TensorFormatter.Format(S(2), DType.Float64, new[] { 1.0, 2.0 }, "MulBackward0", true));
    }

    [Fact]
    public void SuffixWrapsOntoANewLine()
    {
        // "tensor([...]" is 79 wide: 81 + 19 + 2 > 80.
        double[] data = Enumerable.Range(0, 9).Select(i => i * 0.25).ToArray();
        Assert.Equal(
            "tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000, 1.2500, 1.5000, 1.7500, 2.0000],\n       dtype=torch.float64)",
            F64(S(9), data));
    }

    [Fact]
    public void SecondSuffixFollowsTheWrappedOne()
    {
        // After the wrap, last = 7 + 19 = 26; 26 + 18 + 2 <= 80.
        double[] data = Enumerable.Range(0, 9).Select(i => i * 0.25).ToArray();
        Assert.Equal(
            "tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000, 1.2500, 1.5000, 1.7500, 2.0000],\n       dtype=torch.float64, requires_grad=True)",
            TensorFormatter.Format(S(9), DType.Float64, data, null, true));
    }

    [Fact]
    public void OnlyTheSecondSuffixWraps()
    {
        // "tensor([...]" is 39 wide: 41 + 19 + 2 = 62 fits; then 62 + 22 + 2 > 80.
        double[] data = { 0, 0.25, 0.5, 0.75 };
        Assert.Equal(
            "tensor([0.0000, 0.2500, 0.5000, 0.7500], dtype=torch.float64,\n       grad_fn=<AddBackward0>)",
            TensorFormatter.Format(S(4), DType.Float64, data, "AddBackward0", true));
    }

    [Fact]
    public void SuffixThatExactlyFits()
    {
        // "tensor([...]" 58 wide: 60 + 18 + 2 = 80 is not > 80, it fits (nan and -inf being wider than W = 2).
        float[] data = Enumerable.Repeat(1f, 10).Concat(new[] { float.NaN, float.NegativeInfinity }).ToArray();
        Assert.Equal(
            "tensor([1., 1., 1., 1., 1., 1., 1., 1., 1., 1., nan, -inf], requires_grad=True)",
            TensorFormatter.Format(S(12), DType.Float32, data, null, true));
    }

    [Fact]
    public void SuffixOneColumnTooWideWraps()
    {
        // "tensor([...]" 59 wide: 61 + 18 + 2 = 81 > 80.
        float[] data = Enumerable.Repeat(1f, 13).ToArray();
        Assert.Equal(
            "tensor([1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.],\n       requires_grad=True)",
            TensorFormatter.Format(S(13), DType.Float32, data, null, true));
    }

    // ----- argument checks -----

    [Fact]
    public void RejectsDataOfTheWrongTypeOrLength()
    {
        Assert.Throws<ArgumentException>(() => TensorFormatter.Format(S(2), DType.Float32, new[] { 1.0, 2.0 }, null, false));
        Assert.Throws<ArgumentException>(() => TensorFormatter.Format(S(3), DType.Float32, new[] { 1f, 2f }, null, false));
    }
}
