// The sources the typing fuzz breaks: every C# file of the samples, the bench and test files that
// declare kernels, the C# programs written in test strings (snapshot inputs, diagnostics tests,
// analyzer tests, markup removed), the C# blocks of the docs, and the random kernel writer's
// programs. Files of many kernels are taken a few kernels at a time.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorDsl.Testing;

namespace TensorDsl.Generators.Tests.Fuzz;

/// <summary>One unbroken source: where it came from and its text.</summary>
internal sealed record FuzzSource(string Origin, string Text);

internal static class FuzzCorpus
{
    public static IReadOnlyList<FuzzSource> Sources { get; } = Collect();

    private static List<FuzzSource> Collect()
    {
        var sources = new List<FuzzSource>();
        foreach (var file in Files("samples"))
            sources.Add(Read(file));
        foreach (var file in Files("bench").Concat(Files("tests")).Where(f => !f.StartsWith("tests/TensorDsl.Generator.Tests/Fuzz/", StringComparison.Ordinal)))
        {
            // Files that declare kernels are inputs as they are; test files also give the programs in their strings.
            var source = Read(file);
            var root = CSharpSyntaxTree.ParseText(source.Text).GetRoot();
            if (root.DescendantNodes().OfType<AttributeSyntax>().Any(a => a.Name.ToString() is "Kernel" or "KernelAttribute"))
                sources.Add(source);
            if (file.StartsWith("tests/", StringComparison.Ordinal))
                sources.AddRange(Programs(source, root));
        }
        foreach (var file in Files("docs", "*.md").Append("README.md"))
            sources.AddRange(CodeBlocks(file));
        // Kernels nobody wrote by hand, from the random kernel tests' writer.
        for (int seed = 1; seed <= 3; seed++)
            sources.Add(new FuzzSource($"random kernels, seed {seed}", Numerics.RandomKernelTests.Program(seed).Source));
        return sources.SelectMany(Chunks).GroupBy(s => s.Text, StringComparer.Ordinal).Select(g => g.First()).ToList();
    }

    private const int KernelsPerChunk = 4;

    // A file of many kernels, as files of a few: each keeps everything but the kernels of other
    // chunks, so that an input costs what an edit in a project of a few kernels costs.
    private static IEnumerable<FuzzSource> Chunks(FuzzSource source)
    {
        var kernels = CSharpSyntaxTree.ParseText(source.Text).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() == "Kernel")).ToList();
        if (kernels.Count <= 2 * KernelsPerChunk)
        {
            yield return source;
            yield break;
        }
        for (int first = 0; first < kernels.Count; first += KernelsPerChunk)
        {
            var text = new StringBuilder(source.Text);
            for (int k = kernels.Count - 1; k >= 0; k--)
                if (k < first || k >= first + KernelsPerChunk) text.Remove(kernels[k].FullSpan.Start, kernels[k].FullSpan.Length);
            int last = Math.Min(first + KernelsPerChunk, kernels.Count);
            yield return new FuzzSource($"{source.Origin} (kernels {first + 1}–{last} of {kernels.Count})", text.ToString());
        }
    }

    private static IEnumerable<string> Files(string folder, string pattern = "*.cs") =>
        Directory.EnumerateFiles(Repository.PathOf(folder), pattern, SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.EndsWith(".verified.cs", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);

    private static FuzzSource Read(string file) => new(file, File.ReadAllText(Repository.PathOf(file)).Replace("\r\n", "\n"));

    // String literals (raw or not) that hold a program using TensorDsl, without their {|ID:…|} markup.
    private static IEnumerable<FuzzSource> Programs(FuzzSource file, SyntaxNode root)
    {
        foreach (var token in root.DescendantTokens())
        {
            if (!token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) && !token.IsKind(SyntaxKind.StringLiteralToken)) continue;
            string text = token.ValueText;
            if (!text.Contains("using TensorDsl", StringComparison.Ordinal) && !text.Contains("Torch.", StringComparison.Ordinal)) continue;
            string? source = null;
            try
            {
                source = Markup.Parse(text).Source;
            }
            catch (FormatException)
            {
                // Not markup after all: the text as it is.
                source = text;
            }
            int line = token.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            // An expression alone (the op-shape cases) as the statement that holds it.
            if (!source.Contains(';', StringComparison.Ordinal)) source = $"var value = {source};\n";
            yield return new FuzzSource($"{file.Origin}:{line}", source);
        }
    }

    // ```csharp blocks of a markdown file.
    private static IEnumerable<FuzzSource> CodeBlocks(string file)
    {
        var text = Read(file).Text;
        foreach (Match m in Regex.Matches(text, @"^```csharp\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline))
        {
            int line = text.Take(m.Index).Count(c => c == '\n') + 1;
            yield return new FuzzSource($"{file}:{line}", m.Groups[1].Value);
        }
    }
}
