using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TensorDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Expected diagnostics written in the source, as Microsoft.CodeAnalysis.Testing does:
/// <c>{|TD0101:Loss|}</c> marks the span where a TD0101 must be reported.
/// </summary>
internal static class Markup
{
    public sealed record Expected(string Id, int Start, int Length);

    /// <summary>The source without markup, and the marked spans.</summary>
    public static (string Source, List<Expected> Spans) Parse(string markup)
    {
        var text = new StringBuilder();
        var spans = new List<Expected>();
        var open = new Stack<(string Id, int Start)>();
        for (int i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                int colon = markup.IndexOf(':', i);
                open.Push((markup.Substring(i + 2, colon - i - 2), text.Length));
                i = colon;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                spans.Add(new Expected(id, start, text.Length - start));
                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }
        return (text.ToString(), spans);
    }

    /// <summary>Asserts the diagnostics are exactly the marked ones (id and span), in any order.</summary>
    public static void AssertMatches(IEnumerable<Diagnostic> diagnostics, List<Expected> expected, string source)
    {
        var actual = diagnostics.Select(d => new Expected(d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))
            .OrderBy(e => e.Start).ThenBy(e => e.Id).ToList();
        var wanted = expected.OrderBy(e => e.Start).ThenBy(e => e.Id).ToList();
        string Describe(IEnumerable<Expected> es) => string.Join("\n", es.Select(e =>
            $"  {e.Id} at {e.Start}: '{source.Substring(e.Start, Math.Min(e.Length, source.Length - e.Start))}'"));
        Assert.True(wanted.SequenceEqual(actual), $"Expected:\n{Describe(wanted)}\nActual:\n{Describe(actual)}");
    }
}
