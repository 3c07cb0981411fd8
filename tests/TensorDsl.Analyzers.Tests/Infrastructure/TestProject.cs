// What Microsoft.CodeAnalysis.Testing's analyzer and code-fix tests compile against: the SDK's own
// net10.0 reference assemblies (found offline in its targeting pack, as no NuGet package is
// resolved), TensorDsl.dll, the global usings, and the options TestCompilation uses.
using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;

namespace TensorDsl.Analyzers.Tests.Infrastructure;

internal static class TestProject
{
    /// <summary>The file the test code is in (the testing library's name for the first source).</summary>
    public const string TestFile = "/0/Test0.cs";

    /// <summary>The global usings a project with ImplicitUsings would have.</summary>
    public const string GlobalUsingsFile = "/0/GlobalUsings.cs";

    // A target framework and no package: the library resolves nothing and asks no feed.
    private static readonly ReferenceAssemblies None = new("net10.0");

    private static readonly ImmutableArray<MetadataReference> Framework = Directory.GetFiles(ReferenceFolder(), "*.dll")
        .OrderBy(p => p, StringComparer.Ordinal)
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .Append(MetadataReference.CreateFromFile(typeof(Tensor).Assembly.Location))
        .ToImmutableArray();

    /// <summary>Sets a test up to compile <paramref name="source"/> as a project using TensorDsl would.</summary>
    public static void Configure(AnalyzerTest<DefaultVerifier> test, string source)
    {
        test.ReferenceAssemblies = None;
        test.TestState.AdditionalReferences.AddRange(Framework);
        test.TestState.Sources.Add((TestFile, source));
        test.TestState.Sources.Add((GlobalUsingsFile, TestCompilation.GlobalUsings));
        bool topLevel = CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions).GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();
        test.TestState.OutputKind = topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var options = (CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
            return solution
                .WithProjectCompilationOptions(projectId, options.WithNullableContextOptions(NullableContextOptions.Enable))
                .WithProjectParseOptions(projectId, TestCompilation.ParseOptions);
        });
    }

    // <packs>/Microsoft.NETCore.App.Ref/<version>/ref/net10.0, from the SDK that built the tests.
    private static string ReferenceFolder()
    {
        string? Metadata(string key) =>
            typeof(TestProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
        var packs = Metadata("NetCoreTargetingPackRoot") is { Length: > 0 } root0 ? root0
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "packs"));
        var root = Path.Combine(packs, "Microsoft.NETCore.App.Ref");
        var exact = Path.Combine(root, Metadata("BundledNETCoreAppPackageVersion") ?? "", "ref", "net10.0");
        if (Directory.Exists(exact)) return exact;
        return Directory.GetDirectories(root, "10.*").Select(d => Path.Combine(d, "ref", "net10.0")).Where(Directory.Exists)
            .OrderByDescending(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d)))!.Split('-')[0], out var v) ? v : null)
            .FirstOrDefault() ?? throw new DirectoryNotFoundException("No net10.0 reference assemblies under " + root);
    }
}
