// The statements of the lowered cores: loops, buffers and element stores, as data. Lowering makes
// them; printing writes them as C#. Element loops hold their body once, over a symbolic loop
// variable; whether they vectorize was decided in lowering.
using System.Collections.Immutable;
using TensorDsl.Generators.Model;

namespace TensorDsl.Generators.Lowering;

internal abstract record Stmt;

/// <summary><c>// text</c>, one line per comment whatever the source's layout.</summary>
internal sealed record Comment(string Text) : Stmt;

/// <summary>A blank line between blocks.</summary>
internal sealed record Blank : Stmt
{
    public static readonly Blank Instance = new();
}

/// <summary><c>Span&lt;float&gt; name = source.Slice(start, length);</c> and, with <see cref="Clear"/>, <c>name.Clear();</c>.</summary>
internal sealed record DeclareSpan(string Name, string Source, Ix Start, int Length, bool Clear = false) : Stmt
{
    /// <summary>A buffer carved out of the workspace.</summary>
    public DeclareSpan(string name, int offset, int length, bool clear = false)
        : this(name, "workspace", Ix.Const(offset), length, clear)
    {
    }
}

/// <summary><c>name.Clear();</c></summary>
internal sealed record ClearSpan(string Name) : Stmt;

/// <summary><c>buffer[index] = value;</c>, or <c>+=</c> with <see cref="Add"/>.</summary>
internal sealed record Store(string Buffer, Ix Index, Expr Value, bool Add) : Stmt;

/// <summary><c>float name = value;</c> (a lane temp in vector code with <see cref="IsTemp"/>).</summary>
internal sealed record DeclareLocal(string Name, Expr Value, bool IsTemp = false) : Stmt;

/// <summary><c>name = value;</c>, or <c>+=</c> with <see cref="Add"/>.</summary>
internal sealed record AssignLocal(string Name, Expr Value, bool Add) : Stmt;

/// <summary><c>int name = value;</c></summary>
internal sealed record DeclareInt(string Name, int Value) : Stmt;

/// <summary><c>if (left == right) name++;</c></summary>
internal sealed record CountIf(string Name, Expr Left, Expr Right) : Stmt;

/// <summary><c>while (left != right &amp;&amp; name &lt; last) name++;</c>: the first index holding a value.</summary>
internal sealed record AdvanceWhileNot(string Name, Expr Left, Expr Right, int Last) : Stmt;

/// <summary><c>for (int var = 0; var &lt; count; var++)</c>.</summary>
internal sealed record Loop(string Var, int Count, ImmutableArray<Stmt> Body) : Stmt;

/// <summary><c>for (; var &lt;= last; var += step)</c> over a variable declared before (the unrolled part of a loop).</summary>
internal sealed record StepLoop(string Var, int Last, int Step, ImmutableArray<Stmt> Body) : Stmt;

/// <summary><c>for (; var &lt; count; var++)</c> over a variable declared before (a remainder).</summary>
internal sealed record RestLoop(string Var, int Count, ImmutableArray<Stmt> Body) : Stmt;

/// <summary>
/// The inner loop of an element pass, vectorized: <c>int var = 0;</c>, then Vector256 steps (or
/// Vector128 steps) of the body, then the scalar body for the rest.
/// </summary>
internal sealed record VectorLoop(string Var, int Count, ImmutableArray<Stmt> Body) : Stmt;

/// <summary>A block of its own: <c>{ … }</c>.</summary>
internal sealed record Scope(ImmutableArray<Stmt> Body) : Stmt;

/// <summary><c>if (!span.IsEmpty) { … }</c>: work for a parameter's gradient the caller may skip.</summary>
internal sealed record IfNotEmpty(string Span, ImmutableArray<Stmt> Body) : Stmt;

/// <summary>A helper call as a statement: <c>KernelSupport.MatMulAdd(…);</c></summary>
internal sealed record Invoke(Call Call) : Stmt;

/// <summary><c>return value;</c></summary>
internal sealed record Return(Expr Value) : Stmt;
