using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

/// <summary>
/// PyTorch 2.10's optimizers as torch.optim runs them on CPU by default (foreach=None resolves to the
/// single-tensor for-loop for CPU tensors; fused is off): _single_tensor_sgd and _single_tensor_adam
/// (AdamW is Adam with decoupled_weight_decay=True), statement for statement, with the same ATen calls
/// and the same Python-float scalar arithmetic. TorchSharp's own optimizers are managed C#
/// reimplementations (see Optim.Write's comparison); these ports are what the golden files record.
/// </summary>
internal interface IPyOptimizer
{
    /// <summary>optimizer.step() with the gradients given (p.grad for each parameter, in order).</summary>
    void Step(IReadOnlyList<Tensor> grads);
}

internal sealed class PySgd(IReadOnlyList<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false) : IPyOptimizer
{
    private readonly Tensor?[] momentumBuffers = new Tensor?[parameters.Count];

    public void Step(IReadOnlyList<Tensor> grads)
    {
        using var _ = torch.no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            var param = parameters[i];
            var grad = grads[i];
            if (weightDecay != 0) grad = grad.add(param, alpha: weightDecay);
            if (momentum != 0)
            {
                var buf = momentumBuffers[i];
                if (buf is null)
                {
                    buf = grad.clone().detach();
                    momentumBuffers[i] = buf;
                }
                else
                {
                    buf.mul_(momentum).add_(grad, alpha: 1 - dampening);
                }
                grad = nesterov ? grad.add(buf, alpha: momentum) : buf;
            }
            param.add_(grad, alpha: -lr);
        }
    }
}

internal sealed class PyAdam(
    IReadOnlyList<Tensor> parameters,
    double lr = 1e-3,
    double beta1 = 0.9,
    double beta2 = 0.999,
    double eps = 1e-8,
    double weightDecay = 0,
    bool amsgrad = false,
    bool decoupledWeightDecay = false) : IPyOptimizer
{
    private readonly Tensor[] steps = parameters.Select(_ => torch.tensor(0.0f)).ToArray();
    private readonly Tensor[] expAvgs = parameters.Select(p => torch.zeros_like(p)).ToArray();
    private readonly Tensor[] expAvgSqs = parameters.Select(p => torch.zeros_like(p)).ToArray();
    private readonly Tensor[] maxExpAvgSqs = parameters.Select(p => torch.zeros_like(p)).ToArray();

    public void Step(IReadOnlyList<Tensor> grads)
    {
        using var _ = torch.no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            var param = parameters[i];
            var grad = grads[i];
            var expAvg = expAvgs[i];
            var expAvgSq = expAvgSqs[i];
            var stepT = steps[i];

            stepT.add_(1);
            if (weightDecay != 0)
            {
                if (decoupledWeightDecay) param.mul_(1 - lr * weightDecay);
                else grad = grad.add(param, alpha: weightDecay);
            }

            // exp_avg.lerp_(grad, 1 - beta1): ATen's scalar-weight lerp converts the weight to float;
            // TorchSharp binds only the tensor-weight overload, fed the same float as a 0-dim tensor.
            using (var weight = torch.tensor((float)(1 - beta1))) expAvg.lerp_(grad, weight);
            expAvgSq.mul_(beta2).addcmul_(grad, grad, value: 1 - beta2);

            double step = stepT.item<float>();
            var biasCorrection1 = 1 - Math.Pow(beta1, step);
            var biasCorrection2 = 1 - Math.Pow(beta2, step);
            var stepSize = lr / biasCorrection1;
            var biasCorrection2Sqrt = Math.Pow(biasCorrection2, 0.5);

            Tensor denom;
            if (amsgrad)
            {
                maxExpAvgSqs[i] = torch.maximum(maxExpAvgSqs[i], expAvgSq);
                denom = (maxExpAvgSqs[i].sqrt() / biasCorrection2Sqrt).add_(eps);
            }
            else
            {
                denom = (expAvgSq.sqrt() / biasCorrection2Sqrt).add_(eps);
            }
            param.addcdiv_(expAvg, denom, value: -stepSize);
        }
    }
}

