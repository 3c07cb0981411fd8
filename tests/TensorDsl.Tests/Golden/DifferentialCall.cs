using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TensorDsl.NN;
using Module = TensorDsl.NN.Module;

namespace TensorDsl.Tests.Golden;

/// <summary>
/// A differential golden case made into a TensorDsl call: its inputs (bases, then their views), the
/// module it runs on, and its arguments converted to the parameters of the public method it names.
/// </summary>
internal sealed class DifferentialCall
{
    private readonly JsonElement _case;

    public DifferentialCall(JsonElement c)
    {
        _case = c;
        Method = PublicOps.All.TryGetValue(c.GetProperty("api").GetString()!, out var m)
            ? m
            : throw new InvalidOperationException($"no public op {c.GetProperty("api").GetString()}");
        foreach (var input in c.GetProperty("inputs").EnumerateArray())
        {
            // A tensor of its own (Golden.Tensor reshapes, which makes a view), so a leaf and not a view.
            var b = Golden.Tensor(input).Clone();
            bool isParam = input.TryGetProperty("param", out _);
            if (!isParam && input.TryGetProperty("requiresGrad", out var rg) && rg.GetBoolean()) b.RequiresGrad_();
            Bases.Add(b);
            Inputs.Add(input.TryGetProperty("view", out var view) ? View(b, view) : b);
        }
        if (c.TryGetProperty("module", out var module)) Module = Build(module);
    }

    public MethodInfo Method { get; }

    /// <summary>The leaves: each input's base.</summary>
    public List<Tensor> Bases { get; } = [];

    /// <summary>The inputs as the op sees them (views of the bases).</summary>
    public List<Tensor> Inputs { get; } = [];

    public Module? Module { get; }

    /// <summary>The tensor whose gradient input <paramref name="k"/>'s expected gradient is: a module parameter or the input's base.</summary>
    public Tensor GradSource(int k)
    {
        var input = _case.GetProperty("inputs")[k];
        if (!input.TryGetProperty("param", out var name)) return Bases[k];
        return Module!.NamedParameters().Single(p => p.Name == name.GetString()).Value;
    }

    /// <summary>Calls the method; returns its result tensors in order (a setter's: the receiver after it).</summary>
    public List<Tensor> Invoke()
    {
        if (_case.TryGetProperty("seed", out var seed)) Torch.ManualSeed(seed.GetInt64());
        var args = _case.GetProperty("args").EnumerateArray().ToArray();
        var parameters = Method.GetParameters();
        int first = Method.IsStatic || Module is not null ? 0 : 1;
        object? receiver = Module ?? (first == 1 ? Arg(args[0], typeof(Tensor)) : null);
        var values = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            int a = i + first;
            var p = parameters[i];
            values[i] = a < args.Length && args[a].ValueKind != JsonValueKind.Null ? Arg(args[a], p.ParameterType)
                : p.HasDefaultValue ? p.DefaultValue
                : null;
        }
        object? result;
        try
        {
            result = Method.Invoke(receiver, values);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        var outputs = new List<Tensor>();
        Flatten(Method.ReturnType == typeof(void) ? receiver : result, outputs);
        return outputs;
    }

    private static void Flatten(object? value, List<Tensor> into)
    {
        switch (value)
        {
            case Tensor t: into.Add(t); break;
            case Tensor[] ts: into.AddRange(ts); break;
            case MaxResult m: into.Add(m.Values); into.Add(m.Indices); break;
            case ITuple tuple:
                for (int i = 0; i < tuple.Length; i++) Flatten(tuple[i], into);
                break;
            default: throw new InvalidOperationException($"result {value?.GetType().Name ?? "null"}");
        }
    }

    private static Tensor View(Tensor t, JsonElement steps)
    {
        foreach (var step in steps.EnumerateArray())
        {
            var a = step.EnumerateArray().Skip(1).Select(v => v.GetInt32()).ToArray();
            t = step[0].GetString() switch
            {
                "transpose" => t.Transpose(a[0], a[1]),
                "permute" => t.Permute(a),
                "narrow" => t.Narrow(a[0], a[1], a[2]),
                "expand" => t.Expand(a),
                "select" => t.Select(a[0], a[1]),
                "clone" => t.Clone(),
                var op => throw new InvalidOperationException("view " + op),
            };
        }
        return t;
    }

