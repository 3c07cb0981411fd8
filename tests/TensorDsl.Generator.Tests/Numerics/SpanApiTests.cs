using System;
using System.Linq;
using TensorDsl;
using Xunit;

namespace TensorDsl.Generators.Tests.Numerics;

/// <summary>The span API of generated kernels: accumulation, skipping, validation, allocation.</summary>
public class SpanApiTests
{
    private static float[] Random(int n, int seed) => Torch.Randn([n], generator: new Generator(seed)).ToArray<float>();

    private readonly float[] _x = Random(Models.MlpLossKernel.XLength, 1);
    private readonly float[] _w1 = Random(Models.MlpLossKernel.W1Length, 2);
    private readonly float[] _b1 = Random(Models.MlpLossKernel.B1Length, 3);
    private readonly float[] _w2 = Random(Models.MlpLossKernel.W2Length, 4);
    private readonly float[] _y = Random(Models.MlpLossKernel.YLength, 5);

    [Fact]
    public void ShapeConstantsDescribeTheParameters()
    {
        Assert.Equal(32, Models.MlpLossKernel.XLength);
        Assert.Equal(new[] { 4, 16 }, Models.MlpLossKernel.W1Shape.ToArray());
        Assert.Equal(1, Models.MlpLossKernel.ResultLength);
        Assert.Empty(Models.MlpLossKernel.ResultShape.ToArray());
        Assert.Equal(new[] { 3, 4 }, Ops.AddBroadcastKernel.ResultShape.ToArray());
    }

    [Fact]
    public void BackwardReturnsTheForwardValueAndEagerLoss()
    {
        float forward = Models.MlpLossKernel.Forward(_x, _w1, _b1, _w2, _y);
        var gw1 = new float[_w1.Length];
        float backward = Models.MlpLossKernel.Backward(_x, _w1, _b1, _w2, _y, gw1, new float[_b1.Length], new float[_w2.Length]);
        Assert.Equal(forward, backward);
        var eager = Models.MlpLoss(T(_x, 8, 4), T(_w1, 4, 16), T(_b1, 16), T(_w2, 16, 1), T(_y, 8, 1)).Item<float>();
        Assert.Equal(eager, forward, 1e-5f * Math.Abs(eager));
    }

