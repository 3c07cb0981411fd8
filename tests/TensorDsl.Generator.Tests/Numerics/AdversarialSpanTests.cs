using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl;
using Xunit;

namespace TensorDsl.Generators.Tests.Numerics;

/// <summary>
/// The span API of some <see cref="Adversarial"/> kernels (vector remainders, vectorized products,
/// batched broadcasting, scalar results, no unrolling, scalar parameters, a returned parameter):
/// no allocation in steady state, and gradients added to what the spans already hold.
/// </summary>
public class AdversarialSpanTests
{
    /// <summary>One kernel's calls over fixed arrays: the delegates allocate once, when made.</summary>
    private sealed record Case(Action Forward, Action Backward, float[][] Gradients);

    public static IEnumerable<object[]> Names() =>
        new[]
        {
            nameof(Adversarial.Remainder37), nameof(Adversarial.MatMulTransposedLeft), nameof(Adversarial.DiamondChain),
            nameof(Adversarial.BatchedBroadcastLarge), nameof(Adversarial.ReturnParameter), nameof(Adversarial.NoUnrollEverything),
            nameof(Adversarial.ScalarsReused), nameof(Adversarial.SoftmaxFirstLarge), nameof(Adversarial.VecMatLarge),
            nameof(IndexKernels.NGramLoss),
        }.Select(n => new object[] { n });

    private static float[] Random(int n, int seed) => Torch.Randn([n], generator: new Generator(seed)).ToArray<float>();

