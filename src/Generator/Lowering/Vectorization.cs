// Whether an element loop's body has a lane-wise form: a plain predicate over its statements,
// asked once by lowering; printing then writes the Vector256 and Vector128 forms without doubt.
using System.Collections.Generic;
using System.Linq;
using TensorDsl.Generators.Model;

namespace TensorDsl.Generators.Lowering;

internal static class Vectorization
{
    /// <summary>
    /// True when every store writes the element the loop variable <paramref name="loop"/> moves to,
    /// every read moves with it or stays put, and every op has a lane-wise form.
    /// </summary>
    public static bool CanVectorize(IEnumerable<Stmt> body, string loop) => body.All(s => s switch
    {
        Store store => store.Index.CoefficientOf(loop) == 1 && CanVectorize(store.Value, loop),
        DeclareLocal { IsTemp: true } temp => CanVectorize(temp.Value, loop),
        IfNotEmpty guarded => CanVectorize(guarded.Body, loop),
        _ => false,
    });

    public static bool CanVectorize(Expr e, string loop) => e switch
    {
        Const or Param or Local or Temp => true,
        Load load => load.Index.CoefficientOf(loop) is 0 or 1,
        Apply a => (a.Op.Row().Operator is not null || a.Op.Row().Vector is not null)
            && CanVectorize(a.X, loop) && (a.Y is null || CanVectorize(a.Y, loop)),
        Call c => c.Vector is not null && c.Args.All(x => CanVectorize(x, loop)),
        _ => false,
    };
}