    [Fact]
    public void GradientsAccumulateAcrossCalls()
    {
        var once = new float[_w1.Length];
        var twice = new float[_w1.Length];
        Models.MlpLossKernel.Backward(_x, _w1, _b1, _w2, _y, once, default, default);
        Models.MlpLossKernel.Backward(_x, _w1, _b1, _w2, _y, twice, default, default);
        Models.MlpLossKernel.Backward(_x, _w1, _b1, _w2, _y, twice, default, default);
        Assert.Contains(once, v => v != 0);
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], twice[i], 1e-5f * Math.Abs(once[i]) + 1e-6f);
    }

    [Fact]
    public void EmptyGradientSpansAreSkipped()
    {
        var all = (w1: new float[_w1.Length], b1: new float[_b1.Length], w2: new float[_w2.Length]);
        Models.MlpLossKernel.Backward(_x, _w1, _b1, _w2, _y, all.w1, all.b1, all.w2);
        var onlyB1 = new float[_b1.Length];
        Models.MlpLossKernel.Backward(_x, _w1, _b1, _w2, _y, Span<float>.Empty, onlyB1, Span<float>.Empty);
        Assert.Equal(all.b1, onlyB1);
    }

    [Fact]
    public void NonScalarResultsTakeGradResult()
    {
        var a = Random(3, 7);
        var b = Random(4, 8);
        var result = new float[Ops.AddBroadcastKernel.ResultLength];
        Ops.AddBroadcastKernel.Forward(a, b, result);
        Assert.Equal(a[2] + b[1], result[2 * 4 + 1]);

        var gradResult = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var ga = new float[3];
        var gb = new float[4];
        Ops.AddBroadcastKernel.Backward(a, b, gradResult, ga, gb);
        Assert.Equal(new[] { 0f + 1 + 2 + 3, 4f + 5 + 6 + 7, 8f + 9 + 10 + 11 }, ga);
        Assert.Equal(new[] { 0f + 4 + 8, 1f + 5 + 9, 2f + 6 + 10, 3f + 7 + 11 }, gb);
    }

    [Fact]
    public void SpanLengthsAreValidatedOnEntry()
    {
        var e = Assert.Throws<ArgumentException>(() => Models.MlpLossKernel.Forward(new float[31], _w1, _b1, _w2, _y));
        Assert.Equal("x", e.ParamName);
        Assert.StartsWith("Expected a span of length 32 but got length 31.", e.Message);

        e = Assert.Throws<ArgumentException>(() => Models.MlpLossKernel.Backward(_x, _w1, _b1, _w2, _y, new float[3], default, default));
        Assert.Equal("gradW1", e.ParamName);
        Assert.Contains("64", e.Message);
        Assert.Contains("3", e.Message);

        e = Assert.Throws<ArgumentException>(() => Ops.AddBroadcastKernel.Forward(new float[3], new float[4], new float[11]));
        Assert.Equal("result", e.ParamName);

        e = Assert.Throws<ArgumentException>(() => Models.MlpLossKernel.Forward(_x, _w1, _b1, _w2, _y, new float[Models.MlpLossKernel.ForwardWorkspaceLength - 1]));
        Assert.Equal("workspace", e.ParamName);
    }

    [Fact]
    public void ApplyChecksShapesWithTheShapeRulesMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => Models.MlpLossKernel.Apply(Torch.Zeros(8, 5), Torch.Zeros(4, 16), Torch.Zeros(16), Torch.Zeros(16, 1), Torch.Zeros(8, 1)));
        // The same message the analyzers report as TD0006 at compile time.
        Assert.Equal("Expected tensor of size [8, 4], but got tensor of size [8, 5] for argument #1 'x' (while checking arguments for Apply)", e.Message);
    }

    [Fact]
    public void ApplyLeavesNoGradInputsWithoutGradient()
    {
        var x = T(_x, 8, 4).RequiresGrad_();
        var w1 = T(_w1, 4, 16).RequiresGrad_();
        var loss = Models.MlpLossKernel.Apply(x, w1, T(_b1, 16), T(_w2, 16, 1), T(_y, 8, 1));
        loss.Backward();
        Assert.Null(x.Grad);
        Assert.NotNull(w1.Grad);
    }

    [Fact]
    public void StackScratchKernelsAllocateNothing()
    {
        var gw1 = new float[_w1.Length];
        var gb1 = new float[_b1.Length];
        var gw2 = new float[_w2.Length];
        Models.MlpLossKernel.Forward(_x, _w1, _b1, _w2, _y);
        Models.MlpLossKernel.Backward(_x, _w1, _b1, _w2, _y, gw1, gb1, gw2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Models.MlpLossKernel.Forward(_x, _w1, _b1, _w2, _y);
            Models.MlpLossKernel.Backward(_x, _w1, _b1, _w2, _y, gw1, gb1, gw2);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void PerThreadAndWorkspaceKernelsAllocateNothing()
    {
        Assert.True(Models.WideKernel.BackwardWorkspaceLength > 4096, "Wide should need more scratch than the stack holds");
        var x = Random(Models.WideKernel.XLength, 11);
        var w = Random(Models.WideKernel.WLength, 12);
        var b = Random(Models.WideKernel.BLength, 13);
        var result = new float[Models.WideKernel.ResultLength];
        var gradResult = Random(Models.WideKernel.ResultLength, 14);
        var gx = new float[x.Length];
        var gw = new float[w.Length];
        var gb = new float[b.Length];
        var workspace = new float[Models.WideKernel.BackwardWorkspaceLength];
        Models.WideKernel.Forward(x, w, b, result);
        Models.WideKernel.Backward(x, w, b, gradResult, gx, gw, gb);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Models.WideKernel.Forward(x, w, b, result);
            Models.WideKernel.Backward(x, w, b, gradResult, gx, gw, gb);
            Models.WideKernel.Backward(x, w, b, gradResult, gx, gw, gb, workspace);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WorkspaceOverloadMatchesPerThreadOverload()
    {
        var x = Random(Models.WideKernel.XLength, 21);
        var w = Random(Models.WideKernel.WLength, 22);
        var b = Random(Models.WideKernel.BLength, 23);
        var gradResult = Random(Models.WideKernel.ResultLength, 24);
        var (g1, g2) = (new float[w.Length], new float[w.Length]);
        Models.WideKernel.Backward(x, w, b, gradResult, default, g1, default);
        Models.WideKernel.Backward(x, w, b, gradResult, default, g2, default, new float[Models.WideKernel.BackwardWorkspaceLength + 10]);
        Assert.Equal(g1, g2);
    }

    private static Tensor T(float[] data, params int[] shape) => Torch.Tensor(data).Reshape(shape);
}
