using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

/// <summary>One golden JSON file: a top-level object with the "generator" field, written indented as UTF-8.</summary>
internal sealed class GoldenFile : IDisposable
{
    public const string GeneratorName = "TorchSharp 0.107.0 / libtorch 2.10";

    private readonly MemoryStream buffer = new();
    private readonly string path;

    public GoldenFile(string directory, string fileName)
    {
        path = System.IO.Path.Combine(directory, fileName);
        W = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // Messages keep their quotes and apostrophes readable; the output stays valid JSON.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        W.WriteStartObject();
        W.WriteString("generator", GeneratorName);
    }

    public Utf8JsonWriter W { get; }

    public string Path => path;

    public void Dispose()
    {
        W.WriteEndObject();
        W.Flush();
        buffer.WriteByte((byte)'\n');
        File.WriteAllBytes(path, buffer.ToArray());
        W.Dispose();
        buffer.Dispose();
    }
}

/// <summary>JSON writing of tensors and numbers in the golden files' conventions.</summary>
internal static class Json
{
    public static void WriteDouble(this Utf8JsonWriter w, double value)
    {
        w.WriteRawValue(DoubleText(value));
    }

    public static void WriteDouble(this Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        w.WriteDouble(value);
    }

    public static void WriteTensor(this Utf8JsonWriter w, string name, Tensor? t)
    {
        w.WritePropertyName(name);
        w.WriteTensor(t);
    }

