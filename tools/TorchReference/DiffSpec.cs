using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace TorchReference;

/// <summary>The dtypes of the differential files, by their PyTorch names.</summary>
internal enum Dt { Float32, Float64, Int64, Int32, Bool }

internal static class DtNames
{
    public static string Name(this Dt d) => d switch
    {
        Dt.Float32 => "float32",
        Dt.Float64 => "float64",
        Dt.Int64 => "int64",
        Dt.Int32 => "int32",
        _ => "bool",
    };

    public static bool IsFloat(this Dt d) => d is Dt.Float32 or Dt.Float64;
}

/// <summary>
/// One step that makes an input's view from its base: <c>transpose d0 d1</c>, <c>permute dims…</c>,
/// <c>narrow dim start length</c>, <c>expand sizes…</c>, <c>select dim index</c>, <c>clone</c>.
/// </summary>
internal sealed record ViewStep(string Op, long[] Args);

/// <summary>
/// An input: a contiguous base of row-major values, the leaf that requires grad when
/// <see cref="RequiresGrad"/>, and the view steps applied to it (after requires_grad, so the gradient
/// lands on the base). <see cref="Param"/> names a module parameter the values are copied into.
/// </summary>
internal sealed class InputSpec
{
    public required Dt Dtype { get; init; }

    public required long[] Shape { get; init; }

    public required double[] Values { get; init; }

    public List<ViewStep> View { get; init; } = [];

    /// <summary>Whether the base requires grad; a sampler's choice, else (null) float inputs of differentiable ops do.</summary>
    public bool? Grad { get; init; }

    public bool RequiresGrad { get; set; }

    public string? Param { get; init; }
}

// Arguments other than plain numbers, bools, strings, long[] and null (a default).
internal sealed record TRef(int Index);
internal sealed record TList(int[] Indices);
internal sealed record RangeArg(int Start, bool StartFromEnd, int End, bool EndFromEnd);
internal sealed record IndexArg(int Value, bool FromEnd);
internal sealed record DTypeArg(Dt Dtype);
internal sealed record GenArg(long Seed);
internal sealed record StateArg(int H, int C);

/// <summary>A C# array literal for <c>Torch.Tensor(data)</c>: element type, rectangular or jagged, shape and row-major values.</summary>
internal sealed record DataArg(Dt Element, bool Jagged, long[] Shape, double[] Values);

/// <summary>A module to build: its type, constructor arguments, layers (Sequential) and whether it is in eval mode.</summary>
internal sealed record ModuleSpec(string Type, object?[] Ctor, List<ModuleSpec>? Layers = null, bool Eval = false);

/// <summary>
/// One case of a public TensorDsl method (<see cref="DiffOp.Api"/>, the signature the tests
/// resolve by reflection): its arguments in parameter order, the receiver first for instance
/// methods; tensors are references into <see cref="Inputs"/>.
/// </summary>
internal sealed class CaseSpec
{
    public List<InputSpec> Inputs { get; init; } = [];

    public object?[] Args { get; init; } = [];

    /// <summary>torch.manual_seed before the call, for ops that draw random numbers.</summary>
    public long? Seed { get; set; }

    public ModuleSpec? Module { get; set; }

    /// <summary>False where the values are not comparable (torch.empty's, dropout's masks): shape, dtype and the rest still are.</summary>
    public bool CompareValues { get; set; } = true;

