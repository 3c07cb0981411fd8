// Loops: a nest of at most UnrollLimit elements (times its work per element) is unrolled into
// statements with constant indices; larger ones become loops with constant bounds whose inner
// dimension is vectorized where every expression allows it (Vectorization.cs), and otherwise
// unrolled by four.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using TensorDsl.Generators.Model;

namespace TensorDsl.Generators.Lowering;

internal sealed partial class CoreLowering
{
    // Rows shorter than one Vector256 are not worth a vectorized loop.
    private const int VectorMinimum = 8;

    /// <summary>
    /// Runs <paramref name="body"/> for every index of <paramref name="shape"/>: fully unrolled with
    /// constant indices when the nest (times the per-element work) is within the unroll limit, else as
    /// constant-bound loops.
    /// </summary>
    private void ForEach(int[] shape, int workPerElement, Action<Ix[]> body)
    {
        long count = Count(shape);
        if (count == 0) return;
        if (count * Math.Max(workPerElement, 1) <= _m.UnrollLimit)
        {
            foreach (var idx in AllIndices(shape)) body(idx);
            return;
        }
        var vars = new Ix[shape.Length];
        var loops = new List<(string Var, int Count)>();
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1) { vars[d] = Ix.Const(0); continue; }
            string v = "i" + (_loopDepth + loops.Count);
            loops.Add((v, shape[d]));
            vars[d] = Ix.Var(v);
        }
        _loopDepth += loops.Count;
        var statements = Collect(() => body(vars));
        _loopDepth -= loops.Count;
        for (int i = loops.Count - 1; i >= 0; i--) statements = ImmutableArray.Create<Stmt>(new Loop(loops[i].Var, loops[i].Count, statements));
        foreach (var s in statements) Emit(s);
    }

    /// <summary>
    /// Combines a term over <paramref name="shape"/> with + or max into what <paramref name="assign"/>
    /// makes of the total: one expression when unrolled, else an accumulator (named uniquely in the
    /// method, so the statement may declare a variable the following code reads).
    /// </summary>
    private void Reduce(int[] shape, bool max, Func<Ix[], Expr> term, Func<Expr, Stmt> assign)
    {
        long count = Count(shape);
        if (count == 0)
        {
            Emit(assign(new Const(max ? double.NaN : 0)));
            return;
        }
        // Inside a loop, only short reductions are unrolled: long sums read better as loops.
        if (count <= _m.UnrollLimit && (_loopDepth == 0 || count <= 16))
        {
            var terms = AllIndices(shape).Select(term).ToList();
            if (!max || terms.Count <= 4)
            {
                Emit(assign(terms.Skip(1).Aggregate(terms[0], (acc, t) => max ? Max(acc, t) : new Apply(Ops.OpKind.Add, acc, t))));
                return;
            }
            // Long max chains read better as statements.
            string chain = NextAccumulator();
            Emit(new DeclareLocal(chain, terms[0]));
            foreach (var t in terms.Skip(1)) Emit(new AssignLocal(chain, Max(new Local(chain), t), Add: false));
            Emit(assign(new Local(chain)));
            return;
        }
        string acc = NextAccumulator();
        Emit(new DeclareLocal(acc, new Const(max ? double.NegativeInfinity : 0)));
        ForEach(shape, 1, idx => Emit(max
            ? new AssignLocal(acc, Max(new Local(acc), term(idx)), Add: false)
            : new AssignLocal(acc, term(idx), Add: true)));
        Emit(assign(new Local(acc)));
    }

    // The larger of two values, NaN winning, as PyTorch's max.
    private static Expr Max(Expr a, Expr b) => new Call(Support + ".Max", null, a, b);

    private string NextAccumulator() => "acc" + _accumulators++;

    /// <summary>
    /// Writes the stores <paramref name="body"/> makes for every index of <paramref name="shape"/>
    /// inside loops: the inner dimension in Vector256 (or Vector128) steps with a scalar remainder
    /// where the stores vectorize, else unrolled (whole when short, by four otherwise).
    /// </summary>
    private void ElementLoop(int[] shape, Func<Ix[], IReadOnlyList<Stmt>> body, Func<Ix[], Expr>? named = null, string? name = null)
    {
        int inner = shape.Length == 0 ? 0 : shape[shape.Length - 1];
        if (Count(shape) <= _m.UnrollLimit || shape.Length == 0)
        {
            ForEach(shape, 1, idx => EmitAll(body(idx)));
            return;
        }
        ForEach(shape.Take(shape.Length - 1).Concat(new[] { 1 }).ToArray(), inner, outer =>
        {
            Ix[] At(Ix j) => outer.Take(outer.Length - 1).Concat(new[] { j }).ToArray();
            string v = "i" + _loopDepth;
            // Inside a loop body the counter is scoped already; at method level it needs a block.
            bool scoped = outer.All(i => i.IsConstant);
            var vectorBody = Bind(body(At(Ix.Var(v))), named is null ? null : (named(At(Ix.Var(v))), name!));
            if (inner >= VectorMinimum && Vectorization.CanVectorize(vectorBody, v))
            {
                EmitScoped(scoped, new VectorLoop(v, inner, vectorBody));
                return;
            }
            if (inner <= 16)
            {
                for (int j = 0; j < inner; j++) EmitAll(body(At(Ix.Const(j))));
                return;
            }
            var by4 = Collect(() =>
            {
                for (int u = 0; u < 4; u++) EmitAll(body(At(Ix.Var(v) + Ix.Const(u))));
            });
            EmitScoped(scoped, new DeclareInt(v, 0), new StepLoop(v, inner - 4, 4, by4), new RestLoop(v, inner, body(At(Ix.Var(v))).ToImmutableArray()));
        });
    }

    private void EmitAll(IEnumerable<Stmt> statements)
    {
        foreach (var s in statements) Emit(s);
    }

    private void EmitScoped(bool scoped, params Stmt[] statements)
    {
        if (scoped) Emit(new Scope(statements.ToImmutableArray()));
        else EmitAll(statements);
    }

    /// <summary>
    /// A loop body with every compound term that appears more than once bound to a local first
    /// (a gradient that several stores add, say), largest first; <paramref name="known"/> names one.
    /// </summary>
    private static ImmutableArray<Stmt> Bind(IReadOnlyList<Stmt> body, (Expr Term, string Name)? known = null)
    {
        var statements = body.ToList();
        var temps = new List<Stmt>();
        while (true)
        {
            var counts = new Dictionary<Expr, int>();
            foreach (var s in statements) Count(s, counts);
            var repeated = counts.Where(c => c.Value > 1).Select(c => c.Key).OrderByDescending(Size).FirstOrDefault();
            if (repeated is null) break;
            string name = known is { } k && k.Term.Equals(repeated) ? k.Name : "term" + temps.Count;
            temps.Add(new DeclareLocal(name, repeated, IsTemp: true));
            statements = statements.Select(s => Substitute(s, repeated, new Temp(name))).ToList();
        }
        return temps.Concat(statements).ToImmutableArray();
    }

    private static void Count(Stmt statement, Dictionary<Expr, int> counts)
    {
        switch (statement)
        {
            case Store s: Count(s.Value, counts); break;
            case DeclareLocal l: Count(l.Value, counts); break;
            case IfNotEmpty i:
                foreach (var s in i.Body) Count(s, counts);
                break;
        }
    }

    private static void Count(Expr e, Dictionary<Expr, int> counts)
    {
        if (e is not (Apply or Call or IfEqual)) return;
        counts[e] = counts.TryGetValue(e, out int n) ? n + 1 : 1;
        foreach (var child in Children(e)) Count(child, counts);
    }

    private static Stmt Substitute(Stmt statement, Expr from, Expr to) => statement switch
    {
        Store s => s with { Value = Substitute(s.Value, from, to) },
        DeclareLocal l => l with { Value = Substitute(l.Value, from, to) },
        IfNotEmpty i => i with { Body = i.Body.Select(s => Substitute(s, from, to)).ToImmutableArray() },
        _ => statement,
    };

    private static Expr Substitute(Expr e, Expr from, Expr to)
    {
        if (e.Equals(from)) return to;
        return e switch
        {
            Apply a => a with { X = Substitute(a.X, from, to), Y = a.Y is null ? null : Substitute(a.Y, from, to) },
            Call c => c with { Args = new Shared.EquatableArray<Expr>(c.Args.Select(x => Substitute(x, from, to))) },
            IfEqual i => new IfEqual(Substitute(i.Left, from, to), Substitute(i.Right, from, to), Substitute(i.Then, from, to), Substitute(i.Else, from, to)),
            _ => e,
        };
    }

    public static IEnumerable<Expr> Children(Expr e) => e switch
    {
        Apply a => a.Y is null ? new[] { a.X } : new[] { a.X, a.Y },
        Call c => c.Args,
        IfEqual i => new[] { i.Left, i.Right, i.Then, i.Else },
        _ => Array.Empty<Expr>(),
    };

    private static int Size(Expr e) => 1 + Children(e).Sum(Size);

    private static long Count(int[] shape)
    {
        long count = 1;
        foreach (var s in shape) count *= s;
        return count;
    }

    private static IEnumerable<Ix[]> AllIndices(int[] shape)
    {
        long count = Count(shape);
        var idx = new int[shape.Length];
        for (long n = 0; n < count; n++)
        {
            yield return idx.Select(Ix.Const).ToArray();
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
    }
}
