using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

/// <summary>
/// nn-init.json: the parameters of freshly built modules after torch.manual_seed(seed), draw for draw.
/// The values written are those of PyTorch's Python recipe (torch/nn/modules/*.py reset_parameters),
/// replayed here with the same tensor calls; the TorchSharp module built with the same seed is checked
/// against it bit for bit and any difference is reported.
/// </summary>
internal static class NnInit
{
    private sealed record Spec(
        string Module,
        Action<Utf8JsonWriter> Args,
        Func<nn.Module> Build,
        Func<List<(string Name, Tensor Value)>> Recipe);

    public static void Write(string dir, Report report)
    {
        var specs = new List<Spec>
        {
            LinearSpec(5, 3, true),
            LinearSpec(4, 2, false),
            LinearSpec(20, 128, true),
            EmbeddingSpec(6, 4),
            EmbeddingSpec(97, 10),
            LstmSpec(3, 3, 1),
            LstmSpec(6, 6, 1),
            LstmSpec(2, 3, 2),
            new Spec(
                "LSTMCell",
                w => { w.WriteNumber("input", 3); w.WriteNumber("hidden", 4); },
                () => nn.LSTMCell(3, 4),
                () => LstmCellRecipe(3, 4)),
            new Spec(
                "Sequential",
                w =>
                {
                    w.WritePropertyName("layers");
                    w.WriteStartArray();
                    w.WriteStringValue("Linear(4, 8)");
                    w.WriteStringValue("ReLU()");
                    w.WriteStringValue("Linear(8, 2)");
                    w.WriteEndArray();
                },
                () => nn.Sequential(("0", nn.Linear(4, 8)), ("1", nn.ReLU()), ("2", nn.Linear(8, 2))),
                () =>
                {
                    var list = new List<(string, Tensor)>();
                    foreach (var (n, t) in LinearRecipe(4, 8, true)) list.Add(("0." + n, t));
                    foreach (var (n, t) in LinearRecipe(8, 2, true)) list.Add(("2." + n, t));
                    return list;
                }),
        };

        using var file = new GoldenFile(dir, "nn-init.json");
        var w = file.W;
        w.WritePropertyName("cases");
        w.WriteStartArray();
        foreach (var seed in new long[] { 0, 1, 42 })
        {
            foreach (var spec in specs)
            {
                torch.manual_seed(seed);
                var module = spec.Build();
                var fromModule = module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList();

                torch.manual_seed(seed);
                List<(string Name, Tensor Value)> recipe;
                using (torch.no_grad()) recipe = spec.Recipe();

                Compare(report, $"nn-init seed {seed} {spec.Module}", fromModule, recipe);

                w.WriteStartObject();
                w.WriteNumber("seed", seed);
                w.WriteString("module", spec.Module);
                w.WritePropertyName("args");
                w.WriteStartObject();
                spec.Args(w);
                w.WriteEndObject();
                w.WriteNamedTensors("parameters", recipe);
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
    }

    private static void Compare(Report report, string what, List<(string Name, Tensor Value)> module, List<(string Name, Tensor Value)> recipe)
    {
        var moduleNames = string.Join(",", module.Select(p => p.Name));
        var recipeNames = string.Join(",", recipe.Select(p => p.Name));
        if (moduleNames != recipeNames)
        {
            report.Deviation($"{what}: TorchSharp's parameter names [{moduleNames}] differ from PyTorch's [{recipeNames}]");
            return;
        }
        for (var i = 0; i < module.Count; i++)
        {
            if (!T.BitEqual(module[i].Value, recipe[i].Value))
            {
                report.Deviation($"{what}.{module[i].Name}: TorchSharp's module differs from the Python recipe (max |diff| {T.MaxAbsDiff(module[i].Value, recipe[i].Value):R})");
            }
        }
    }

    private static Spec LinearSpec(long inFeatures, long outFeatures, bool bias) => new(
        "Linear",
        w => { w.WriteNumber("in", inFeatures); w.WriteNumber("out", outFeatures); w.WriteBoolean("bias", bias); },
        () => nn.Linear(inFeatures, outFeatures, hasBias: bias),
        () => LinearRecipe(inFeatures, outFeatures, bias));

    private static Spec EmbeddingSpec(long num, long dim) => new(
        "Embedding",
        w => { w.WriteNumber("num", num); w.WriteNumber("dim", dim); },
        () => nn.Embedding(num, dim),
        () => EmbeddingRecipe(num, dim));

    private static Spec LstmSpec(long input, long hidden, long layers) => new(
        "LSTM",
        w => { w.WriteNumber("input", input); w.WriteNumber("hidden", hidden); w.WriteNumber("layers", layers); },
        () => nn.LSTM(input, hidden, numLayers: layers),
        () => LstmRecipe(input, hidden, layers));

    /// <summary>
    /// torch.nn.Linear.reset_parameters: init.kaiming_uniform_(weight, a=math.sqrt(5)), whose bound is
    /// computed in Python floats exactly as torch/nn/init.py does, then bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
    /// </summary>
    public static List<(string Name, Tensor Value)> LinearRecipe(long inFeatures, long outFeatures, bool bias)
    {
        var weight = torch.empty(outFeatures, inFeatures);
        var a = Math.Sqrt(5.0);
        var gain = Math.Sqrt(2.0 / (1 + Math.Pow(a, 2)));  // calculate_gain("leaky_relu", a)
        var std = gain / Math.Sqrt(inFeatures);             // fan_in mode
        var bound = Math.Sqrt(3.0) * std;
        weight.uniform_(-bound, bound);
        var list = new List<(string, Tensor)> { ("weight", weight) };
        if (bias)
        {
            var b = torch.empty(outFeatures);
            var biasBound = inFeatures > 0 ? 1 / Math.Sqrt(inFeatures) : 0;
            b.uniform_(-biasBound, biasBound);
            list.Add(("bias", b));
        }
        return list;
    }

    /// <summary>torch.nn.Embedding.reset_parameters: init.normal_(weight) (mean 0, std 1).</summary>
    public static List<(string Name, Tensor Value)> EmbeddingRecipe(long num, long dim)
    {
        var weight = torch.empty(num, dim);
        weight.normal_(0, 1);
        return [("weight", weight)];
    }

    /// <summary>
    /// torch.nn.RNNBase: parameters registered per layer as weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k},
    /// bias_hh_l{k}; reset_parameters draws U(-1/sqrt(hidden), 1/sqrt(hidden)) for each in that order.
    /// </summary>
    public static List<(string Name, Tensor Value)> LstmRecipe(long input, long hidden, long layers)
    {
        var list = new List<(string, Tensor)>();
        for (var k = 0; k < layers; k++)
        {
            var layerInput = k == 0 ? input : hidden;
            list.Add(($"weight_ih_l{k}", torch.empty(4 * hidden, layerInput)));
            list.Add(($"weight_hh_l{k}", torch.empty(4 * hidden, hidden)));
            list.Add(($"bias_ih_l{k}", torch.empty(4 * hidden)));
            list.Add(($"bias_hh_l{k}", torch.empty(4 * hidden)));
        }
        var stdv = hidden > 0 ? 1.0 / Math.Sqrt(hidden) : 0;
        foreach (var (_, t) in list) t.uniform_(-stdv, stdv);
        return list;
    }

    /// <summary>torch.nn.LSTMCell (RNNCellBase): weight_ih, weight_hh, bias_ih, bias_hh, each U(-1/sqrt(hidden), 1/sqrt(hidden)).</summary>
    public static List<(string Name, Tensor Value)> LstmCellRecipe(long input, long hidden)
    {
        var list = new List<(string, Tensor)>
        {
            ("weight_ih", torch.empty(4 * hidden, input)),
            ("weight_hh", torch.empty(4 * hidden, hidden)),
            ("bias_ih", torch.empty(4 * hidden)),
            ("bias_hh", torch.empty(4 * hidden)),
        };
        var stdv = hidden > 0 ? 1.0 / Math.Sqrt(hidden) : 0;
        foreach (var (_, t) in list) t.uniform_(-stdv, stdv);
        return list;
    }
}
