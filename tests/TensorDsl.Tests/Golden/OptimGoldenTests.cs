using System;
using System.Linq;
using System.Text.Json;
using TensorDsl.Optim;
using Xunit;

namespace TensorDsl.Tests.Golden;

/// <summary>20-step optimizer trajectories against torch.optim's (Golden/Torch/optim.json): within 1e-5 relative.</summary>
public class OptimGoldenTests
{
    public static TheoryData<string> Configs() => Golden.Names("optim.json");

    [Theory]
    [MemberData(nameof(Configs))]
    public void TrajectoryMatchesLibtorch(string name)
    {
        var root = Golden.Root("optim.json");
        var c = Golden.Case("optim.json", name);
        var w = Golden.Tensor(root.GetProperty("w0")).RequiresGrad_();
        var b = Golden.Tensor(root.GetProperty("b0")).RequiresGrad_();
        var x = Golden.Tensor(root.GetProperty("x"));
        var y = Golden.Tensor(root.GetProperty("y"));
        var args = c.GetProperty("args");
        double Arg(string key, double fallback) => args.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        bool Flag(string key) => args.TryGetProperty(key, out var v) && v.GetBoolean();
        (double, double)? betas = args.TryGetProperty("betas", out var bs) ? (bs[0].GetDouble(), bs[1].GetDouble()) : null;
        Optimizer optimizer = c.GetProperty("optimizer").GetString() switch
        {
            "Sgd" => new Sgd([w, b], lr: Arg("lr", 1e-3), momentum: Arg("momentum", 0), dampening: Arg("dampening", 0),
                weightDecay: Arg("weightDecay", 0), nesterov: Flag("nesterov")),
            "Adam" => new Adam([w, b], lr: Arg("lr", 1e-3), betas: betas, eps: Arg("eps", 1e-8), weightDecay: Arg("weightDecay", 0), amsgrad: Flag("amsgrad")),
            "AdamW" => new AdamW([w, b], lr: Arg("lr", 1e-3), betas: betas, eps: Arg("eps", 1e-8), weightDecay: Arg("weightDecay", 1e-2), amsgrad: Flag("amsgrad")),
            var other => throw new ArgumentException(other),
        };
        var steps = c.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(20, steps.Length);
        for (int i = 0; i < steps.Length; i++)
        {
            optimizer.ZeroGrad();
            var loss = (x.MatMul(w) + b - y).Pow(2).Mean();
            loss.Backward();
            optimizer.Step();
            double expectedLoss = steps[i].GetProperty("loss").GetDouble();
            Assert.True(Math.Abs(loss.Item<float>() - expectedLoss) <= 1e-5 * Math.Abs(expectedLoss), $"step {i}: loss {loss.Item<float>()}, libtorch {expectedLoss}");
            Golden.Close(steps[i].GetProperty("w"), w.Detach(), rtol: 1e-5, atol: 1e-7, what: $"w after step {i + 1}");
            Golden.Close(steps[i].GetProperty("b"), b.Detach(), rtol: 1e-5, atol: 1e-7, what: $"b after step {i + 1}");
        }
    }
}
