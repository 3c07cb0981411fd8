using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace TensorDsl.Tests.Golden;

/// <summary>
/// The golden files libtorch wrote (tools/TorchReference): tensors as shape, dtype and row-major
/// values, read here into tensors and compared with what TensorDsl computes.
/// </summary>
internal static class Golden
{
    /// <summary>The cases of <c>Golden/Torch/{file}</c>.</summary>
    public static JsonElement[] Cases(string file) => Root(file).GetProperty("cases").EnumerateArray().ToArray();

    /// <summary>The root object of <c>Golden/Torch/{file}</c>.</summary>
    public static JsonElement Root(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "Torch", file);
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    /// <summary>The case named <paramref name="name"/>.</summary>
    public static JsonElement Case(string file, string name) => Cases(file).Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>Names of every case in a file, as xunit theory data.</summary>
    public static TheoryData<string> Names(string file)
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases(file)) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    /// <summary>A tensor from <c>{"shape", "dtype", "values"}</c>.</summary>
    public static Tensor Tensor(JsonElement t)
    {
        var shape = t.GetProperty("shape").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        var values = t.GetProperty("values").EnumerateArray().ToArray();
        Tensor flat = t.GetProperty("dtype").GetString() switch
        {
            "float32" => Torch.Tensor(values.Select(v => (float)Number(v)).ToArray()),
            "float64" => Torch.Tensor(values.Select(Number).ToArray()),
            "int64" => Torch.Tensor(values.Select(v => v.GetInt64()).ToArray()),
            "int32" => Torch.Tensor(values.Select(v => v.GetInt32()).ToArray()),
            "bool" => Torch.Tensor(values.Select(v => v.GetBoolean()).ToArray()),
            var d => throw new InvalidDataException($"dtype {d}"),
        };
        return flat.Reshape(shape);
    }

    public static double Number(JsonElement v) => v.ValueKind == JsonValueKind.String
        ? v.GetString() switch { "nan" => double.NaN, "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, var s => throw new InvalidDataException(s) }
        : v.GetDouble();

    /// <summary>
    /// <paramref name="actual"/> has the golden tensor's dtype and shape, and values within
    /// <c>atol + rtol·|expected|</c> (NaN where NaN; exact for integers and bools).
    /// </summary>
    public static void Close(JsonElement expected, Tensor actual, double rtol = 1e-5, double atol = 1e-6, string what = "")
    {
        var e = Tensor(expected);
        Assert.True(e.DType == actual.DType, $"{what}: dtype {actual.DType}, libtorch {e.DType}");
        Assert.True(e.Shape.Equals(actual.Shape), $"{what}: shape {actual.Shape}, libtorch {e.Shape}");
        if (!e.DType.IsFloatingPoint())
        {
            Assert.True(e.ToArray<double>().SequenceEqual(actual.ToArray<double>()), $"{what}: {actual} but libtorch {e}");
            return;
        }
        var x = e.ToArray<double>();
        var y = actual.ToArray<double>();
        for (int i = 0; i < x.Length; i++)
        {
            bool ok = double.IsNaN(x[i]) ? double.IsNaN(y[i]) : x[i] == y[i] || Math.Abs(x[i] - y[i]) <= atol + rtol * Math.Abs(x[i]);
            Assert.True(ok, $"{what}: element {i} is {y[i]:R}, libtorch {x[i]:R} (first: {string.Join(", ", y.Take(8))})");
        }
    }

    /// <summary>The named tensors of a <c>[{"name", "value"}]</c> list, in order.</summary>
    public static List<KeyValuePair<string, Tensor>> Named(JsonElement list) =>
        list.EnumerateArray().Select(p => new KeyValuePair<string, Tensor>(p.GetProperty("name").GetString()!, Tensor(p.GetProperty("value")))).ToList();
}
