using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using TensorDsl.NN;
using Xunit;
using F = TensorDsl.NN.Functional;

namespace TensorDsl.Tests.Golden;

/// <summary>Modules against libtorch: initialisation draw for draw, outputs and gradients, losses (Golden/Torch).</summary>
[Collection(DefaultGeneratorCollection.Name)]
public class ModuleGoldenTests
{
    public static TheoryData<int> InitCases() => Indices("nn-init.json");

    public static TheoryData<string> ForwardCases() => Golden.Names("nn-forward.json");

    public static TheoryData<int> LossCases() => Indices("losses.json");

    private static TheoryData<int> Indices(string file)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Golden.Cases(file).Length; i++) data.Add(i);
        return data;
    }

    // A module built from a golden case's description.
    private static Module Build(string module, JsonElement args) => module switch
    {
        "Linear" => new Linear(args.GetProperty("in").GetInt32(), args.GetProperty("out").GetInt32(), bias: args.GetProperty("bias").GetBoolean()),
        "Embedding" => new Embedding(args.GetProperty("num").GetInt32(), args.GetProperty("dim").GetInt32()),
        "LSTM" => new Lstm(args.GetProperty("input").GetInt32(), args.GetProperty("hidden").GetInt32(), numLayers: args.GetProperty("layers").GetInt32()),
        "LSTMCell" => new LstmCell(args.GetProperty("input").GetInt32(), args.GetProperty("hidden").GetInt32()),
        "Sequential" => new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2)),
        _ => throw new ArgumentException(module),
    };

    [Theory]
    [MemberData(nameof(InitCases))]
    public void InitialisationIsLibtorchsDrawForDraw(int index)
    {
        var c = Golden.Cases("nn-init.json")[index];
        Torch.ManualSeed(c.GetProperty("seed").GetInt64());
        var module = Build(c.GetProperty("module").GetString()!, c.GetProperty("args"));
        var expected = Golden.Named(c.GetProperty("parameters"));
        var actual = module.NamedParameters().ToList();
        Assert.Equal(expected.Select(p => p.Key), actual.Select(p => p.Name));
        // Uniform and normal draws are both bit-exact (docs/random.md).
        foreach (var ((name, value), p) in actual.Zip(c.GetProperty("parameters").EnumerateArray()))
            Golden.Close(p.GetProperty("value"), value, rtol: 0, atol: 0, what: name);
    }

    [Theory]
    [MemberData(nameof(ForwardCases))]
    public void OutputsAndGradientsMatchLibtorch(string name)
    {
        var c = Golden.Case("nn-forward.json", name);
        var parameters = Golden.Named(c.GetProperty("parameters"));
        var inputs = Golden.Named(c.GetProperty("inputs")).ToDictionary(p => p.Key, p => p.Value);
        foreach (var t in inputs.Values.Where(t => t.DType.IsFloatingPoint())) t.RequiresGrad_();
        var x = inputs["x"];

        Module module;
        Tensor[] outputs;
        switch (name)
        {
            case "Linear" or "Linear1d" or "LinearNoBias":
                var linear = new Linear(parameters[0].Value.Shape[1], parameters[0].Value.Shape[0], bias: parameters.Count == 2);
                module = linear;
                Load(module, parameters);
                outputs = [linear.Forward(x)];
                break;
            case "Embedding":
                var embedding = new Embedding(parameters[0].Value.Shape[0], parameters[0].Value.Shape[1]);
                module = embedding;
                Load(module, parameters);
                outputs = [embedding.Forward(x)];
                break;
            case "LSTM" or "LSTMState" or "LSTM2":
                var lstm = new Lstm(parameters[0].Value.Shape[1], parameters[1].Value.Shape[1], numLayers: parameters.Count / 4);
                module = lstm;
                Load(module, parameters);
                var (output, (h, cell)) = name == "LSTMState" ? lstm.Forward(x, (inputs["h0"], inputs["c0"])) : lstm.Forward(x);
                outputs = [output, h, cell];
                break;
            case "LSTMCell":
                var lstmCell = new LstmCell(parameters[0].Value.Shape[1], parameters[1].Value.Shape[1]);
                module = lstmCell;
                Load(module, parameters);
                var (h1, c1) = lstmCell.Forward(x, (inputs["h"], inputs["c"]));
                outputs = [h1, c1];
                break;
            case "Sequential":
                module = new Sequential(new Linear(4, 8), new TensorDsl.NN.Tanh(), new Linear(8, 3), new TensorDsl.NN.Sigmoid());
                Load(module, parameters);
                outputs = [module.Forward(x)];
                break;
            case "SequentialRelu":
                module = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
                Load(module, parameters);
                outputs = [module.Forward(x)];
                break;
            default:
                throw new ArgumentException(name);
        }

        var expectedOutputs = c.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal(expectedOutputs.Length, outputs.Length);
        Tensor? loss = null;
        for (int i = 0; i < outputs.Length; i++)
        {
            Golden.Close(expectedOutputs[i].GetProperty("value"), outputs[i], what: expectedOutputs[i].GetProperty("name").GetString()!);
            var term = (outputs[i] * Golden.Tensor(expectedOutputs[i].GetProperty("gradOut"))).Sum();
            loss = loss is null ? term : loss + term;
        }
        loss!.Backward();

        var own = module.NamedParameters().ToDictionary(p => p.Name, p => p.Value);
        foreach (var g in c.GetProperty("grads").EnumerateArray())
        {
            string gradName = g.GetProperty("name").GetString()!;
            var tensor = gradName.StartsWith("input:", StringComparison.Ordinal) ? inputs[gradName[6..]] : own[gradName];
            Assert.NotNull(tensor.Grad);
            Golden.Close(g.GetProperty("value"), tensor.Grad!, rtol: 1e-4, atol: 1e-5, what: "grad of " + gradName);
        }
    }

    private static void Load(Module module, List<KeyValuePair<string, Tensor>> parameters) => module.LoadStateDict(parameters);

    [Theory]
    [MemberData(nameof(LossCases))]
    public void LossesAndTheirGradientsMatchLibtorch(int index)
    {
        var c = Golden.Cases("losses.json")[index];
        string reduction = c.GetProperty("reduction").GetString()!;
        var input = Golden.Tensor(c.GetProperty("input")).RequiresGrad_();
        var target = Golden.Tensor(c.GetProperty("target"));
        if (target.DType.IsFloatingPoint()) target.RequiresGrad_();
        var output = c.GetProperty("loss").GetString() switch
        {
            "NllLoss" => new NllLoss(reduction).Forward(input, target),
            "nll_loss" => F.NllLoss(input, target, reduction: reduction),
            "CrossEntropyLoss" => new CrossEntropyLoss(reduction).Forward(input, target),
            "cross_entropy" => F.CrossEntropy(input, target, reduction: reduction),
            "MseLoss" => new MseLoss(reduction).Forward(input, target),
            "mse_loss" => F.MseLoss(input, target, reduction: reduction),
            var other => throw new ArgumentException(other),
        };
        Golden.Close(c.GetProperty("output"), output, what: "loss");
        var gradOut = c.GetProperty("gradOut");
        if (gradOut.ValueKind == JsonValueKind.Null) output.Backward();
        else (output * Golden.Tensor(gradOut)).Sum().Backward();
        Golden.Close(c.GetProperty("inputGrad"), input.Grad!, what: "input grad");
        if (c.TryGetProperty("targetGrad", out var targetGrad)) Golden.Close(targetGrad, target.Grad!, what: "target grad");
    }
}
