using System.Numerics;
using TensorDsl.Printing;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>Python's repr of floats and print of values; expectations are CPython's own outputs.</summary>
public class PythonFormatTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.5, "0.5")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(100.0, "100.0")]
    [InlineData(123456789.0, "123456789.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(1.5e-5, "1.5e-05")]
    [InlineData(1.23456789e-7, "1.23456789e-07")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e22, "1e+22")]
    [InlineData(1e100, "1e+100")]
    [InlineData(12345678901234567890.0, "1.2345678901234567e+19")]
    public void FloatLikePythonRepr(double value, string expected)
    {
        Assert.Equal(expected, PythonFormat.Float(value));
    }

    [Fact]
    public void PositionalUpToExponent15()
    {
        Assert.Equal("1000000000000000.0", PythonFormat.Float(1e15));
        Assert.Equal("9999999999999998.0", PythonFormat.Float(9999999999999998.0));
    }

    [Fact]
    public void PositionalDownToExponentMinus4()
    {
        Assert.Equal("0.0001", PythonFormat.Float(0.0001));
        Assert.Equal("0.00025", PythonFormat.Float(2.5e-4));
        Assert.Equal("1e-05", PythonFormat.Float(0.00001));
    }

    [Fact]
    public void ShortestRoundTripDigits()
    {
        Assert.Equal("0.30000000000000004", PythonFormat.Float(0.1 + 0.2));
        Assert.Equal("0.3333333333333333", PythonFormat.Float(1.0 / 3.0));
        Assert.Equal("5e-324", PythonFormat.Float(double.Epsilon));
        Assert.Equal("1.5e-323", PythonFormat.Float(double.Epsilon * 3));
        Assert.Equal("1.7976931348623157e+308", PythonFormat.Float(double.MaxValue));
    }

    [Fact]
    public void SpecialValues()
    {
        Assert.Equal("nan", PythonFormat.Float(double.NaN));
        Assert.Equal("inf", PythonFormat.Float(double.PositiveInfinity));
        Assert.Equal("-inf", PythonFormat.Float(double.NegativeInfinity));
        Assert.Equal("-0.0", PythonFormat.Float(-0.0));
    }

    [Fact]
    public void Float32IsWidenedLikeItem()
    {
        Assert.Equal("0.10000000149011612", PythonFormat.Value(0.1f));
        Assert.Equal("3.140000104904175", PythonFormat.Value(3.14f));
        Assert.Equal("9.999999747378752e-05", PythonFormat.Value(1e-4f));
        Assert.Equal("16777216.0", PythonFormat.Value(16777216f));
        Assert.Equal("3.4028234663852886e+38", PythonFormat.Value(float.MaxValue));
        Assert.Equal("1.0", PythonFormat.Value(1f));
        Assert.Equal("nan", PythonFormat.Value(float.NaN));
    }

    [Fact]
    public void ValueOfDouble()
    {
        Assert.Equal("0.1", PythonFormat.Value(0.1));
        Assert.Equal("2.0", PythonFormat.Value(2.0));
        Assert.Equal("-inf", PythonFormat.Value(double.NegativeInfinity));
    }

    [Fact]
    public void ValueOfNoneAndBools()
    {
        Assert.Equal("None", PythonFormat.Value(null));
        Assert.Equal("True", PythonFormat.Value(true));
        Assert.Equal("False", PythonFormat.Value(false));
    }

    [Fact]
    public void ValueOfIntegers()
    {
        Assert.Equal("42", PythonFormat.Value(42));
        Assert.Equal("-7", PythonFormat.Value(-7));
        Assert.Equal("-9223372036854775808", PythonFormat.Value(long.MinValue));
        Assert.Equal("255", PythonFormat.Value((byte)255));
        Assert.Equal("18446744073709551615", PythonFormat.Value(ulong.MaxValue));
        Assert.Equal("123456789012345678901234567890", PythonFormat.Value(BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ValueOfStringsAndOthers()
    {
        Assert.Equal("abc", PythonFormat.Value("abc"));
        Assert.Equal("", PythonFormat.Value(""));
        Assert.Equal("1.5", PythonFormat.Value(1.5m));
        Assert.Equal("custom", PythonFormat.Value(new Custom()));
    }

    [Fact]
    public void DTypesPrintAsTorchDoes()
    {
        Assert.Equal("torch.float32", PythonFormat.Value(DType.Float32));
        Assert.Equal("torch.int64", PythonFormat.Value(Torch.Arange(3).DType));
        Assert.Equal("[torch.bool, torch.float64]", PythonFormat.Value(new[] { DType.Bool, DType.Float64 }));
    }

    [Fact]
    public void MaxAndMinPrintAsTheirNamedTuples()
    {
        // print(torch.tensor([[1., 3.], [4., 2.]]).max(1)) in PyTorch.
        var x = Torch.Tensor(new float[,] { { 1, 3 }, { 4, 2 } });
        Assert.Equal("torch.return_types.max(\nvalues=tensor([3., 4.]),\nindices=tensor([1, 0]))", PythonFormat.Value(x.Max(1)));
        Assert.Equal("torch.return_types.min(\nvalues=tensor([1., 2.]),\nindices=tensor([0, 1]))", PythonFormat.Value(x.Min(1)));
    }

    private sealed class Custom
    {
        public override string ToString() => "custom";
    }
}
