using System;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace TensorDsl.Tests.Golden;

/// <summary>
/// The nn issue's tensor ops against libtorch (Golden/Torch/ops.json): values, dtypes, shapes,
/// gradients of <c>(out · G).sum()</c>, and error texts.
/// </summary>
[Collection(DefaultGeneratorCollection.Name)]
public class OpsGoldenTests
{
    public static TheoryData<string> Cases() => Golden.Names("ops.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLibtorch(string name)
    {
        var c = Golden.Case("ops.json", name);
        var inputs = c.GetProperty("inputs").EnumerateArray().Select(Golden.Tensor).ToArray();
        bool grads = c.TryGetProperty("inputGrads", out var expectedGrads);
        if (grads)
            foreach (var t in inputs.Where(t => t.DType.IsFloatingPoint())) t.RequiresGrad_();
        var args = c.GetProperty("args");

        if (c.TryGetProperty("error", out var error))
        {
            var e = Assert.ThrowsAny<Exception>(() => Run(c.GetProperty("op").GetString()!, args, inputs));
            Assert.Equal(error.GetString(), e.Message);
            return;
        }
        var outputs = Run(c.GetProperty("op").GetString()!, args, inputs);
        var expected = c.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, outputs.Length);
        // Factories compute each value the way libtorch's kernels do: bit for bit.
        bool exact = c.GetProperty("op").GetString() is "linspace" or "eye" or "full_like" or "randperm";
        for (int i = 0; i < outputs.Length; i++)
            Golden.Close(expected[i], outputs[i], rtol: exact ? 0 : 1e-5, atol: exact ? 0 : 1e-6, what: $"output {i}");
        if (!grads) return;

        var gradOuts = c.GetProperty("gradOuts").EnumerateArray().ToArray();
        Tensor? loss = null;
        for (int i = 0; i < outputs.Length; i++)
        {
            if (!outputs[i].DType.IsFloatingPoint()) continue;
            var term = (outputs[i] * Golden.Tensor(gradOuts[i])).Sum();
            loss = loss is null ? term : loss + term;
        }
        loss!.Backward();
        var expectedInputGrads = expectedGrads.EnumerateArray().ToArray();
        for (int i = 0; i < inputs.Length; i++)
        {
            if (expectedInputGrads[i].ValueKind == JsonValueKind.Null) continue;
            Assert.NotNull(inputs[i].Grad);
            Golden.Close(expectedInputGrads[i], inputs[i].Grad!, rtol: 1e-4, atol: 1e-5, what: $"grad of input {i}");
        }
    }

    // The TensorDsl call for a golden case's op and arguments.
    private static Tensor[] Run(string op, JsonElement args, Tensor[] x)
    {
        double D(string key) => args.GetProperty(key).ValueKind == JsonValueKind.String ? Golden.Number(args.GetProperty(key)) : args.GetProperty(key).GetDouble();
        double? Maybe(string key) => args.TryGetProperty(key, out _) ? D(key) : null;
        int I(string key) => args.GetProperty(key).GetInt32();
        bool KeepDim() => args.TryGetProperty("keepdim", out var k) && k.GetBoolean();
        bool Has(string key) => args.TryGetProperty(key, out _);
        int[] Ints(string key) => args.GetProperty(key).EnumerateArray().Select(v => v.GetInt32()).ToArray();

        Tensor Other() => x.Length > 1 ? x[1] : D("other");
        switch (op)
        {
            case "eq": return [Has("other") ? x[0].Eq(D("other")) : x[0].Eq(x[1])];
            case "ne": return [Has("other") ? x[0].Ne(D("other")) : x[0].Ne(x[1])];
            case "lt": return [Has("other") ? x[0] < D("other") : x[0] < Other()];
            case "le": return [Has("other") ? x[0] <= D("other") : x[0] <= Other()];
            case "gt": return [Has("other") ? x[0] > D("other") : x[0] > Other()];
            case "ge": return [Has("other") ? x[0] >= D("other") : x[0] >= Other()];
            case "where": return [Torch.Where(x[0], x[1], x[2])];
            case "masked_fill": return [x[0].MaskedFill(x[1], D("value"))];
            case "clamp": return [x[0].Clamp(Maybe("min"), Maybe("max"))];
            case "max" when Has("dim"): var max = x[0].Max(I("dim"), KeepDim()); return [max.Values, max.Indices];
            case "max": return [x[0].Max()];
            case "min" when Has("dim"): var min = x[0].Min(I("dim"), KeepDim()); return [min.Values, min.Indices];
            case "min": return [x[0].Min()];
            case "argmax": return [Has("dim") ? x[0].ArgMax(I("dim"), KeepDim()) : x[0].ArgMax()];
            case "argmin": return [Has("dim") ? x[0].ArgMin(I("dim"), KeepDim()) : x[0].ArgMin()];
            case "prod": return [Has("dim") ? x[0].Prod(I("dim"), KeepDim()) : x[0].Prod()];
            case "var" or "std":
                bool unbiased = !args.TryGetProperty("unbiased", out var u) || u.GetBoolean();
                bool std = op == "std";
                if (!Has("dim")) return [std ? x[0].Std(unbiased) : x[0].Var(unbiased)];
                return [std ? x[0].Std(I("dim"), unbiased, KeepDim()) : x[0].Var(I("dim"), unbiased, KeepDim())];
            case "norm":
                if (!Has("p")) return [x[0].Norm()];
                return [Has("dim") ? x[0].Norm(D("p"), I("dim"), KeepDim()) : x[0].Norm(D("p"))];
            case "logsumexp": return [x[0].LogSumExp(I("dim"), KeepDim())];
            case "sum": return [x[0].Sum(Ints("dim"), KeepDim())];
            case "mean": return [x[0].Mean(Ints("dim"), KeepDim())];
            case "expand": return [x[0].Expand(Ints("size"))];
            case "repeat": return [x[0].Repeat(Ints("repeats"))];
            case "split":
                return args.GetProperty("split_size").ValueKind == JsonValueKind.Array
                    ? x[0].Split(Ints("split_size"), I("dim"))
                    : x[0].Split(I("split_size"), I("dim"));
            case "chunk": return x[0].Chunk(I("chunks"), I("dim"));
            case "narrow": return [x[0].Narrow(I("dim"), I("start"), I("length"))];
            case "gather": return [x[0].Gather(I("dim"), x[1])];
            case "index_select": return [x[0].IndexSelect(I("dim"), x[1])];
            case "log1p": return [x[0].Log1p()];
            case "sin": return [x[0].Sin()];
            case "cos": return [x[0].Cos()];
            case "square": return [x[0].Square()];
            case "reciprocal": return [x[0].Reciprocal()];
            case "rsqrt": return [x[0].Rsqrt()];
            case "linspace": return [Torch.Linspace(D("start"), D("end"), I("steps"))];
            case "eye": return [Has("m") ? Torch.Eye(I("n"), I("m")) : Torch.Eye(I("n"))];
            case "full_like": return [Torch.FullLike(x[0], D("fill_value"))];
            case "randperm":
                Torch.ManualSeed(I("seed"));
                return [Torch.Randperm(I("n"))];
            default: throw new ArgumentException(op);
        }
    }
}