/// <summary>
/// optim.json: 20-step trajectories of SGD, Adam and AdamW on a small least-squares problem.
/// </summary>
internal static class Optim
{
    private sealed record Config(
        string Name,
        string Optimizer,
        Action<Utf8JsonWriter> Args,
        Func<IReadOnlyList<Tensor>, IPyOptimizer> Py,
        Func<IReadOnlyList<TorchSharp.Modules.Parameter>, torch.optim.Optimizer> TorchSharpOptimizer);

    public static void Write(string dir, Report report)
    {
        torch.manual_seed(0);
        var w0 = torch.randn(4, 3);
        var b0 = torch.randn(3);
        var x = torch.randn(6, 4);
        var y = torch.randn(6, 3);

        var configs = new List<Config>
        {
            Sgd("sgd", 0.1),
            Sgd("sgd-momentum", 0.1, momentum: 0.9),
            Sgd("sgd-dampening", 0.1, momentum: 0.9, dampening: 0.5),
            Sgd("sgd-nesterov", 0.1, momentum: 0.9, nesterov: true),
            Sgd("sgd-weight-decay", 0.1, momentum: 0.9, weightDecay: 0.1),
            Adam("adam", "Adam", 0.01),
            Adam("adam-amsgrad", "Adam", 0.01, amsgrad: true),
            Adam("adam-weight-decay", "Adam", 0.01, weightDecay: 0.1),
            Adam("adam-betas", "Adam", 0.05, betas: (0.8, 0.99), eps: 1e-6),
            Adam("adamw", "AdamW", 0.01, weightDecay: 0.01, setWeightDecay: false),
            Adam("adamw-amsgrad", "AdamW", 0.01, weightDecay: 0.1, amsgrad: true),
        };

        using var file = new GoldenFile(dir, "optim.json");
        var jw = file.W;
        jw.WriteNumber("seed", 0);
        jw.WriteString("loss", "((x.mm(w) + b - y).pow(2)).mean()");
        jw.WriteTensor("w0", w0);
        jw.WriteTensor("b0", b0);
        jw.WriteTensor("x", x);
        jw.WriteTensor("y", y);
        jw.WritePropertyName("cases");
        jw.WriteStartArray();
        foreach (var config in configs)
        {
            var steps = Run(config, w0, b0, x, y);
            CompareWithTorchSharp(report, config, w0, b0, x, y, steps);

            jw.WriteStartObject();
            jw.WriteString("name", config.Name);
            jw.WriteString("optimizer", config.Optimizer);
            jw.WritePropertyName("args");
            jw.WriteStartObject();
            config.Args(jw);
            jw.WriteEndObject();
            jw.WritePropertyName("steps");
            jw.WriteStartArray();
            foreach (var (loss, w, b) in steps)
            {
                jw.WriteStartObject();
                jw.WriteDouble("loss", loss);
                jw.WriteTensor("w", w);
                jw.WriteTensor("b", b);
                jw.WriteEndObject();
            }
            jw.WriteEndArray();
            jw.WriteEndObject();
        }
        jw.WriteEndArray();
    }

    private static Tensor Loss(Tensor x, Tensor w, Tensor b, Tensor y) => (x.mm(w) + b - y).pow(2).mean();

    /// <summary>20 × (zero_grad (grads to None); loss; backward; step), recording the loss before and w, b after each step.</summary>
    private static List<(double Loss, Tensor W, Tensor B)> Run(Config config, Tensor w0, Tensor b0, Tensor x, Tensor y)
    {
        var w = w0.detach().clone().requires_grad_(true);
        var b = b0.detach().clone().requires_grad_(true);
        var optimizer = config.Py([w, b]);
        var steps = new List<(double, Tensor, Tensor)>();
        for (var i = 0; i < 20; i++)
        {
            var loss = Loss(x, w, b, y);
            // With the gradients set to None by zero_grad(), backward() stores the incoming gradient
            // itself; torch.autograd.grad returns exactly that tensor.
            var grads = torch.autograd.grad([loss], [w, b]);
            optimizer.Step(grads.ToList());
            steps.Add((loss.item<float>(), w.detach().clone(), b.detach().clone()));
        }
        return steps;
    }

