using System;
using System.Collections;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TensorDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Generators.Tests.Incrementality;

/// <summary>Unrelated edits and re-runs leave every tracked step cached; no step output holds compiler objects.</summary>
public class IncrementalityTests
{
    private const string Kernel = """
        using TensorDsl;
        namespace Demo;
        public static partial class Net
        {
            [Kernel]
            public static Tensor Loss([Shape(4, 3)] Tensor x, [Shape(3, 2)] Tensor w) => x.MatMul(w).Tanh().Sum();

            // An invalid kernel too: its diagnostics step must stay cached as well.
            [Kernel]
            public static Tensor Broken(Tensor x) => x * 2;
        }
        """;

    // Every model-holding step; DiagnosticLocations pairs invalid kernels with the compilation on purpose.
    private static readonly string[] TrackedSteps =
        { KernelGenerator.Steps.Kernels, KernelGenerator.Steps.UnrollLimit, KernelGenerator.Steps.Models, KernelGenerator.Steps.InvalidKernels };

    [Fact]
    public void SecondRunOnClonedCompilationIsCached()
    {
        var compilation = GeneratorHarness.Compile(Kernel);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.Clone());
        AssertAllCachedOrUnchanged(driver.GetRunResult());
    }

    [Fact]
    public void UnrelatedEditLeavesStepsCached()
    {
        var compilation = GeneratorHarness.Compile(Kernel, "public class Other { public int A => 1; }");
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);

        var other = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(other,
            CSharpSyntaxTree.ParseText("public class Other { public int A => 2; public int B => 3; }", GeneratorHarness.ParseOptions, path: other.FilePath));
        driver = driver.RunGenerators(edited);
        AssertAllCachedOrUnchanged(driver.GetRunResult());
    }

    [Fact]
    public void EditingTheKernelRegenerates()
    {
        var compilation = GeneratorHarness.Compile(Kernel);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(Kernel.Replace("Tanh()", "Sigmoid()"), GeneratorHarness.ParseOptions, path: tree.FilePath));
        driver = driver.RunGenerators(edited);
        var steps = driver.GetRunResult().Results.Single().TrackedSteps[KernelGenerator.Steps.Models];
        Assert.Contains(steps.SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Sigmoid", driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void NoStepOutputHoldsCompilerObjects()
    {
        var compilation = GeneratorHarness.Compile(Kernel);
        var result = GeneratorHarness.Driver().RunGenerators(compilation).GetRunResult().Results.Single();
        foreach (var name in TrackedSteps)
            foreach (var step in result.TrackedSteps[name])
                foreach (var (value, _) in step.Outputs)
                    AssertNoCompilerObjects(value, name, 0);
    }

    private static void AssertAllCachedOrUnchanged(GeneratorDriverRunResult run)
    {
        var result = run.Results.Single();
        foreach (var name in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var step in result.TrackedSteps[name])
                foreach (var (_, reason) in step.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}");
        }
    }

    // Walks the model graph: nothing in it may be a symbol, syntax node, compilation or location.
    private static void AssertNoCompilerObjects(object? value, string step, int depth)
    {
        if (value is null || depth > 8) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location or SyntaxTree,
            $"{step} holds a {value.GetType().Name}");
        var type = value.GetType();
        if (type.IsPrimitive || value is string || type.IsEnum) return;
        if (value is IEnumerable items)
        {
            foreach (var item in items) AssertNoCompilerObjects(item, step, depth + 1);
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            AssertNoCompilerObjects(property.GetValue(value), step, depth + 1);
        }
    }
}
