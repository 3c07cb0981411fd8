using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace TensorDsl.Tests.Golden;

/// <summary>
/// Every public op against libtorch on random cases (Golden/Torch/differential.json, written by
/// tools/TorchReference): values, shapes, strides, dtypes, requires_grad, grad_fn names, the
/// gradients of <c>Σ (output · G).sum()</c> for a random G, and error texts, word for word.
/// Tolerances: integers and bools exact; floats within 1e-5 relative + 1e-5 absolute, gradients
/// (summed in another order) within 1e-4 + 1e-5, when float32 takes part in the case anywhere;
/// otherwise (float64 only) 1e-12 + 1e-12, and 1e-10 + 1e-12 for gradients. Where a case's values
/// are not comparable (dropout's masks, torch.empty), neither are its gradients' values.
/// </summary>
[Collection(DefaultGeneratorCollection.Name)]
public class DifferentialGoldenTests
{
    private const string File = "differential.json";

    private static readonly Lazy<ILookup<string, JsonElement>> s_byApi = new(() => Golden.Cases(File).ToLookup(c => c.GetProperty("api").GetString()!));

    public static TheoryData<string> Apis()
    {
        var data = new TheoryData<string>();
        foreach (var api in PublicOps.All.Keys.Order(StringComparer.Ordinal)) data.Add(api);
        return data;
    }

    [Fact]
    public void EveryPublicOpHasCases()
    {
        var missing = PublicOps.All.Keys.Where(api => !s_byApi.Value.Contains(api)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"public ops without a differential golden case (add them to tools/TorchReference/DiffOps*.cs): {string.Join("; ", missing)}");
    }