    /// <summary>A tensor as one compact JSON object on one line: {"shape":[...],"dtype":"...","values":[...]}.</summary>
    public static void WriteTensor(this Utf8JsonWriter w, Tensor? t)
    {
        if (t is null)
        {
            w.WriteNullValue();
            return;
        }
        using var c = t.detach().contiguous();
        var sb = new StringBuilder();
        sb.Append("{\"shape\":[").AppendJoin(',', t.shape).Append("],\"dtype\":\"").Append(DtypeName(t.dtype)).Append("\",\"values\":[");
        switch (t.dtype)
        {
            case ScalarType.Float32:
                sb.AppendJoin(',', c.data<float>().ToArray().Select(FloatText));
                break;
            case ScalarType.Float64:
                sb.AppendJoin(',', c.data<double>().ToArray().Select(DoubleText));
                break;
            case ScalarType.Int64:
                sb.AppendJoin(',', c.data<long>().ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)));
                break;
            case ScalarType.Bool:
                sb.AppendJoin(',', c.data<bool>().ToArray().Select(v => v ? "true" : "false"));
                break;
            default:
                throw new NotSupportedException($"dtype {t.dtype} is not written to golden files");
        }
        sb.Append("]}");
        w.WriteRawValue(sb.ToString());
    }

    private static string FloatText(float v) =>
        float.IsNaN(v) ? "\"nan\"" : float.IsPositiveInfinity(v) ? "\"inf\"" : float.IsNegativeInfinity(v) ? "\"-inf\"" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string DoubleText(double v) =>
        double.IsNaN(v) ? "\"nan\"" : double.IsPositiveInfinity(v) ? "\"inf\"" : double.IsNegativeInfinity(v) ? "\"-inf\"" : v.ToString("R", CultureInfo.InvariantCulture);

    public static string DtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Int64 => "int64",
        ScalarType.Bool => "bool",
        _ => throw new NotSupportedException($"dtype {dtype}"),
    };

    public static void WriteNamedTensors(this Utf8JsonWriter w, string property, IEnumerable<(string Name, Tensor Value)> items)
    {
        w.WritePropertyName(property);
        w.WriteStartArray();
        foreach (var (name, value) in items)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteTensor("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WriteTensorArray(this Utf8JsonWriter w, string property, IEnumerable<Tensor?> items)
    {
        w.WritePropertyName(property);
        w.WriteStartArray();
        foreach (var t in items) w.WriteTensor(t);
        w.WriteEndArray();
    }

    public static void WriteLongArray(this Utf8JsonWriter w, string property, IEnumerable<long> items)
    {
        w.WritePropertyName(property);
        w.WriteStartArray();
        foreach (var v in items) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    public static void WriteDoubleArray(this Utf8JsonWriter w, string property, IEnumerable<double> items)
    {
        w.WritePropertyName(property);
        w.WriteStartArray();
        foreach (var v in items) w.WriteDouble(v);
        w.WriteEndArray();
    }
}

/// <summary>libtorch error messages as PyTorch shows them.</summary>
internal static class Errors
{
    // torch/csrc/Exceptions.cpp (processErrorMsg): Python translates ATen type names in every
    // message it raises. Only the dense CPU names can occur here.
    private static readonly (string Aten, string Python)[] PythonTypeNames =
    [
        ("CPUByteType", "torch.ByteTensor"),
        ("CPUCharType", "torch.CharTensor"),
        ("CPUDoubleType", "torch.DoubleTensor"),
        ("CPUFloatType", "torch.FloatTensor"),
        ("CPUIntType", "torch.IntTensor"),
        ("CPULongType", "torch.LongTensor"),
        ("CPUShortType", "torch.ShortTensor"),
        ("CPUHalfType", "torch.HalfTensor"),
    ];

    /// <summary>The message without libtorch's C++ backtrace ("Exception raised from ..." on), trimmed.</summary>
    public static string Strip(string message)
    {
        var i = message.IndexOf("Exception raised from", StringComparison.Ordinal);
        if (i >= 0) message = message[..i];
        return message.Trim();
    }

    /// <summary>The stripped message with ATen type names replaced as PyTorch's Python binding does.</summary>
    public static string Python(string stripped)
    {
        foreach (var (aten, python) in PythonTypeNames) stripped = stripped.Replace(aten, python, StringComparison.Ordinal);
        return stripped;
    }

    /// <summary>Runs the action, which must throw a libtorch error; returns the stripped message.</summary>
    public static string Capture(Action action)
    {
        try
        {
            action();
        }
        catch (ExternalException e)
        {
            return Strip(e.Message);
        }
        throw new InvalidOperationException("expected libtorch to raise an error");
    }
}

/// <summary>Small helpers shared by the generators.</summary>
internal static class T
{
    public static Tensor F32(float[] values, params long[] shape) => torch.tensor(values, dtype: ScalarType.Float32).reshape(shape);

    public static Tensor I64(long[] values, params long[] shape) => torch.tensor(values, dtype: ScalarType.Int64).reshape(shape);

    public static Tensor Bool(bool[] values, params long[] shape) => torch.tensor(values).reshape(shape);

    public static bool IsFloat(Tensor t) => t.dtype is ScalarType.Float32 or ScalarType.Float64;

    /// <summary>Bitwise equality of two tensors (same shape, dtype and bits).</summary>
    public static bool BitEqual(Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.AsSpan().SequenceEqual(b.shape)) return false;
        using var ca = a.detach().contiguous();
        using var cb = b.detach().contiguous();
        return a.dtype switch
        {
            ScalarType.Float32 => MemoryMarshal.Cast<float, int>(ca.data<float>().ToArray()).SequenceEqual(MemoryMarshal.Cast<float, int>(cb.data<float>().ToArray())),
            ScalarType.Float64 => MemoryMarshal.Cast<double, long>(ca.data<double>().ToArray()).SequenceEqual(MemoryMarshal.Cast<double, long>(cb.data<double>().ToArray())),
            ScalarType.Int64 => ca.data<long>().ToArray().AsSpan().SequenceEqual(cb.data<long>().ToArray()),
            _ => throw new NotSupportedException(a.dtype.ToString()),
        };
    }

    /// <summary>Largest absolute difference between two float tensors.</summary>
    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var d = (a.detach().to(ScalarType.Float64) - b.detach().to(ScalarType.Float64)).abs().max();
        return d.item<double>();
    }
}
