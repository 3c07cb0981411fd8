// Writes generated source line by line with indentation; "\n" line endings on every machine.
using System.Text;

namespace TensorDsl.Generators.Emitting;

internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new StringBuilder();
    private int _indent;

    public void Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
    }

    /// <summary>A blank line between blocks; none right after an opening brace or another blank line.</summary>
    public void BlankLine()
    {
        int n = _text.Length;
        if (n == 0 || (n >= 2 && _text[n - 2] == '\n') || (n >= 2 && _text[n - 2] == '{')) return;
        Line();
    }

    /// <summary>Writes <paramref name="line"/> (if any) and an opening brace, then indents.</summary>
    public void Open(string line)
    {
        if (line.Length > 0) Line(line);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