    [Fact]
    public void EveryCaseNamesAPublicOp()
    {
        var unknown = s_byApi.Value.Select(g => g.Key).Where(api => !PublicOps.All.ContainsKey(api)).ToList();
        Assert.True(unknown.Count == 0, $"cases of methods that are not public ops: {string.Join("; ", unknown)}");
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public void MatchesLibtorch(string api)
    {
        var failures = new List<string>();
        foreach (var c in s_byApi.Value[api])
        {
            var failure = Check(c);
            if (failure is not null) failures.Add($"{c.GetProperty("name").GetString()}: {failure}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {s_byApi.Value[api].Count()} cases differ from libtorch:\n" + string.Join("\n", failures));
    }

    // The first difference from libtorch in a case, or null.
    private static string? Check(JsonElement c)
    {
        DifferentialCall call;
        try
        {
            call = new DifferentialCall(c);
        }
        catch (Exception e)
        {
            return $"building the inputs threw {e.GetType().Name}: {e.Message}";
        }
        var inputs = c.GetProperty("inputs").EnumerateArray().ToArray();
        for (int k = 0; k < inputs.Length; k++)
        {
            var strides = Ints(inputs[k].GetProperty("strides"));
            if (!strides.SequenceEqual(call.Inputs[k].Stride()))
                return $"input {k}'s view has strides [{string.Join(", ", call.Inputs[k].Stride())}], libtorch's [{string.Join(", ", strides)}]";
        }

        List<Tensor> outputs;
        try
        {
            using (c.TryGetProperty("noGrad", out var noGrad) && noGrad.GetBoolean() ? Torch.NoGrad() : null) outputs = call.Invoke();
        }
        catch (Exception e)
        {
            if (!c.TryGetProperty("error", out var expectedError)) return $"threw {e.GetType().Name}: {e.Message}";
            return e.Message == expectedError.GetString() ? null : $"error text \"{e.Message}\", libtorch's \"{expectedError.GetString()}\"";
        }
        if (c.TryGetProperty("error", out var error)) return $"no error, libtorch's \"{error.GetString()}\"";

        var expected = c.GetProperty("outputs").EnumerateArray().ToArray();
        if (expected.Length != outputs.Count) return $"{outputs.Count} outputs, libtorch {expected.Length}";
        var tolerance = new Tolerance(
            !c.TryGetProperty("compareValues", out var cv) || cv.GetBoolean(),
            c.GetRawText().Contains("\"float32\"", StringComparison.Ordinal));
        for (int k = 0; k < outputs.Count; k++)
        {
            var failure = CompareOutput(expected[k], outputs[k], tolerance);
            if (failure is not null) return $"output {k}: {failure}";
        }
        return c.TryGetProperty("gradOuts", out var gradOuts) ? CheckGradients(c, call, outputs, gradOuts, tolerance) : null;
    }

    // Whether values are compared, and whether at float32's precision.
    private sealed record Tolerance(bool Values, bool Single);

    private static string? CompareOutput(JsonElement e, Tensor actual, Tolerance tolerance)
    {
        var failure = Compare(e, actual, tolerance, gradient: false);
        if (failure is not null) return failure;
        var strides = Ints(e.GetProperty("strides"));
        if (!strides.SequenceEqual(actual.Stride())) return $"strides [{string.Join(", ", actual.Stride())}], libtorch [{string.Join(", ", strides)}]";
        bool requiresGrad = e.GetProperty("requiresGrad").GetBoolean();
        if (requiresGrad != actual.RequiresGrad) return $"requires_grad {actual.RequiresGrad}, libtorch {requiresGrad}";
        string? gradFn = e.TryGetProperty("gradFn", out var g) ? g.GetString() : null;
        if (gradFn != actual.GradFn?.Name) return $"grad_fn {actual.GradFn?.Name ?? "None"}, libtorch {gradFn ?? "None"}";
        return null;
    }

    private static string? CheckGradients(JsonElement c, DifferentialCall call, List<Tensor> outputs, JsonElement gradOuts, Tolerance tolerance)
    {
        var g = gradOuts.EnumerateArray().ToArray();
        Tensor? loss = null;
        for (int k = 0; k < outputs.Count; k++)
        {
            if (g[k].ValueKind == JsonValueKind.Null) continue;
            var term = (outputs[k] * Golden.Tensor(g[k])).Sum();
            loss = loss is null ? term : loss + term;
        }
        try
        {
            loss!.Backward();
        }
        catch (Exception e)
        {
            if (!c.TryGetProperty("backwardError", out var expectedError)) return $"backward threw {e.GetType().Name}: {e.Message}";
            return e.Message == expectedError.GetString() ? null : $"backward error text \"{e.Message}\", libtorch's \"{expectedError.GetString()}\"";
        }
        if (c.TryGetProperty("backwardError", out var error)) return $"backward ran, libtorch's \"{error.GetString()}\"";
        var expected = c.GetProperty("inputGrads").EnumerateArray().ToArray();
        for (int k = 0; k < expected.Length; k++)
        {
            var grad = call.GradSource(k).Grad;
            if (expected[k].ValueKind == JsonValueKind.Null)
            {
                if (grad is not null && c.GetProperty("inputs")[k].TryGetProperty("requiresGrad", out _)) return $"input {k} has a gradient, libtorch none";
                continue;
            }
            if (grad is null) return $"input {k} has no gradient, libtorch's {expected[k].GetProperty("values")}";
            var failure = Compare(expected[k], grad, tolerance, gradient: true);
            if (failure is not null) return $"gradient of input {k}: {failure}";
        }
        return null;
    }

    // dtype, shape and (when asked) values within the tolerances of the class summary.
    private static string? Compare(JsonElement e, Tensor actual, Tolerance tolerance, bool gradient)
    {
        var dtype = DifferentialCall.DTypeOf(e.GetProperty("dtype").GetString()!);
        if (dtype != actual.DType) return $"dtype {actual.DType}, libtorch {dtype}";
        var shape = Ints(e.GetProperty("shape"));
        if (!shape.SequenceEqual(actual.Shape.ToArray())) return $"shape {actual.Shape}, libtorch [{string.Join(", ", shape)}]";
        if (!tolerance.Values) return null;
        var x = e.GetProperty("values").EnumerateArray().Select(v => v.ValueKind switch
        {
            JsonValueKind.True => 1.0,
            JsonValueKind.False => 0.0,
            _ => Golden.Number(v),
        }).ToArray();
        var y = actual.Contiguous().ToArray<double>();
        var (rtol, atol) = !dtype.IsFloatingPoint() ? (0.0, 0.0)
            : tolerance.Single ? (gradient ? (1e-4, 1e-5) : (1e-5, 1e-5))
            : gradient ? (1e-10, 1e-12) : (1e-12, 1e-12);
        for (int i = 0; i < x.Length; i++)
        {
            bool ok = double.IsNaN(x[i]) ? double.IsNaN(y[i]) : x[i] == y[i] || Math.Abs(x[i] - y[i]) <= atol + rtol * Math.Abs(x[i]);
            if (!ok) return $"element {i} is {y[i]:R}, libtorch {x[i]:R} (values [{string.Join(", ", y.Take(12))}], libtorch [{string.Join(", ", x.Take(12))}])";
        }
        return null;
    }

    private static int[] Ints(JsonElement a) => a.EnumerateArray().Select(v => v.GetInt32()).ToArray();
}