    private static void CompareWithTorchSharp(Report report, Config config, Tensor w0, Tensor b0, Tensor x, Tensor y, List<(double Loss, Tensor W, Tensor B)> steps)
    {
        var w = new TorchSharp.Modules.Parameter(w0.detach().clone());
        var b = new TorchSharp.Modules.Parameter(b0.detach().clone());
        var optimizer = config.TorchSharpOptimizer([w, b]);
        var firstDiff = -1;
        double maxDiff = 0;
        for (var i = 0; i < 20; i++)
        {
            optimizer.zero_grad();
            var loss = Loss(x, w, b, y);
            loss.backward();
            optimizer.step();
            var d = Math.Max(T.MaxAbsDiff(w, steps[i].W), T.MaxAbsDiff(b, steps[i].B));
            if (d != 0 && firstDiff < 0) firstDiff = i + 1;
            maxDiff = Math.Max(maxDiff, d);
        }
        if (firstDiff >= 0)
        {
            report.Deviation($"optim {config.Name}: TorchSharp's {config.Optimizer} differs from PyTorch's for-loop implementation from step {firstDiff} on (max |diff| in w, b over 20 steps {maxDiff:R})");
        }
        else
        {
            report.Note($"optim {config.Name}: TorchSharp's {config.Optimizer} matches the PyTorch port bit for bit over 20 steps");
        }
    }

    private static Config Sgd(string name, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false) => new(
        name,
        "Sgd",
        w =>
        {
            w.WriteDouble("lr", lr);
            if (momentum != 0) w.WriteDouble("momentum", momentum);
            if (dampening != 0) w.WriteDouble("dampening", dampening);
            if (weightDecay != 0) w.WriteDouble("weightDecay", weightDecay);
            if (nesterov) w.WriteBoolean("nesterov", nesterov);
        },
        p => new PySgd(p, lr, momentum, dampening, weightDecay, nesterov),
        p => torch.optim.SGD(p, lr, momentum, dampening, weightDecay, nesterov));

    private static Config Adam(
        string name,
        string optimizer,
        double lr,
        double weightDecay = 0,
        bool amsgrad = false,
        (double, double)? betas = null,
        double? eps = null,
        bool setWeightDecay = true) => new(
        name,
        optimizer,
        w =>
        {
            w.WriteDouble("lr", lr);
            if (weightDecay != 0 && setWeightDecay) w.WriteDouble("weightDecay", weightDecay);
            if (betas is { } bs)
            {
                w.WritePropertyName("betas");
                w.WriteStartArray();
                w.WriteDouble(bs.Item1);
                w.WriteDouble(bs.Item2);
                w.WriteEndArray();
            }
            if (eps is { } e) w.WriteDouble("eps", e);
            if (amsgrad) w.WriteBoolean("amsgrad", amsgrad);
        },
        p => new PyAdam(p, lr, betas?.Item1 ?? 0.9, betas?.Item2 ?? 0.999, eps ?? 1e-8, weightDecay, amsgrad, decoupledWeightDecay: optimizer == "AdamW"),
        p => optimizer == "AdamW"
            ? torch.optim.AdamW(p, lr, betas?.Item1 ?? 0.9, betas?.Item2 ?? 0.999, eps ?? 1e-8, weightDecay, amsgrad)
            : torch.optim.Adam(p, lr, betas?.Item1 ?? 0.9, betas?.Item2 ?? 0.999, eps ?? 1e-8, weightDecay, amsgrad));
}
