using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

/// <summary>
/// losses.json: NLLLoss, CrossEntropyLoss and MSELoss (modules and their functional forms) for the
/// reductions mean, sum and none, with the input gradient of each. torch.manual_seed(3) once; the
/// inputs are drawn case by case in the order written; for "none" a G ~ randn(output.shape) is drawn
/// right after the output and the gradient is that of (output * G).sum().
/// </summary>
internal static class Losses
{
    private static readonly string[] Reductions = ["mean", "sum", "none"];

    private static nn.Reduction ReductionOf(string name) => name switch
    {
        "mean" => nn.Reduction.Mean,
        "sum" => nn.Reduction.Sum,
        "none" => nn.Reduction.None,
        _ => throw new ArgumentException(name),
    };

    public static void Write(string dir, Report report)
    {
        using var file = new GoldenFile(dir, "losses.json");
        var w = file.W;
        w.WriteNumber("seed", 3);
        w.WritePropertyName("cases");
        w.WriteStartArray();

        torch.manual_seed(3);

        Tensor input;
        using (torch.no_grad()) input = nn.functional.log_softmax(torch.randn(4, 5), 1);
        var target = T.I64([1, 0, 4, 2], 4);
        Emit(w, "NllLoss", "NllLoss", input, target, (x, y, r) => nn.NLLLoss(reduction: r).call(x, y));
        Emit(w, "nll_loss", "nll_loss", input, target, (x, y, r) => nn.functional.nll_loss(x, y, reduction: r));

        // A single sample: input [C], target a 0-dim class index. TorchSharp's nll_loss goes through the
        // C++ frontend's torch::nn::functional::nll_loss, which rejects inputs of fewer than 2 dimensions
        // (Python's F.nll_loss calls nll_loss_nd directly and accepts them). nll_loss_forward on [C] with
        // a 0-dim target computes exactly what it computes on [1, C] with target [1] (one term, total
        // weight 1), and returns a 0-dim output for every reduction, so that is how it is evaluated here.
        using (torch.no_grad()) input = nn.functional.log_softmax(torch.randn(5), 0);
        target = torch.tensor(3L);
        var direct = TryDirect1d(input, target);
        if (direct is not null) report.Note("nll_loss accepted a 1-D input directly: " + direct);
        else report.Deviation("nll_loss/NLLLoss with a 1-D input and 0-dim target: TorchSharp (C++ frontend) raises 'Expected 2 or more dimensions'; PyTorch accepts it. Evaluated as the [1, C] problem and reshaped to 0-dim (same arithmetic).");
        Emit(w, "NllLoss1d", "NllLoss", input, target, (x, y, r) => nn.NLLLoss(reduction: r).call(x.unsqueeze(0), y.unsqueeze(0)).reshape([]));
        Emit(w, "nll_loss1d", "nll_loss", input, target, (x, y, r) => nn.functional.nll_loss(x.unsqueeze(0), y.unsqueeze(0), reduction: r).reshape([]));

        input = torch.randn(4, 5);
        target = T.I64([1, 0, 4, 2], 4);
        Emit(w, "CrossEntropyLoss", "CrossEntropyLoss", input, target, (x, y, r) => nn.CrossEntropyLoss(reduction: r).call(x, y));
        Emit(w, "cross_entropy", "cross_entropy", input, target, (x, y, r) => nn.functional.cross_entropy(x, y, reduction: r));

        input = torch.randn(2, 5, 3);
        target = T.I64([0, 4, 2, 1, 1, 3], 2, 3);
        Emit(w, "CrossEntropyLoss3d", "CrossEntropyLoss", input, target, (x, y, r) => nn.CrossEntropyLoss(reduction: r).call(x, y));
        Emit(w, "cross_entropy3d", "cross_entropy", input, target, (x, y, r) => nn.functional.cross_entropy(x, y, reduction: r));

        input = torch.randn(3, 4);
        target = torch.randn(3, 4);
        Emit(w, "MseLoss", "MseLoss", input, target, (x, y, r) => nn.MSELoss(reduction: r).call(x, y), targetGrad: true);
        Emit(w, "mse_loss", "mse_loss", input, target, (x, y, r) => nn.functional.mse_loss(x, y, reduction: r), targetGrad: true);

        w.WriteEndArray();
    }

    private static string? TryDirect1d(Tensor input, Tensor target)
    {
        try
        {
            using var r = nn.functional.nll_loss(input, target);
            return r.ToString();
        }
        catch (System.Runtime.InteropServices.ExternalException)
        {
            return null;
        }
    }

    private static void Emit(
        System.Text.Json.Utf8JsonWriter w,
        string name,
        string loss,
        Tensor input,
        Tensor target,
        Func<Tensor, Tensor, nn.Reduction, Tensor> f,
        bool targetGrad = false)
    {
        foreach (var reduction in Reductions)
        {
            var x = input.detach().clone().requires_grad_(true);
            var y = targetGrad ? target.detach().clone().requires_grad_(true) : target;
            var output = f(x, y, ReductionOf(reduction));
            Tensor? g = null;
            if (reduction == "none")
            {
                g = torch.randn(output.shape);
                (output * g).sum().backward();
            }
            else
            {
                output.backward();
            }

            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("loss", loss);
            w.WriteString("reduction", reduction);
            w.WriteTensor("input", input);
            w.WriteTensor("target", target);
            w.WriteTensor("output", output);
            w.WriteTensor("gradOut", g);
            w.WriteTensor("inputGrad", x.grad);
            if (targetGrad) w.WriteTensor("targetGrad", y.grad);
            w.WriteEndObject();
        }
    }
}
