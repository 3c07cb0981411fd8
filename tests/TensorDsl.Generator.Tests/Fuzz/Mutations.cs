// Broken variants of a source, as an editor sees them mid-edit: a prefix cut at a token boundary
// (the whole file, or the method being typed with the rest of the file after it), one token
// deleted, two adjacent tokens swapped, or an attribute of the kernel API given random arguments.
// Input i draws from its own seeded Random, so any input can be rebuilt alone from its index.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorDsl.Generators.Tests.Fuzz;

/// <summary>One broken source: which input it is, what was done where, and the text.</summary>
internal sealed record FuzzInput(int Index, string Origin, string Mutation, int Position, string Text)
{
    /// <summary>The input and its text around the edit, for a failure message.</summary>
    public string Describe()
    {
        int from = Math.Max(0, Position - 160), to = Math.Min(Text.Length, Position + 160);
        return $"input {Index} ({Origin}, {Mutation} at {Position}):\n…{Text[from..to]}…";
    }
}

internal static class Mutations
{
    private static readonly string[] s_attributes = { "Kernel", "Shape", "NoGrad" };

    /// <summary>
    /// Input <paramref name="index"/> of the run with <paramref name="seed"/>: a source broken at
    /// random, three times in four one with kernels, where the generator has the most to read.
    /// </summary>
    public static FuzzInput Make(IReadOnlyList<Parsed> sources, IReadOnlyList<Parsed> withKernels, int seed, int index)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + index));
        var pool = withKernels.Count > 0 && rng.Next(4) > 0 ? withKernels : sources;
        var source = pool[rng.Next(pool.Count)];
        // In ten: four prefix cuts, two deletions, two swaps, two attributes (a prefix cut where there are none).
        int kind = rng.Next(10);
        if (kind >= 8 && source.Attributes.Length > 0) return Attribute(source, index, rng);
        var tokens = source.Tokens;
        // Most edits land in a kernel, where the generator reads the code.
        int t = source.KernelTokens.Length > 0 && rng.Next(4) > 0
            ? source.KernelTokens[rng.Next(source.KernelTokens.Length)]
            : rng.Next(tokens.Length);
        var token = tokens[t];
        string text = source.Text;
        switch (kind)
        {
            case < 4 or >= 8:
            {
                int cut = rng.Next(2) == 0 ? token.Span.Start : token.Span.End;
                // Typing a member: the rest of the file is still there after it.
                if (token.Parent?.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is BaseMethodDeclarationSyntax or PropertyDeclarationSyntax or GlobalStatementSyntax) is { } member
                    && rng.Next(2) == 0)
                {
                    return new FuzzInput(index, source.Origin, "member cut", cut, text[..cut] + text[member.Span.End..]);
                }
                return new FuzzInput(index, source.Origin, "prefix", cut, text[..cut]);
            }
            case < 6:
                return new FuzzInput(index, source.Origin, $"deleted '{token.Text}'", token.Span.Start, text.Remove(token.Span.Start, token.Span.Length));
            default:
            {
                if (t + 1 >= tokens.Length) return new FuzzInput(index, source.Origin, "prefix", token.Span.Start, text[..token.Span.Start]);
                var next = tokens[t + 1];
                string swapped = text[..token.Span.Start] + next.Text + text[token.Span.End..next.Span.Start] + token.Text + text[next.Span.End..];
                return new FuzzInput(index, source.Origin, $"swapped '{token.Text}' '{next.Text}'", token.Span.Start, swapped);
            }
        }
    }

    // [Kernel], [Shape] or [NoGrad] with random arguments: sizes small, negative and huge, values of
    // the wrong type, DType and UnrollLimit of any value, none at all, or a list left open.
    private static FuzzInput Attribute(Parsed source, int index, Random rng)
    {
        var attribute = source.Attributes[rng.Next(source.Attributes.Length)];
        var arguments = Enumerable.Range(0, rng.Next(5)).Select(_ => Argument(rng)).ToList();
        string list = rng.Next(8) switch
        {
            0 => "",
            1 => "(" + string.Join(", ", arguments),
            2 => "(" + string.Join(", ", arguments) + ",)",
            _ => "(" + string.Join(", ", arguments) + ")",
        };
        string replaced = attribute.Name + list;
        string text = source.Text.Remove(attribute.Span.Start, attribute.Span.Length).Insert(attribute.Span.Start, replaced);
        return new FuzzInput(index, source.Origin, $"[{replaced}]", attribute.Span.Start, text);
    }

    private static string Argument(Random rng)
    {
        string Pick(params string[] options) => options[rng.Next(options.Length)];
        return rng.Next(8) switch
        {
            0 or 1 => rng.Next(0, 9).ToString(CultureInfo.InvariantCulture),
            2 => (-rng.Next(1, 9)).ToString(CultureInfo.InvariantCulture),
            3 => Pick("int.MaxValue", "int.MinValue", "1 << 20", "65536", "100000", "46341", "1 << 30", "4000000000"),
            4 => Pick("\"a\"", "1.5", "2f", "true", "null", "'c'", "typeof(int)", "x", "new int[0]", "new[] { 2, 3 }", "default", "2L", "(short)2"),
            5 => "DType = " + Pick("DType.Int64", "DType.Float64", "DType.Float32", "DType.Bool", "DType.Int32", "(DType)99", "(DType)(-1)", "0"),
            6 => "UnrollLimit = " + Pick("-1", "-2", "0", "1", "int.MaxValue", "int.MinValue", "\"x\"", "1.5"),
            _ => Pick("dim: 1", "Sizes = 2", "= 3", "2,", "..", "^1"),
        };
    }

    /// <summary>A source parsed once: its tokens, which of them are in kernels, and its kernel API attributes.</summary>
    internal sealed class Parsed
    {
        public Parsed(FuzzSource source)
        {
            Origin = source.Origin;
            Text = source.Text;
            var root = CSharpSyntaxTree.ParseText(source.Text).GetRoot();
            Tokens = root.DescendantTokens().Where(t => t.Span.Length > 0).ToArray();
            var kernels = root.DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Where(m => m.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() == "Kernel"))
                .Select(m => m.Span).ToList();
            KernelTokens = Enumerable.Range(0, Tokens.Length).Where(i => kernels.Any(k => k.Contains(Tokens[i].Span))).ToArray();
            Attributes = root.DescendantNodes().OfType<AttributeSyntax>()
                .Where(a => s_attributes.Contains(a.Name.ToString()))
                .Select(a => (a.Name.ToString(), a.Span)).ToArray();
        }

        public string Origin { get; }

        public string Text { get; }

        public SyntaxToken[] Tokens { get; }

        /// <summary>Indices into <see cref="Tokens"/> of the tokens inside [Kernel] methods.</summary>
        public int[] KernelTokens { get; }

        public (string Name, Microsoft.CodeAnalysis.Text.TextSpan Span)[] Attributes { get; }
    }
}
