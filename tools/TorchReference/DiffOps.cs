using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

/// <summary>
/// The public ops of TensorDsl, each with its case sampler and its libtorch evaluation (one partial
/// file per group). An op's <c>Api</c> is its C# signature as the tests print it:
/// <c>Tensor.Sum(int[], bool)</c>, <c>Torch.Cat(IReadOnlyList&lt;Tensor&gt;, int)</c>, <c>Linear.Forward(Tensor)</c>.
/// </summary>
internal static partial class DiffOps
{
    private static List<DiffOp>? s_all;

    public static List<DiffOp> All() => s_all ??= [.. Elementwise(), .. Binary(), .. Reductions(), .. Views(), .. Indexing(), .. Joins(), .. InPlace(), .. Factories(), .. Nn()];

    /// <summary>
    /// A case from arguments in parameter order: an <see cref="InputSpec"/> becomes a tensor reference,
    /// a list of them a tensor list, (h, c) pairs a state.
    /// </summary>
    private static CaseSpec C(params object?[] args)
    {
        var inputs = new List<InputSpec>();
        int Ref(InputSpec s)
        {
            int i = inputs.IndexOf(s);
            if (i >= 0) return i;
            inputs.Add(s);
            return inputs.Count - 1;
        }
        var a = args.Select(x => x switch
        {
            InputSpec s => new TRef(Ref(s)),
            List<InputSpec> list => new TList(list.Select(Ref).ToArray()),
            ValueTuple<InputSpec, InputSpec> state => new StateArg(Ref(state.Item1), Ref(state.Item2)),
            int i => (long)i,
            _ => x,
        }).ToArray();
        return new CaseSpec { Inputs = inputs, Args = a };
    }

    /// <summary>A case whose op draws random numbers after torch.manual_seed(seed).</summary>
    private static CaseSpec Seeded(long seed, params object?[] args)
    {
        var c = C(args);
        c.Seed = seed;
        return c;
    }

    private static List<Tensor> L(params Tensor[] t) => [.. t];

    /// <summary>A written-out input: fixed values of the base shape, then the view steps.</summary>
    private static InputSpec Fix(Dt dtype, long[] shape, params ViewStep[] view) => new()
    {
        Dtype = dtype,
        Shape = shape,
        Values = Enumerable.Range(0, (int)Draw.Numel(shape)).Select(i => dtype switch
        {
            Dt.Bool => i % 2,
            Dt.Int64 or Dt.Int32 => i % 5 - 2,
            _ => Math.Round(Math.Sin(i + 1) * 2, 4),
        }).Select(v => (double)v).ToArray(),
        View = [.. view],
    };

    private static ViewStep Transposed => new("transpose", [0, 1]);

    /// <summary>A case that runs under torch.no_grad().</summary>
    private static CaseSpec NoGradCase(params object?[] args)
    {
        var c = C(args);
        c.NoGrad = true;
        return c;
    }

    /// <summary>
    /// A C# number operand as Python passes it: a wrapped number, which takes part in type promotion
    /// below any tensor. A 0-dim tensor of <c>result_type(x, number)</c> promotes the same way (and
    /// ATen's Scalar overloads wrap the number too), but keeps the Tensor overload's autograd node
    /// (<c>MulBackward0</c>, as <c>x * 2</c> in Python; TorchSharp's <c>x * 2</c> records <c>MulBackward1</c>).
    /// </summary>
    private static Tensor Num(Tensor x, object number)
    {
        bool isLong = number is long;
        ScalarType dtype = x.dtype switch
        {
            ScalarType.Float32 or ScalarType.Float64 => x.dtype,
            ScalarType.Bool => isLong ? ScalarType.Int64 : ScalarType.Float32,
            _ => isLong ? x.dtype : ScalarType.Float32,
        };
        return isLong ? torch.tensor((long)number).to(dtype) : torch.tensor((double)number).to(dtype);
    }

    private static readonly Dictionary<string, torch.jit.CompilationUnit> s_scripts = [];

    /// <summary>A value as a TorchScript (Python) literal, for arguments TorchSharp cannot pass to a script (lists of ints).</summary>
    private static string Lit(object? v) => v switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d when double.IsNaN(d) => "float('nan')",
        double d when double.IsInfinity(d) => d > 0 ? "float('inf')" : "float('-inf')",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) is var t && (t.Contains('.') || t.Contains('E')) ? t : t + ".0",
        long[] ls => "[" + string.Join(", ", ls.Select(x => Lit(x))) + "]",
        // dtypes by their c10::ScalarType code (TorchScript compiled without Python has no torch.float32).
        ScalarType st => ((int)st).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException(v.GetType().Name),
    };

    /// <summary>
    /// A TorchScript function of libtorch's (compiled once per source): for ATen overloads TorchSharp
    /// does not expose, called as Python calls them (<c>torch.rsub(x, 2.0)</c>).
    /// </summary>
    private static object Script(string source, params object[] args)
    {
        if (!s_scripts.TryGetValue(source, out var unit)) s_scripts[source] = unit = torch.jit.compile(source + "\n");
        return unit.invoke("f", args);
    }
}