    /// <summary>The op runs under torch.no_grad() (no gradients are taken).</summary>
    public bool NoGrad { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>JSON of the differential files: compact, one case per line.</summary>
internal static class DiffJson
{
    public static void WriteValues(Utf8JsonWriter w, Dt dtype, IEnumerable<double> values)
    {
        w.WriteStartArray();
        foreach (var v in values)
        {
            switch (dtype)
            {
                case Dt.Float32: w.WriteRawValue(Number((float)v)); break;
                case Dt.Float64: w.WriteRawValue(Number(v)); break;
                case Dt.Bool: w.WriteBooleanValue(v != 0); break;
                default: w.WriteNumberValue((long)v); break;
            }
        }
        w.WriteEndArray();
    }

    public static string Number(float v) =>
        float.IsNaN(v) ? "\"nan\"" : float.IsPositiveInfinity(v) ? "\"inf\"" : float.IsNegativeInfinity(v) ? "\"-inf\"" : v.ToString("R", CultureInfo.InvariantCulture);

    public static string Number(double v) =>
        double.IsNaN(v) ? "\"nan\"" : double.IsPositiveInfinity(v) ? "\"inf\"" : double.IsNegativeInfinity(v) ? "\"-inf\"" : v.ToString("R", CultureInfo.InvariantCulture);

    public static void WriteLongs(Utf8JsonWriter w, IEnumerable<long> values)
    {
        w.WriteStartArray();
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    public static void WriteInput(Utf8JsonWriter w, InputSpec input, long[] viewStrides)
    {
        w.WriteStartObject();
        if (input.Param is not null) w.WriteString("param", input.Param);
        w.WritePropertyName("shape");
        WriteLongs(w, input.Shape);
        w.WriteString("dtype", input.Dtype.Name());
        w.WritePropertyName("values");
        WriteValues(w, input.Dtype, input.Values);
        if (input.View.Count > 0)
        {
            w.WritePropertyName("view");
            w.WriteStartArray();
            foreach (var step in input.View)
            {
                w.WriteStartArray();
                w.WriteStringValue(step.Op);
                foreach (var a in step.Args) w.WriteNumberValue(a);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        w.WritePropertyName("strides");
        WriteLongs(w, viewStrides);
        if (input.RequiresGrad) w.WriteBoolean("requiresGrad", true);
        w.WriteEndObject();
    }

    public static void WriteArg(Utf8JsonWriter w, object? arg)
    {
        switch (arg)
        {
            case null: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteRawValue(Number(d)); break;
            case string s: w.WriteStringValue(s); break;
            case long[] ls: WriteLongs(w, ls); break;
            case TRef t: Single(w, "tensor", () => w.WriteNumberValue(t.Index)); break;
            case TList t: Single(w, "tensors", () => WriteLongs(w, t.Indices.Select(i => (long)i))); break;
            case RangeArg r:
                Single(w, "range", () =>
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(r.Start);
                    w.WriteBooleanValue(r.StartFromEnd);
                    w.WriteNumberValue(r.End);
                    w.WriteBooleanValue(r.EndFromEnd);
                    w.WriteEndArray();
                });
                break;
            case IndexArg x:
                Single(w, "index", () =>
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(x.Value);
                    w.WriteBooleanValue(x.FromEnd);
                    w.WriteEndArray();
                });
                break;
            case DTypeArg d: Single(w, "dtype", () => w.WriteStringValue(d.Dtype.Name())); break;
            case GenArg g: Single(w, "generator", () => w.WriteNumberValue(g.Seed)); break;
            case StateArg s: Single(w, "state", () => WriteLongs(w, [s.H, s.C])); break;
            case DataArg d:
                w.WriteStartObject();
                w.WriteString("element", d.Element.Name());
                w.WriteBoolean("jagged", d.Jagged);
                w.WritePropertyName("shape");
                WriteLongs(w, d.Shape);
                w.WritePropertyName("values");
                WriteValues(w, d.Element, d.Values);
                w.WriteEndObject();
                break;
            default: throw new NotSupportedException(arg.GetType().Name);
        }
    }

    private static void Single(Utf8JsonWriter w, string key, Action value)
    {
        w.WriteStartObject();
        w.WritePropertyName(key);
        value();
        w.WriteEndObject();
    }

    public static void WriteModule(Utf8JsonWriter w, ModuleSpec m)
    {
        w.WriteStartObject();
        w.WriteString("type", m.Type);
        w.WritePropertyName("ctor");
        w.WriteStartArray();
        foreach (var a in m.Ctor) WriteArg(w, a);
        w.WriteEndArray();
        if (m.Layers is not null)
        {
            w.WritePropertyName("layers");
            w.WriteStartArray();
            foreach (var layer in m.Layers) WriteModule(w, layer);
            w.WriteEndArray();
        }
        if (m.Eval) w.WriteBoolean("eval", true);
        w.WriteEndObject();
    }
}
