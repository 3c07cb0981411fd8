using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TensorDsl.NN;
using Module = TensorDsl.NN.Module;

namespace TensorDsl.Tests.Golden;

/// <summary>
/// The public ops of TensorDsl, found by reflection: the methods, operators and indexers of
/// <see cref="Tensor"/>, <see cref="Torch"/>, <see cref="Functional"/> and <see cref="Init"/> that
/// return tensors (or set them, for indexers), and <c>Forward</c> of every public module. Each is
/// named by its signature, <c>Tensor.Sum(int[], bool)</c>, the name the differential golden cases give.
/// </summary>
internal static class PublicOps
{
    /// <summary>Tensor-returning public methods that are not ops, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotOps = new Dictionary<string, string>
    {
        ["Tensor.RequiresGrad_(bool)"] = "sets a flag: every case's float inputs are made with it",
    };

    private static readonly Type[] OpTypes = [typeof(Tensor), typeof(Torch), typeof(Functional), typeof(Init)];

    /// <summary>Every public op by its signature.</summary>
    public static IReadOnlyDictionary<string, MethodInfo> All { get; } = Find();

    private static Dictionary<string, MethodInfo> Find()
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var methods = OpTypes.SelectMany(t => t.GetMethods(flags))
            .Where(m => m.Name is "get_At" or "set_At" || (!m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal)) && ReturnsTensors(m.ReturnType));
        var modules = typeof(Module).Assembly.GetExportedTypes()
            .Where(t => typeof(Module).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(flags).Where(m => m.Name == "Forward"));
        return methods.Concat(modules).Where(m => !NotOps.ContainsKey(Signature(m))).ToDictionary(Signature);
    }

    private static bool ReturnsTensors(Type t) =>
        t == typeof(Tensor) || t == typeof(Tensor[]) || t == typeof(MaxResult) ||
        (t.IsGenericType && t.Namespace == "System" && t.Name.StartsWith("ValueTuple`", StringComparison.Ordinal) && t.GetGenericArguments().All(ReturnsTensors));

    /// <summary><c>Type.Method(parameter types)</c> with C#'s names for the built-in types.</summary>
    public static string Signature(MethodInfo m) =>
        $"{m.DeclaringType!.Name}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => TypeName(p.ParameterType)))})";

    private static string TypeName(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is { } u) return TypeName(u) + "?";
        if (t.IsArray) return TypeName(t.GetElementType()!) + "[" + new string(',', t.GetArrayRank() - 1) + "]";
        if (t.IsEnum) return t.Name;
        if (t.IsGenericType) return t.Name[..t.Name.IndexOf('`')] + "<" + string.Join(", ", t.GetGenericArguments().Select(TypeName)) + ">";
        return Type.GetTypeCode(t) switch
        {
            TypeCode.Single => "float",
            TypeCode.Double => "double",
            TypeCode.Int64 => "long",
            TypeCode.Int32 => "int",
            TypeCode.Boolean => "bool",
            TypeCode.String => "string",
            _ => t.Name,
        };
    }
}
