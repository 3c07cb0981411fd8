// Every name in a generated file that comes from the user's code, chosen once: the public methods
// keep the parameters' declared names; inside the generated code class, parameters, buffers (after
// their locals, or their op: matMul2) and gradients (gradH) get names that cannot meet each other,
// a keyword, a type or member the code uses, or the names lowering gives its own locals.
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using TensorDsl.Generators.Model;
using TensorDsl.Ops;

namespace TensorDsl.Generators.Lowering;

internal sealed class KernelNames
{
    // Names the code class uses itself: its members, its locals, and the types it names.
    private static readonly string[] s_reserved =
    {
        "result", "workspace", "gradResult", "forwardResult", "scratch", "t_forwardWorkspace", "t_backwardWorkspace", "max", "sum", "count", "logSum", "rowSum",
        "output", "gradOutput", "gradInputs", "g", "i",
        "Forward", "Backward", "ForwardCore", "BackwardCore", "CheckForward", "CheckBackward", "Apply",
        "ForwardWorkspaceLength", "BackwardWorkspaceLength", "ResultLength", "ResultShape",
        "Span", "ReadOnlySpan", "MathF", "Math", "Vector256", "Vector128", "KernelSupport", "ArrayPool", "Tensor", "System", "TensorDsl",
    };

    private readonly HashSet<string> _taken = new(s_reserved);

    public KernelNames(KernelModel model)
    {
        var parameters = model.Parameters.AsImmutableArray();
        Public = new PublicNames(model);
        Parameters = parameters.Select(p => Take(p.Name)).ToArray();
        Data = parameters.Select((p, i) => p.IsTensor ? Take(Parameters[i] + "Data") : "").ToArray();
        Values = model.Nodes.Select(node => node.Op is OpKind.Input or OpKind.Scalar
            ? Parameters[node.Parameter]
            : Take(node.LocalName ?? Camel(node.Op) + node.Id)).ToArray();
    }

    /// <summary>The names of the public methods' parameters (the declared ones).</summary>
    public PublicNames Public { get; }

    /// <summary>The parameters' names inside the code class.</summary>
    public string[] Parameters { get; }

    /// <summary>Each tensor parameter's array in <c>Apply</c>.</summary>
    public string[] Data { get; }

    /// <summary>Each node's value (a parameter's name for inputs).</summary>
    public string[] Values { get; }

    /// <summary>The gradient's name for a value's name: x → gradX.</summary>
    public static string Grad(string name) => "grad" + char.ToUpperInvariant(name[0]) + name.Substring(1);

    // A name no other name, gradient name or generated local has: an underscore is added until so.
    private string Take(string name)
    {
        if (IsLoopVariable(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None) name += "_";
        while (_taken.Contains(name) || _taken.Contains(Grad(name))) name += "_";
        _taken.Add(name);
        _taken.Add(Grad(name));
        return name;
    }

    private static string Camel(OpKind op)
    {
        var name = op.ToString();
        return char.ToLowerInvariant(name[0]) + name.Substring(1);
    }

    // i0, k3, acc2, term0, rowSum1: the names lowering gives its own locals (loop variables,
    // accumulators, terms bound in a loop body, row sums), a prefix and a number.
    private static bool IsLoopVariable(string name) =>
        new[] { "i", "k", "acc", "term", "rowSum" }.Any(prefix => name.Length > prefix.Length
            && name.StartsWith(prefix, StringComparison.Ordinal) && name.Skip(prefix.Length).All(char.IsDigit));
}

/// <summary>
/// The names of the public methods: the parameters as declared (escaped where they are keywords), and
/// the generated names (result, gradResult, grad{Param}, workspace) with an underscore added where a
/// parameter has taken them.
/// </summary>
internal sealed class PublicNames
{
    private readonly HashSet<string> _taken;

    public PublicNames(KernelModel model)
    {
        var parameters = model.Parameters.AsImmutableArray();
        _taken = new HashSet<string>(parameters.Select(p => p.Name));
        Parameters = parameters.Select(p => SyntaxFacts.GetKeywordKind(p.Name) != SyntaxKind.None ? "@" + p.Name : p.Name).ToArray();
        Result = Take("result");
        GradResult = Take("gradResult");
        Workspace = Take("workspace");
        Gradients = parameters.Select(p => p.IsTensor && !p.NoGrad ? Take("grad" + p.ConstantStem) : "").ToArray();
    }

    public string[] Parameters { get; }
    public string Result { get; }
    public string GradResult { get; }
    public string Workspace { get; }
    public string[] Gradients { get; }

    private string Take(string name)
    {
        while (_taken.Contains(name)) name += "_";
        _taken.Add(name);
        return name;
    }
}
