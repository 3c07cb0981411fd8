// The markup of Microsoft.CodeAnalysis.Testing, for every Roslyn test project: {|TD0001:text|}
// marks where a diagnostic with that id is expected. Marks may nest.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TensorDsl.Testing;

/// <summary>A marked span: the expected diagnostic's id and where it is in the source without markup.</summary>
public sealed record MarkedSpan(string Id, int Start, int Length);

/// <summary>Reads <c>{|ID:…|}</c> markup and compares diagnostics with it.</summary>
public static class Markup
{
    /// <summary>The source without markup, and the marked spans in source order.</summary>
    public static (string Source, List<MarkedSpan> Spans) Parse(string markup)
    {
        var source = new StringBuilder();
        var spans = new List<MarkedSpan>();
        var open = new Stack<(string Id, int Start)>();
        for (int i = 0; i < markup.Length;)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                int colon = markup.IndexOf(':', i + 2);
                if (colon < 0) throw new FormatException($"Unterminated markup id at {i}");
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon + 1;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                spans.Add(new MarkedSpan(id, start, source.Length - start));
                i += 2;
            }
            else
            {
                source.Append(markup[i++]);
            }
        }
        if (open.Count > 0) throw new FormatException("Unclosed {| markup");
        return (source.ToString(), spans.OrderBy(s => s.Start).ThenBy(s => s.Id, StringComparer.Ordinal).ToList());
    }

    /// <summary>Asserts the diagnostics are exactly the marked ones (id and span), in any order.</summary>
    public static void AssertMatches(IEnumerable<Diagnostic> diagnostics, IReadOnlyList<MarkedSpan> expected, string source)
    {
        var actual = diagnostics.Select(d => new MarkedSpan(d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))
            .OrderBy(e => e.Start).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        string Describe(IEnumerable<MarkedSpan> spans) => string.Join("\n", spans.Select(e =>
            $"  {e.Id} at {e.Start}: '{source.Substring(e.Start, Math.Min(e.Length, source.Length - e.Start))}'"));
        Assert.True(expected.SequenceEqual(actual), $"Expected:\n{Describe(expected)}\nActual:\n{Describe(actual)}");
    }
}
