using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Xunit;
using Xunit.Sdk;

namespace TensorDsl.Tests;

/// <summary>
/// A float64 finite-difference gradient check, as <c>torch.autograd.gradcheck</c>: for a function of several
/// float64 tensors and a fixed random upstream gradient v, the autograd gradient of sum(f(x) * v) must match
/// central differences (eps 1e-6) within atol 1e-5 + rtol 1e-3 * |numerical| for every input element.
/// The truth is the finite differences of the forward values, independent of every backward formula.
/// </summary>
internal static class GradCheck
{
    public const double Eps = 1e-6;
    public const double Atol = 1e-5;
    public const double Rtol = 1e-3;

    // ---- inputs ---------------------------------------------------------------------------

    /// <summary>Standard normal float64 values (a fixed generator, never the default one).</summary>
    public static Tensor Randn(int seed, params int[] shape) => Torch.Randn(shape, DType.Float64, generator: new Generator(seed));

    /// <summary>Values uniform in [0.5, 1.5): for sqrt, log, division, fractional powers.</summary>
    public static Tensor Positive(int seed, params int[] shape) =>
        Data(Torch.Rand(shape, DType.Float64, generator: new Generator(seed)).ToArray<double>().Select(v => v + 0.5).ToArray(), shape);

    /// <summary>Normal values pushed at least 0.1 away from 0: for relu, abs and negative powers (no kinks within eps).</summary>
    public static Tensor AwayFromZero(int seed, params int[] shape) =>
        Data(Randn(seed, shape).ToArray<double>().Select(v => v + (v < 0 ? -0.1 : 0.1)).ToArray(), shape);

    /// <summary>A shuffle of 0.1, 0.2, …: no two elements are within 0.1, so max has no ties.</summary>
    public static Tensor Distinct(int seed, params int[] shape)
    {
        int n = (int)new Size(shape).Numel();
        var keys = Torch.Rand([n], DType.Float64, generator: new Generator(seed)).ToArray<double>();
        var order = Enumerable.Range(0, n).OrderBy(i => keys[i]).ToArray();
        var values = new double[n];
        for (int i = 0; i < n; i++) values[order[i]] = 0.1 * (i + 1) - 0.05 * n;
        return Data(values, shape);
    }

    /// <summary>A float64 leaf with these row-major values.</summary>
    public static Tensor Data(double[] values, int[] shape) =>
        shape.Length == 0 ? Torch.Tensor(values[0]) : Torch.Tensor(values).Reshape(shape);

    // ---- the check --------------------------------------------------------------------------

    public static void Check(Func<Tensor, Tensor> f, Tensor x) => CheckAll(xs => f(xs[0]), x);

    public static void Check(Func<Tensor, Tensor, Tensor> f, Tensor x, Tensor y) => CheckAll(xs => f(xs[0], xs[1]), x, y);

    public static void Check(Func<Tensor, Tensor, Tensor, Tensor> f, Tensor x, Tensor y, Tensor z) =>
        CheckAll(xs => f(xs[0], xs[1], xs[2]), x, y, z);

    /// <summary>
    /// Checks f's gradients twice: seeding backward with v (<c>Backward(gradient)</c>), and calling
    /// <c>Backward()</c> on <c>(f(x) * v).Sum()</c>.
    /// </summary>
    public static void CheckAll(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        var values = inputs.Select(t => t.ToArray<double>()).ToArray();
        var shapes = inputs.Select(t => t.Shape.ToArray()).ToArray();
        Assert.All(inputs, t => Assert.Equal(DType.Float64, t.DType));

        Tensor[] Leaves(bool requiresGrad) =>
            values.Select((v, i) => requiresGrad ? Data(v, shapes[i]).RequiresGrad_() : Data(v, shapes[i])).ToArray();

        var y0 = f(Leaves(false));
        Assert.Equal(DType.Float64, y0.DType);
        int[] outShape = y0.Shape;
        var v = Randn(987654321, outShape);
        var vValues = v.ToArray<double>();

        // Numerical: d(sum(f(x) * v)) / dx by central differences, without recording a graph.
        var numerical = new double[inputs.Length][];
        using (Torch.NoGrad())
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                numerical[i] = new double[values[i].Length];
                for (int j = 0; j < values[i].Length; j++)
                {
                    numerical[i][j] = (Project(i, j, +Eps) - Project(i, j, -Eps)) / (2 * Eps);
                }
            }
        }

        double Project(int input, int element, double delta)
        {
            var xs = Leaves(false);
            var perturbed = (double[])values[input].Clone();
            perturbed[element] += delta;
            xs[input] = Data(perturbed, shapes[input]);
            var y = f(xs).ToArray<double>();
            double s = 0;
            for (int k = 0; k < y.Length; k++) s += y[k] * vValues[k];
            return s;
        }

        // Analytical, both ways of seeding.
        var viaGradient = Leaves(true);
        var output = f(viaGradient);
        LastGraph = NodeNames(output.GradFn);
        output.Backward(v);
        Compare("Backward(v)", viaGradient, numerical, shapes);

        var viaSum = Leaves(true);
        (f(viaSum) * v).Sum().Backward();
        Compare("(f * v).Sum().Backward()", viaSum, numerical, shapes);
    }

    /// <summary>The autograd nodes of the last checked function's graph, by PyTorch name (for the op-coverage test).</summary>
    [ThreadStatic]
    public static HashSet<string>? LastGraph;

    private static HashSet<string> NodeNames(Node? root)
    {
        var names = new HashSet<string>();
        var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<Node>();
        if (root is not null) pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!seen.Add(node)) continue;
            names.Add(node.Name);
            foreach (var input in node.Inputs)
                if (input?.GradFn is { } next) pending.Push(next);
        }
        return names;
    }

    private static void Compare(string how, Tensor[] leaves, double[][] numerical, int[][] shapes)
    {
        var failures = new StringBuilder();
        for (int i = 0; i < leaves.Length; i++)
        {
            var grad = leaves[i].Grad;
            double[] analytical;
            if (grad is null)
            {
                analytical = new double[numerical[i].Length];
            }
            else
            {
                Assert.Equal(DType.Float64, grad.DType);
                Assert.Equal(shapes[i], grad.Shape.ToArray());
                analytical = grad.ToArray<double>();
            }
            for (int j = 0; j < analytical.Length; j++)
            {
                double a = analytical[j], n = numerical[i][j];
                if (!(Math.Abs(a - n) <= Atol + Rtol * Math.Abs(n)))
                    failures.AppendLine($"input {i} element {j}: analytical {a:R}, numerical {n:R}");
            }
        }
        if (failures.Length > 0) throw new XunitException($"gradcheck failed ({how}):\n{failures}");
    }
}