    // A JSON argument as a value of the parameter type.
    private object? Arg(JsonElement a, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (a.ValueKind == JsonValueKind.Object)
        {
            var p = a.EnumerateObject().First();
            return p.Name switch
            {
                "tensor" => Inputs[p.Value.GetInt32()],
                "tensors" => p.Value.EnumerateArray().Select(i => Inputs[i.GetInt32()]).ToArray(),
                "range" => new Range(new Index(p.Value[0].GetInt32(), p.Value[1].GetBoolean()), new Index(p.Value[2].GetInt32(), p.Value[3].GetBoolean())),
                "index" => new Index(p.Value[0].GetInt32(), p.Value[1].GetBoolean()),
                "dtype" => DTypeOf(p.Value.GetString()!),
                "generator" => new Generator(p.Value.GetInt64()),
                "state" => (Inputs[p.Value[0].GetInt32()], Inputs[p.Value[1].GetInt32()]),
                "element" => Data(a, target),
                var k => throw new InvalidOperationException("argument " + k),
            };
        }
        if (a.ValueKind == JsonValueKind.Array) return a.EnumerateArray().Select(v => v.GetInt32()).ToArray();
        if (a.ValueKind is JsonValueKind.True or JsonValueKind.False) return a.GetBoolean();
        if (target == typeof(string)) return a.GetString();
        return Convert.ChangeType(Golden.Number(a), target, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static DType DTypeOf(string name) => name switch
    {
        "float32" => DType.Float32,
        "float64" => DType.Float64,
        "int64" => DType.Int64,
        "int32" => DType.Int32,
        "bool" => DType.Bool,
        _ => throw new InvalidOperationException("dtype " + name),
    };

    // The C# array Torch.Tensor(data) takes: rectangular (float[,]) or jagged (float[][]), or a number.
    private static object Data(JsonElement a, Type type)
    {
        var shape = a.GetProperty("shape").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        var values = a.GetProperty("values").EnumerateArray().ToArray();
        var element = type;
        while (element.IsArray) element = element.GetElementType()!;
        object Value(int i) => element == typeof(bool) ? values[i].GetBoolean() : Convert.ChangeType(Golden.Number(values[i]), element, System.Globalization.CultureInfo.InvariantCulture);
        if (!type.IsArray) return Value(0);
        if (type.GetArrayRank() > 1 || shape.Length == 1)
        {
            var array = Array.CreateInstance(element, shape);
            var index = new int[shape.Length];
            for (int i = 0; i < values.Length; i++)
            {
                array.SetValue(Value(i), index);
                for (int d = shape.Length - 1; d >= 0 && ++index[d] == shape[d]; d--) index[d] = 0;
            }
            return array;
        }
        int position = 0;
        Array Jagged(Type t, int depth)
        {
            var array = Array.CreateInstance(t.GetElementType()!, shape[depth]);
            for (int i = 0; i < shape[depth]; i++)
                array.SetValue(depth == shape.Length - 1 ? Value(position++) : Jagged(t.GetElementType()!, depth + 1), i);
            return array;
        }
        return Jagged(type, 0);
    }

    private Module Build(JsonElement m)
    {
        var type = typeof(Module).Assembly.GetExportedTypes().Single(t => t.Name == m.GetProperty("type").GetString() && typeof(Module).IsAssignableFrom(t));
        Module module;
        if (m.TryGetProperty("layers", out var layers))
        {
            module = new Sequential(layers.EnumerateArray().Select(Build).ToArray());
        }
        else
        {
            var ctorArgs = m.GetProperty("ctor").EnumerateArray().ToArray();
            var ctor = type.GetConstructors().Single(c => c.GetParameters().Length >= ctorArgs.Length && c.GetParameters().Skip(ctorArgs.Length).All(p => p.HasDefaultValue));
            var ps = ctor.GetParameters();
            module = (Module)ctor.Invoke(ps.Select((p, i) => i < ctorArgs.Length && ctorArgs[i].ValueKind != JsonValueKind.Null ? Arg(ctorArgs[i], p.ParameterType) : p.DefaultValue).ToArray());
        }
        if (m.TryGetProperty("eval", out var eval) && eval.GetBoolean()) module.Eval();
        // The parameters get the case's values (inputs named by "param").
        var inputs = _case.GetProperty("inputs").EnumerateArray().ToArray();
        using (Torch.NoGrad())
        {
            foreach (var (name, p) in module.NamedParameters())
            {
                int k = Array.FindIndex(inputs, i => i.TryGetProperty("param", out var n) && n.GetString() == name);
                if (k >= 0) p.Copy_(Inputs[k]);
            }
        }
        return module;
    }
}
