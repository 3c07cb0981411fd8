// The lowered statements as C#. An element loop that lowering found vectorizable is written three
// times: Vector256 steps, else Vector128 steps, then the scalar form for the remainder.
using System.Collections.Generic;
using System.Globalization;
using TensorDsl.Generators.Lowering;
using TensorDsl.Generators.Model;

namespace TensorDsl.Generators.Printing;

internal sealed class StatementPrinter
{
    private readonly IndentedWriter _w;

    public StatementPrinter(IndentedWriter writer) => _w = writer;

    public void Print(IEnumerable<Stmt> statements, Lanes lanes = Lanes.Scalar, string? loop = null)
    {
        foreach (var s in statements) Print(s, lanes, loop);
    }

    private void Print(Stmt statement, Lanes lanes, string? loop)
    {
        string E(Expr e) => ExprPrinter.Print(e, lanes, loop);
        switch (statement)
        {
            case Comment c:
                _w.Line("// " + c.Text);
                break;
            case Blank:
                _w.BlankLine();
                break;
            case DeclareSpan d:
                _w.Line($"Span<float> {d.Name} = {d.Source}.Slice({d.Start}, {Int(d.Length)});");
                if (d.Clear) _w.Line($"{d.Name}.Clear();");
                break;
            case ClearSpan c:
                _w.Line($"{c.Name}.Clear();");
                break;
            case Store s when lanes == Lanes.Scalar:
                _w.Line($"{s.Buffer}[{s.Index}] {(s.Add ? "+=" : "=")} {E(s.Value)};");
                break;
            case Store s:
            {
                // A vector of the buffer at the index: loaded (to add to) and stored.
                string value = E(s.Add ? new Apply(Ops.OpKind.Add, new Load(s.Buffer, s.Index), s.Value) : s.Value);
                _w.Line($"KernelSupport.Store({value}, {s.Buffer}, {s.Index});");
                break;
            }
            case DeclareLocal l:
                _w.Line($"{(l.IsTemp && lanes != Lanes.Scalar ? "var" : "float")} {l.Name} = {E(l.Value)};");
                break;
            case AssignLocal a:
                _w.Line($"{a.Name} {(a.Add ? "+=" : "=")} {E(a.Value)};");
                break;
            case DeclareInt d:
                _w.Line($"int {d.Name} = {Int(d.Value)};");
                break;
            case CountIf c:
                _w.Line($"if ({E(c.Left)} == {E(c.Right)}) {c.Name}++;");
                break;
            case AdvanceWhileNot a:
                _w.Line($"while ({E(a.Left)} != {E(a.Right)} && {a.Name} < {Int(a.Last)}) {a.Name}++;");
                break;
            case Loop l:
                using (_w.Block($"for (int {l.Var} = 0; {l.Var} < {Int(l.Count)}; {l.Var}++)")) Print(l.Body, lanes, loop);
                break;
            case StepLoop l:
                using (_w.Block($"for (; {l.Var} <= {Int(l.Last)}; {l.Var} += {Int(l.Step)})")) Print(l.Body, lanes, loop);
                break;
            case RestLoop l:
                using (_w.Block($"for (; {l.Var} < {Int(l.Count)}; {l.Var}++)")) Print(l.Body, lanes, loop);
                break;
            case VectorLoop v:
                _w.Line($"int {v.Var} = 0;");
                using (_w.Block("if (Vector256.IsHardwareAccelerated)"))
                using (_w.Block($"for (; {v.Var} <= {Int(v.Count - 8)}; {v.Var} += 8)"))
                    Print(v.Body, Lanes.Vector256, v.Var);
                using (_w.Block("else if (Vector128.IsHardwareAccelerated)"))
                using (_w.Block($"for (; {v.Var} <= {Int(v.Count - 4)}; {v.Var} += 4)"))
                    Print(v.Body, Lanes.Vector128, v.Var);
                using (_w.Block($"for (; {v.Var} < {Int(v.Count)}; {v.Var}++)")) Print(v.Body);
                break;
            case Scope s:
                using (_w.Block()) Print(s.Body, lanes, loop);
                break;
            case IfNotEmpty i:
                using (_w.Block($"if (!{i.Span}.IsEmpty)")) Print(i.Body, lanes, loop);
                break;
            case Invoke i:
                _w.Line(E(i.Call) + ";");
                break;
            case Return r:
                _w.Line($"return {E(r.Value)};");
                break;
        }
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
