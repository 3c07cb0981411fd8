// Compiles test sources in memory against the runtime (TensorDsl.dll) and the framework the tests
// run on, the way a consuming project would, without MSBuild.
using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace TensorDsl.Analyzers.Tests.Infrastructure;

/// <summary>Builds and runs in-memory compilations of test code.</summary>
public static class TestCompilation
{
    /// <summary>What every test source may assume, as <c>ImplicitUsings</c> would give.</summary>
    public const string GlobalUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\nglobal using TensorDsl;\n";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The framework's assemblies and TensorDsl.dll (created once: they are the slow part).</summary>
    public static readonly ImmutableArray<MetadataReference> References = CreateReferences();

    private static ImmutableArray<MetadataReference> CreateReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .Append(typeof(TensorDsl.Tensor).Assembly.Location)
            .Distinct();
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    public static CSharpCompilation Create(params string[] sources)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/src/Test{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, path: "/src/GlobalUsings.cs"))
            .ToArray();
        return CSharpCompilation.Create("TestProject", trees, References, Options(trees));
    }

    /// <summary>An executable when the sources have top-level statements, a library otherwise.</summary>
    public static CSharpCompilationOptions Options(SyntaxTree[] trees)
    {
        bool topLevel = trees.Any(t => t.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any());
        return new CSharpCompilationOptions(topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable);
    }

    /// <summary>Fails with the compiler's errors: a test of code that does not compile tests nothing.</summary>
    public static void AssertCompiles(Compilation compilation)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The test code does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
    }

    /// <summary>Emits and loads the compilation.</summary>
    public static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(stream.ToArray());
    }

    /// <summary>Runs the entry point (top-level statements); returns what it threw, or null.</summary>
    public static Exception? Run(Compilation compilation)
    {
        var entry = Load(compilation).EntryPoint ?? throw new InvalidOperationException("No entry point");
        try
        {
            entry.Invoke(null, entry.GetParameters().Length == 0 ? null : new object[] { Array.Empty<string>() });
            return null;
        }
        catch (TargetInvocationException e)
        {
            return e.InnerException;
        }
    }
}
