// Writes generated source line by line with indentation and "\n" line endings on every machine.
// Blocks close through using (w.Block(...)). Lines longer than MaxLine are broken: code at its
// outermost operators, commas or call parentheses, comments between words (a line with none of
// those stays whole; the tests check that generated kernels have none).
using System;
using System.Collections.Generic;
using System.Text;

namespace TensorDsl.Generators.Printing;

internal sealed class IndentedWriter
{
    /// <summary>The longest line written (the generated code is read in editors and diffs).</summary>
    public const int MaxLine = 160;

    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>Writes a line at the current indentation, broken where it is too long.</summary>
    public void Line(string line = "")
    {
        if (line.Length == 0)
        {
            _text.Append('\n');
            return;
        }
        string indent = new(' ', _indent * 4);
        foreach (var part in LineBreaker.Break(line, MaxLine - indent.Length))
            _text.Append(indent).Append(part).Append('\n');
    }

    /// <summary>A blank line between blocks; none right after an opening brace or another blank line.</summary>
    public void BlankLine()
    {
        int n = _text.Length;
        if (n == 0 || (n >= 2 && _text[n - 2] == '\n') || (n >= 2 && _text[n - 2] == '{')) return;
        Line();
    }

    /// <summary>Writes <paramref name="header"/> (if any) and an opening brace; the brace closes when the result is disposed.</summary>
    public IDisposable Block(string header = "", string closing = "}")
    {
        if (header.Length > 0) Line(header);
        Line("{");
        _indent++;
        return new Closer(this, closing);
    }

    /// <summary>Runs <paramref name="body"/> one level further in, with no braces (a statement under a for or an arrow).</summary>
    public void Indented(Action body)
    {
        _indent++;
        body();
        _indent--;
    }

    public override string ToString() => _text.ToString();

    private sealed class Closer : IDisposable
    {
        private readonly IndentedWriter _writer;
        private readonly string _closing;
        private bool _closed;

        public Closer(IndentedWriter writer, string closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose()
        {
            if (_closed) return;
            _closed = true;
            _writer._indent--;
            _writer.Line(_closing);
        }
    }
}

/// <summary>Breaks a line of C# that is too long: first at the operators and commas least deeply nested in parentheses.</summary>
internal static class LineBreaker
{
    private const string Continuation = "    ";

    public static IEnumerable<string> Break(string line, int width)
    {
        if (line.Length <= width) return new[] { line };
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith("//", StringComparison.Ordinal)) return BreakComment(line, width);
        var lines = new List<string>();
        string rest = line;
        bool first = true;
        while (true)
        {
            int limit = width - (first ? 0 : Continuation.Length);
            if (rest.Length <= limit || BreakAt(rest, limit) is not int at)
            {
                lines.Add((first ? "" : Continuation) + rest);
                return lines;
            }
            lines.Add((first ? "" : Continuation) + rest.Substring(0, at).TrimEnd());
            rest = rest.Substring(at).TrimStart();
            first = false;
        }
    }

    // The best place to break within the first `limit` characters: after a comma or before a
    // binary operator, at the least depth of parentheses found there, the loosest operator (a comma
    // or arrow, then + and -, then * and /), as far right as possible. Where there is none, after
    // the outermost opening parenthesis of a call (nested calls with no operator between them).
    private static int? BreakAt(string text, int limit)
    {
        int depth = 0;
        (int Depth, int Binding) best = (int.MaxValue, int.MaxValue);
        int? at = null, open = null;
        int openDepth = int.MaxValue;
        bool literal = false;
        for (int i = 1; i < text.Length - 1; i++)
        {
            char c = text[i];
            // Nothing inside a string literal is a place to break.
            if (c == '"') literal = !literal;
            if (literal) continue;
            if (c == ')' || c == ']' || c == '}') depth--;
            if (c == '(' || c == '[' || c == '{')
            {
                depth++;
                if (c == '(' && text[i + 1] != ')' && i + 1 <= limit && depth < openDepth)
                {
                    openDepth = depth;
                    open = i + 1;
                }
                continue;
            }
            int candidate, binding;
            if (c == ',' && text[i + 1] == ' ')
            {
                candidate = i + 1;
                binding = 0;
            }
            else if (c == ' ' && Operator(text, i + 1) is int b)
            {
                candidate = i;
                binding = b;
            }
            else
            {
                continue;
            }
            if (candidate > limit || candidate < 8) continue;
            if (depth < best.Depth || (depth == best.Depth && binding <= best.Binding))
            {
                best = (depth, binding);
                at = candidate;
            }
        }
        return at ?? open;
    }

    // How tightly a binary operator between spaces binds (0 loosest), or null for none.
    private static int? Operator(string text, int i)
    {
        int end = text.IndexOf(' ', i);
        if (end < 0 || end == i) return null;
        return text.Substring(i, end - i) switch
        {
            "=>" or "?" or ":" or "||" or "&&" => 0,
            "==" or "!=" => 1,
            "+" or "-" => 2,
            "*" or "/" => 3,
            _ => (int?)null,
        };
    }

    private static IEnumerable<string> BreakComment(string line, int width)
    {
        int start = line.IndexOf("//", StringComparison.Ordinal);
        string prefix = line.Substring(0, start) + (line.Substring(start).StartsWith("///", StringComparison.Ordinal) ? "/// " : "// ");
        var words = line.Substring(prefix.Length).Split(' ');
        var current = new StringBuilder(prefix);
        foreach (var word in words)
        {
            if (current.Length > prefix.Length && current.Length + 1 + word.Length > width)
            {
                yield return current.ToString().TrimEnd();
                current.Clear().Append(prefix);
            }
            if (current.Length > prefix.Length) current.Append(' ');
            current.Append(word);
        }
        yield return current.ToString().TrimEnd();
    }
}
