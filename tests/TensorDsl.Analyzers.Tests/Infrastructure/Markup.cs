// The markup of Microsoft.CodeAnalysis.Testing: {|TD0001:text|} marks where a diagnostic with
// that id is expected. Marks may nest.
using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace TensorDsl.Analyzers.Tests.Infrastructure;

/// <summary>An expected diagnostic: its id and span in the source without markup.</summary>
public sealed record ExpectedDiagnostic(string Id, TextSpan Span);

/// <summary>Reads <c>{|ID:…|}</c> markup.</summary>
public static class Markup
{
    public static (string Source, List<ExpectedDiagnostic> Expected) Parse(string markup)
    {
        var source = new StringBuilder();
        var expected = new List<ExpectedDiagnostic>();
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
                expected.Add(new ExpectedDiagnostic(id, TextSpan.FromBounds(start, source.Length)));
                i += 2;
            }
            else
            {
                source.Append(markup[i++]);
            }
        }
        if (open.Count > 0) throw new FormatException("Unclosed {| markup");
        expected.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : string.CompareOrdinal(a.Id, b.Id));
        return (source.ToString(), expected);
    }
}