    private static Case Make(string name)
    {
        switch (name)
        {
            case nameof(Adversarial.Remainder37):
            {
                var (a, b) = (Random(Adversarial.Remainder37Kernel.ALength, 1), Random(Adversarial.Remainder37Kernel.BLength, 2));
                var (result, gradResult) = (new float[Adversarial.Remainder37Kernel.ResultLength], Random(Adversarial.Remainder37Kernel.ResultLength, 3));
                var (ga, gb) = (new float[a.Length], new float[b.Length]);
                return new Case(() => Adversarial.Remainder37Kernel.Forward(a, b, result),
                    () => Adversarial.Remainder37Kernel.Backward(a, b, gradResult, ga, gb), [ga, gb]);
            }
            case nameof(Adversarial.MatMulTransposedLeft):
            {
                var (x, w) = (Random(Adversarial.MatMulTransposedLeftKernel.XLength, 4), Random(Adversarial.MatMulTransposedLeftKernel.WLength, 5));
                var (result, gradResult) = (new float[Adversarial.MatMulTransposedLeftKernel.ResultLength], Random(Adversarial.MatMulTransposedLeftKernel.ResultLength, 6));
                var (gx, gw) = (new float[x.Length], new float[w.Length]);
                return new Case(() => Adversarial.MatMulTransposedLeftKernel.Forward(x, w, result),
                    () => Adversarial.MatMulTransposedLeftKernel.Backward(x, w, gradResult, gx, gw), [gx, gw]);
            }
            case nameof(Adversarial.DiamondChain):
            {
                var x = Random(Adversarial.DiamondChainKernel.XLength, 7);
                var gx = new float[x.Length];
                return new Case(() => Adversarial.DiamondChainKernel.Forward(x), () => Adversarial.DiamondChainKernel.Backward(x, gx), [gx]);
            }
            case nameof(Adversarial.BatchedBroadcastLarge):
            {
                var (a, b) = (Random(Adversarial.BatchedBroadcastLargeKernel.ALength, 8), Random(Adversarial.BatchedBroadcastLargeKernel.BLength, 9));
                var (result, gradResult) = (new float[Adversarial.BatchedBroadcastLargeKernel.ResultLength], Random(Adversarial.BatchedBroadcastLargeKernel.ResultLength, 10));
                var (ga, gb) = (new float[a.Length], new float[b.Length]);
                return new Case(() => Adversarial.BatchedBroadcastLargeKernel.Forward(a, b, result),
                    () => Adversarial.BatchedBroadcastLargeKernel.Backward(a, b, gradResult, ga, gb), [ga, gb]);
            }
            case nameof(Adversarial.ReturnParameter):
            {
                var x = Random(Adversarial.ReturnParameterKernel.XLength, 11);
                var (result, gradResult) = (new float[Adversarial.ReturnParameterKernel.ResultLength], Random(Adversarial.ReturnParameterKernel.ResultLength, 12));
                var gx = new float[x.Length];
                return new Case(() => Adversarial.ReturnParameterKernel.Forward(x, result),
                    () => Adversarial.ReturnParameterKernel.Backward(x, gradResult, gx), [gx]);
            }
            case nameof(Adversarial.NoUnrollEverything):
            {
                var (a, b) = (Random(Adversarial.NoUnrollEverythingKernel.ALength, 13), Random(Adversarial.NoUnrollEverythingKernel.BLength, 14));
                var (ga, gb) = (new float[a.Length], new float[b.Length]);
                return new Case(() => Adversarial.NoUnrollEverythingKernel.Forward(a, b),
                    () => Adversarial.NoUnrollEverythingKernel.Backward(a, b, ga, gb), [ga, gb]);
            }
            case nameof(Adversarial.ScalarsReused):
            {
                var a = Random(Adversarial.ScalarsReusedKernel.ALength, 15);
                var (result, gradResult) = (new float[Adversarial.ScalarsReusedKernel.ResultLength], Random(Adversarial.ScalarsReusedKernel.ResultLength, 16));
                var ga = new float[a.Length];
                return new Case(() => Adversarial.ScalarsReusedKernel.Forward(a, 0.75f, -1.25, result),
                    () => Adversarial.ScalarsReusedKernel.Backward(a, 0.75f, -1.25, gradResult, ga), [ga]);
            }
            case nameof(Adversarial.SoftmaxFirstLarge):
            {
                var a = Random(Adversarial.SoftmaxFirstLargeKernel.ALength, 17);
                var (result, gradResult) = (new float[Adversarial.SoftmaxFirstLargeKernel.ResultLength], Random(Adversarial.SoftmaxFirstLargeKernel.ResultLength, 18));
                var ga = new float[a.Length];
                return new Case(() => Adversarial.SoftmaxFirstLargeKernel.Forward(a, result),
                    () => Adversarial.SoftmaxFirstLargeKernel.Backward(a, gradResult, ga), [ga]);
            }
            case nameof(Adversarial.VecMatLarge):
            {
                var (a, b) = (Random(Adversarial.VecMatLargeKernel.ALength, 19), Random(Adversarial.VecMatLargeKernel.BLength, 20));
                var (result, gradResult) = (new float[Adversarial.VecMatLargeKernel.ResultLength], Random(Adversarial.VecMatLargeKernel.ResultLength, 21));
                var (ga, gb) = (new float[a.Length], new float[b.Length]);
                return new Case(() => Adversarial.VecMatLargeKernel.Forward(a, b, result),
                    () => Adversarial.VecMatLargeKernel.Backward(a, b, gradResult, ga, gb), [ga, gb]);
            }
            case nameof(IndexKernels.NGramLoss):
            {
                long[] context = [2, 7], target = [4];
                var (e, w1, b1, w2, b2) = (Random(IndexKernels.NGramLossKernel.EmbeddingsLength, 22), Random(IndexKernels.NGramLossKernel.W1Length, 23),
                    Random(IndexKernels.NGramLossKernel.B1Length, 24), Random(IndexKernels.NGramLossKernel.W2Length, 25), Random(IndexKernels.NGramLossKernel.B2Length, 26));
                var (ge, gw1, gb1, gw2, gb2) = (new float[e.Length], new float[w1.Length], new float[b1.Length], new float[w2.Length], new float[b2.Length]);
                return new Case(() => IndexKernels.NGramLossKernel.Forward(context, target, e, w1, b1, w2, b2),
                    () => IndexKernels.NGramLossKernel.Backward(context, target, e, w1, b1, w2, b2, ge, gw1, gb1, gw2, gb2), [ge, gw1, gb1, gw2, gb2]);
            }
        }
        throw new ArgumentException("no case for " + name, nameof(name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ForwardAndBackwardAllocateNothing(string name)
    {
        var c = Make(name);
        c.Forward();
        c.Backward();
        // Large kernels keep their scratch per thread: after the first call, nothing is allocated.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            c.Forward();
            c.Backward();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BackwardAddsToTheGradientSpans(string name)
    {
        var c = Make(name);
        // Start from values already there, as PyTorch's .grad accumulates into an existing gradient.
        var start = c.Gradients.Select((g, k) => Random(g.Length, 100 + k)).ToArray();
        for (int k = 0; k < start.Length; k++) start[k].CopyTo(c.Gradients[k], 0);

        c.Backward();
        var once = c.Gradients.Select((g, k) => g.Select((v, j) => (double)v - start[k][j]).ToArray()).ToArray();
        Assert.Contains(once, g => g.Any(v => Math.Abs(v) > 1e-6));

        c.Backward();
        for (int k = 0; k < start.Length; k++)
        {
            var expected = start[k].Select((v, j) => v + 2 * once[k][j]).ToArray();
            KernelNumericsTests.AssertClose(expected, c.Gradients[k].Select(v => (double)v).ToArray(), rtol: 1e-5, atol: 1e-5, what: $"{name} gradient {k} after two calls");
        }
    }

    // sign(0) and sign(NaN) are 0 in the eager backward; the vector lanes must agree (NaN still
    // poisons through the other factor, exactly as eager).
    [Fact]
    public void AbsGradientInVectorLanesMatchesEagerAtZeroAndNaN()
    {
        var a = Random(Adversarial.AbsLargeKernel.ALength, 11);
        a[0] = 0f;
        a[9] = -0f;
        a[17] = float.NaN;
        a[33] = 0f;
        var upstream = Random(Adversarial.AbsLargeKernel.ResultLength, 12);
        var gradA = new float[a.Length];
        Adversarial.AbsLargeKernel.Backward(a, upstream, gradA);

        var leaf = Torch.Tensor(a).View(4, 20).RequiresGrad_();
        Adversarial.AbsLarge(leaf).Backward(Torch.Tensor(upstream).View(4, 20));
        Assert.Equal(leaf.Grad!.ToArray<float>(), gradA);
    }
}
