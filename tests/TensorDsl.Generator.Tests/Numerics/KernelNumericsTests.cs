using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TensorDsl;
using Xunit;

namespace TensorDsl.Generators.Tests.Numerics;

/// <summary>
/// Every kernel in <see cref="Ops"/>, <see cref="Models"/> and <see cref="Adversarial"/>: the compiled forward equals the eager
/// body, the compiled backward equals eager autograd and float64 finite differences of the body.
/// </summary>
public class KernelNumericsTests
{
    public static IEnumerable<object[]> Kernels() =>
        new[] { typeof(Ops), typeof(Models), typeof(Adversarial), typeof(Assignments), typeof(TiledProducts), typeof(IndexKernels) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<KernelAttribute>() is not null)
            .Select(m => new object[] { m.DeclaringType!.Name + "." + m.Name });

    [Theory]
    [MemberData(nameof(Kernels))]
    public void CompiledForwardAndBackwardMatchEagerAndFiniteDifferences(string name) => Check(Find(name));

    /// <summary>
    /// The kernel <paramref name="method"/> (a [Kernel] method whose {Method}Kernel class was
    /// generated): compiled Forward against the eager body, compiled Backward against eager
    /// autograd and float64 finite differences of the body.
    /// </summary>
    internal static void Check(MethodInfo method, double forwardTolerance = 1e-5, bool finiteDifferences = true)
    {
        string name = method.DeclaringType!.Name + "." + method.Name;
        var apply = method.DeclaringType!.GetNestedType(method.Name + "Kernel")!.GetMethod("Apply")!;
        var parameters = method.GetParameters();
        var seedBase = name.Aggregate(17, (h, c) => h * 31 + c);
        var inputs = parameters.Select((p, i) => MakeInput(p, seedBase + i)).ToArray();
        bool[] differentiable = parameters.Select(p => p.ParameterType == typeof(Tensor) && p.GetCustomAttribute<NoGradAttribute>() is null).ToArray();

        // Eager float32 with autograd: the reference.
        var eagerArgs = Leaves(inputs, differentiable, DType.Float32);
        var eager = (Tensor)method.Invoke(null, eagerArgs)!;
        var upstream = eager.Dim == 0 ? null : Torch.Randn(eager.Shape.ToArray(), generator: new Generator(seedBase + 99));
        Backprop(eager, upstream);

        // Compiled: Apply runs Forward, and its autograd node runs Backward.
        var compiledArgs = Leaves(inputs, differentiable, DType.Float32);
        var compiled = (Tensor)apply.Invoke(null, compiledArgs)!;
        Assert.Equal(eager.Shape, compiled.Shape);
        AssertClose(eager.ToArray<double>(), compiled.ToArray<double>(), rtol: forwardTolerance, atol: forwardTolerance / 10, what: "forward");
        if (differentiable.Any(d => d))
        {
            Assert.Equal(method.Name + "KernelBackward", compiled.GradFn?.Name);
            Backprop(compiled, upstream);
        }

        for (int i = 0; i < parameters.Length; i++)
        {
            if (!differentiable[i]) continue;
            var expected = ((Tensor)eagerArgs[i]!).Grad;
            var actual = ((Tensor)compiledArgs[i]!).Grad;
            if (expected is null)
            {
                // No path from this input to the result (e.g. behind Detach): no gradient either way.
                Assert.True(actual is null || actual.ToArray<double>().All(v => v == 0), $"{parameters[i].Name}: unexpected gradient");
                continue;
            }
            Assert.NotNull(actual);
            AssertClose(expected.ToArray<double>(), actual!.ToArray<double>(), rtol: 1e-4, atol: 1e-5, what: "grad " + parameters[i].Name);
            if (!finiteDifferences || method.GetCustomAttribute<NoFiniteDifferencesAttribute>() is not null) continue;
            var finite = FiniteDifferences(method, inputs, i, upstream);
            AssertClose(finite, actual.ToArray<double>(), rtol: 1e-3, atol: 1e-3, what: "finite differences of " + parameters[i].Name);
        }
    }

    private static MethodInfo Find(string name)
    {
        var parts = name.Split('.');
        var type = parts[0] switch
        {
            nameof(Ops) => typeof(Ops),
            nameof(Adversarial) => typeof(Adversarial),
            nameof(Assignments) => typeof(Assignments),
            nameof(TiledProducts) => typeof(TiledProducts),
            nameof(IndexKernels) => typeof(IndexKernels),
            _ => typeof(Models),
        };
        return type.GetMethod(parts[1])!;
    }

    private static object MakeInput(ParameterInfo p, int seed)
    {
        if (p.ParameterType == typeof(float)) return 0.75f;
        if (p.ParameterType == typeof(double)) return -1.25;
        var attribute = p.GetCustomAttribute<ShapeAttribute>()!;
        // Indices below 3: every table and class count in the test kernels has at least 3.
        if (attribute.DType == DType.Int64) return Torch.Randint(0, 3, attribute.Sizes, generator: new Generator(seed));
        return Torch.Randn(attribute.Sizes, generator: new Generator(seed));
    }

    // Fresh leaves in the given dtype, requiring grad where the kernel differentiates.
    private static object?[] Leaves(object[] inputs, bool[] differentiable, DType dtype) =>
        inputs.Select((v, i) => v is Tensor t
            ? (object)(t.DType.IsFloatingPoint() ? t.To(dtype) : t).Detach().Clone().Detach().RequiresGrad_(differentiable[i])
            : v).ToArray();

    private static void Backprop(Tensor result, Tensor? upstream)
    {
        if (!result.RequiresGrad) return;
        if (upstream is null) result.Backward();
        else result.Backward(upstream.To(result.DType));
    }

    /// <summary>Central differences in float64 of Σ(body(inputs) · upstream) with respect to input <paramref name="which"/>.</summary>
    private static double[] FiniteDifferences(MethodInfo method, object[] inputs, int which, Tensor? upstream)
    {
        const double eps = 1e-6;
        var x = ((Tensor)inputs[which]).ToArray<double>();
        var shape = ((Tensor)inputs[which]).Shape.ToArray();
        var result = new double[x.Length];
        double Objective(double[] values)
        {
            var args = inputs.Select((v, i) => i == which ? Torch.Tensor(values).Reshape(shape)
                : v is Tensor t && t.DType.IsFloatingPoint() ? t.To(DType.Float64) : v).ToArray();
            var y = (Tensor)method.Invoke(null, args)!;
            return upstream is null ? y.Item<double>() : (y * upstream.To(DType.Float64)).Sum().Item<double>();
        }
        using (Torch.NoGrad())
        {
            // Every element of small inputs; an even sample of at most 64 of large ones.
            int step = Math.Max(1, x.Length / 64);
            for (int j = 0; j < x.Length; j++)
            {
                if (j % step != 0)
                {
                    result[j] = double.NaN;
                    continue;
                }
                var plus = (double[])x.Clone();
                var minus = (double[])x.Clone();
                plus[j] += eps;
                minus[j] -= eps;
                result[j] = (Objective(plus) - Objective(minus)) / (2 * eps);
            }
        }
        return result;
    }

    internal static void AssertClose(double[] expected, double[] actual, double rtol, double atol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]) && what.StartsWith("finite", StringComparison.Ordinal)) continue; // not sampled
            double tolerance = atol + rtol * Math.Abs(expected[i]);
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance:G3})");
        }
    }
}
