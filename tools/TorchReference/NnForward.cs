using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

/// <summary>
/// nn-forward.json: module outputs and gradients. Each case: torch.manual_seed(7), build the module,
/// draw the inputs (randn, in the order listed), forward, draw one randn G per output (in output order),
/// loss = sum of (output * G).sum(), loss.backward(); gradients of every parameter and float input.
/// </summary>
internal static class NnForward
{
    private sealed record Case(
        string Name,
        Func<nn.Module> Build,
        Func<List<(string Name, Tensor Value)>> Inputs,
        Func<nn.Module, List<Tensor>, List<(string Name, Tensor Value)>> Forward);

    public static void Write(string dir)
    {
        var cases = new List<Case>
        {
            new("Linear", () => nn.Linear(5, 3), () => [("x", torch.randn(4, 5))], Single),
            new("Linear1d", () => nn.Linear(5, 3), () => [("x", torch.randn(5))], Single),
            new("LinearNoBias", () => nn.Linear(5, 3, hasBias: false), () => [("x", torch.randn(2, 3, 5))], Single),
            new("Embedding", () => nn.Embedding(10, 4), () => [("x", T.I64([1, 2, 4, 4, 3, 9], 2, 3))], Single),
            new("LSTM", () => nn.LSTM(3, 4), () => [("x", torch.randn(5, 2, 3))], Lstm),
            new(
                "LSTMState",
                () => nn.LSTM(3, 4),
                () =>
                {
                    var x = torch.randn(5, 1, 3);
                    var h0 = torch.randn(1, 1, 4);
                    var c0 = torch.randn(1, 1, 4);
                    return [("x", x), ("h0", h0), ("c0", c0)];
                },
                Lstm),
            new("LSTM2", () => nn.LSTM(2, 3, numLayers: 2), () => [("x", torch.randn(4, 1, 2))], Lstm),
            new(
                "LSTMCell",
                () => nn.LSTMCell(3, 4),
                () =>
                {
                    var x = torch.randn(2, 3);
                    var h = torch.randn(2, 4);
                    var c = torch.randn(2, 4);
                    return [("x", x), ("h", h), ("c", c)];
                },
                (m, inputs) =>
                {
                    var (h1, c1) = ((TorchSharp.Modules.LSTMCell)m).call(inputs[0], (inputs[1], inputs[2]));
                    return [("h_1", h1), ("c_1", c1)];
                }),
            new(
                "Sequential",
                () => nn.Sequential(("0", nn.Linear(4, 8)), ("1", nn.Tanh()), ("2", nn.Linear(8, 3)), ("3", nn.Sigmoid())),
                () => [("x", torch.randn(5, 4))],
                Single),
            new(
                "SequentialRelu",
                () => nn.Sequential(("0", nn.Linear(4, 8)), ("1", nn.ReLU()), ("2", nn.Linear(8, 2))),
                () => [("x", torch.randn(3, 4))],
                Single),
        };

        using var file = new GoldenFile(dir, "nn-forward.json");
        var w = file.W;
        w.WriteNumber("seed", 7);
        w.WritePropertyName("cases");
        w.WriteStartArray();
        foreach (var c in cases)
        {
            torch.manual_seed(7);
            var module = c.Build();
            var parameters = module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList();
            var inputs = c.Inputs();
            foreach (var (_, t) in inputs)
            {
                if (T.IsFloat(t)) t.requires_grad_(true);
            }
            var outputs = c.Forward(module, inputs.Select(i => i.Value).ToList());
            var gradOuts = outputs.Select(o => torch.randn(o.Value.shape)).ToList();
            Tensor? loss = null;
            for (var i = 0; i < outputs.Count; i++)
            {
                var term = (outputs[i].Value * gradOuts[i]).sum();
                loss = loss is null ? term : loss + term;
            }
            loss!.backward();

            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteNamedTensors("parameters", parameters);
            w.WriteNamedTensors("inputs", inputs);
            w.WritePropertyName("outputs");
            w.WriteStartArray();
            for (var i = 0; i < outputs.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("name", outputs[i].Name);
                w.WriteTensor("value", outputs[i].Value);
                w.WriteTensor("gradOut", gradOuts[i]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            var grads = parameters.Select(p => (p.Item1, p.Item2.grad!)).ToList();
            grads.AddRange(inputs.Where(i => T.IsFloat(i.Value)).Select(i => ("input:" + i.Name, i.Value.grad!)));
            w.WriteNamedTensors("grads", grads);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static List<(string Name, Tensor Value)> Single(nn.Module m, List<Tensor> inputs) =>
        [("output", ((nn.Module<Tensor, Tensor>)m).call(inputs[0]))];

    private static List<(string Name, Tensor Value)> Lstm(nn.Module m, List<Tensor> inputs)
    {
        var lstm = (TorchSharp.Modules.LSTM)m;
        var (output, hN, cN) = inputs.Count == 3 ? lstm.call(inputs[0], (inputs[1], inputs[2])) : lstm.call(inputs[0]);
        return [("output", output), ("h_n", hN), ("c_n", cN)];
    }
}
