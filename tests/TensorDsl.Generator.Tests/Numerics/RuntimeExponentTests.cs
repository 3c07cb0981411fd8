using System.Linq;
using TensorDsl;
using Xunit;

namespace TensorDsl.Generators.Tests.Numerics;

/// <summary>
/// <c>Pow</c> with a float parameter as exponent: the compiled code picks PyTorch's special cases
/// (x*x, sqrt, 1/x, …) at run time, so forward and gradient equal the eager ones bit for bit,
/// including exponent 0, whose gradient is exactly 0.
/// </summary>
public class RuntimeExponentTests
{
    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(2f)]
    [InlineData(3f)]
    [InlineData(0.5f)]
    [InlineData(-1f)]
    [InlineData(-2f)]
    [InlineData(1.5f)]
    [InlineData(-0.3f)]
    public void CompiledEqualsEagerForEveryExponent(float p)
    {
        var a = Torch.Randn([Ops.PowFloatParameterKernel.ALength], generator: new Generator(7)).ToArray<float>();
        var upstream = Torch.Randn([Ops.PowFloatParameterKernel.ResultLength], generator: new Generator(8)).ToArray<float>();

        var leaf = Torch.Tensor(a).RequiresGrad_();
        var eager = Ops.PowFloatParameter(leaf, p);
        eager.Backward(Torch.Tensor(upstream));

        var result = new float[Ops.PowFloatParameterKernel.ResultLength];
        var gradA = new float[a.Length];
        Ops.PowFloatParameterKernel.Forward(a, p, result);
        Ops.PowFloatParameterKernel.Backward(a, p, upstream, gradA);

        Assert.Equal(eager.ToArray<float>(), result);
        Assert.Equal(leaf.Grad!.ToArray<float>(), gradA);
        if (p == 0f) Assert.All(gradA, g => Assert.Equal(0f, g));
    }

    // The exponent's arithmetic is done in double, as the eager op does: 1 + 2^-25 is not 1, so the
    // gradient at 0 is 0 (0 to a tiny power), and exponent 0 gives 0 where 0^-1 is infinite.
    [Theory]
    [InlineData(1 + 2.98023223876953125e-8)]
    [InlineData(0.0)]
    [InlineData(2.0)]
    public void DoubleExponentGradientIsEagersAtZero(double p)
    {
        float[] a = [0f, 0.5f, 2f, 3f];
        var leaf = Torch.Tensor(a).RequiresGrad_();
        ExponentKernels.Pow(leaf, p).Sum().Backward();
        var gradA = new float[a.Length];
        ExponentKernels.PowKernel.Backward(a, p, [1f, 1f, 1f, 1f], gradA);
        Assert.Equal(leaf.Grad!.ToArray<float>(), gradA);
        Assert.Equal(0f, gradA[0]);
    }

    [Fact]
    public void DoubleExponentInALoopMatchesEager()
    {
        const double p = -1.25;
        var a = Torch.Randn([Ops.PowDoubleParameterLargeKernel.ALength], generator: new Generator(9)).ToArray<float>();
        var result = new float[Ops.PowDoubleParameterLargeKernel.ResultLength];
        Ops.PowDoubleParameterLargeKernel.Forward(a, p, result);
        var eager = Ops.PowDoubleParameterLarge(Torch.Tensor(a).View(3, 40), p).ToArray<float>();
        Assert.Equal(eager, result);
        Assert.Contains(result, v => v != result[0]);
    }
}

/// <summary>Kernels whose inputs the tests choose (a base of 0: not for the random inputs of KernelNumericsTests).</summary>
public static partial class ExponentKernels
{
    [Kernel] public static Tensor Pow([Shape(4)] Tensor a, double p) => a.Pow(p);
}
