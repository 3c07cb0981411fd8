using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

// Factories: from sizes, numbers and data, *_like, and the random ones (torch.manual_seed(seed), or a
// generator of their own). Where Python leaves the dtype to ATen's inference (torch.full(size, 2) is
// int64, torch.arange(5.0) float32), the evaluation passes the inferred dtype explicitly, because
// TorchSharp fills in one of its own when given none.
internal static partial class DiffOps
{
    private static long[] FactorySize(Draw d) => d.Coin(0.05) ? [2, -1] : d.Shape(0, 3, 20);

    private static long[] RandomSize(Draw d) => d.Shape(0, 3, 20);

    private static DTypeArg? MaybeDtype(Draw d, Dt[]? dtypes = null) => d.Coin(0.5) ? new DTypeArg(d.Dtype(dtypes ?? Draw.All)) : null;

    private static ScalarType Or(ScalarType? given, ScalarType inferred) => given ?? inferred;

    private static IEnumerable<DiffOp> Factories()
    {
        // Through TorchScript, sizes as literals: TorchSharp's factories end the process on a negative size.
        foreach (var (name, op) in new[] { ("Zeros", "zeros"), ("Ones", "ones"), ("Empty", "empty") })
        {
            bool values = name != "Empty";
            yield return new($"Torch.{name}(int[])", d => Values(C(FactorySize(d)), values), c => Factory($"{op}({Lit(c.Ls(0))})"), Count: 6)
            {
                Fixed = [Values(C(new long[] { 2, -1 }), values)],
            };
            yield return new($"Torch.{name}(int[], DType?, bool)", d => Values(C(FactorySize(d), MaybeDtype(d), d.Coin(0.3)), values),
                c => Factory($"{op}({Lit(c.Ls(0))}, dtype={Lit(c.Dtype(1) ?? ScalarType.Float32)})", c.B(2, false)), Count: 10);
        }
        yield return new("Torch.Full(int[], double, DType?, bool)", d => C(FactorySize(d), Number(d), MaybeDtype(d), d.Coin(0.3)),
            c => Factory($"full({Lit(c.Ls(0))}, {Lit(c.D(1))}, dtype={Lit(c.Dtype(2) ?? ScalarType.Float32)})", c.B(3, false)), Count: 10);
        yield return new("Torch.Full(int[], long, DType?, bool)", d => C(FactorySize(d), Integer(d), MaybeDtype(d), d.Coin(0.3)),
            c => Factory($"full({Lit(c.Ls(0))}, {Lit(c.L(1))}, dtype={Lit(c.Dtype(2) ?? ScalarType.Int64)})", c.B(3, false)), Count: 10);
        yield return new("Torch.Full(int[], bool, DType?, bool)", d => C(FactorySize(d), d.Coin(), MaybeDtype(d), d.Coin(0.2)),
            c => Factory($"full({Lit(c.Ls(0))}, {Lit(c.B(1, false))}, dtype={Lit(c.Dtype(2) ?? ScalarType.Bool)})", c.B(3, false)), Count: 8);

        CaseSpec Like(Draw d, params object?[] more) => C([d.Tensor(d.Shape(0, 3, 20), d.Dtype(Draw.All)), .. more]);
        // Of transposed tensors too: the result takes the input's layout.
        yield return new("Torch.ZerosLike(Tensor, DType?, bool)", d => Like(d, MaybeDtype(d), d.Coin(0.3)), c => L(torch.zeros_like(c.T(0), c.Dtype(1), requires_grad: c.B(2, false))), Count: 12, Grad: false)
        {
            Fixed = [C(Fix(Dt.Float32, [2, 3], Transposed))],
        };
        yield return new("Torch.OnesLike(Tensor, DType?, bool)", d => Like(d, MaybeDtype(d), d.Coin(0.3)), c => L(torch.ones_like(c.T(0), c.Dtype(1), requires_grad: c.B(2, false))), Count: 12, Grad: false)
        {
            Fixed = [C(Fix(Dt.Float32, [2, 3], Transposed))],
        };
        yield return new("Torch.FullLike(Tensor, double, DType?, bool)", d => Like(d, Number(d), MaybeDtype(d), d.Coin(0.3)),
            c => L(torch.full_like(c.T(0), c.D(1), c.Dtype(2), requires_grad: c.B(3, false))), Count: 12, Grad: false);

        // arange: an integer end (int64), a double one (float32); bounds against the step's sign; step 0.
        // Through TorchScript, which leaves the dtype to ATen's inference as Python does (and raises
        // where TorchSharp's call ended the process with SIGFPE).
        yield return new("Torch.Arange(long)", d => C((long)d.Int(-1, 6)), c => Factory($"arange({Lit(c.L(0))})"), Count: 5);
        yield return new("Torch.Arange(double)", d => C(d.Pick(0.0, 2.5, 5.0, -1.0, 3.25)), c => Factory($"arange({Lit(c.D(0))})"), Count: 5);
        yield return new("Torch.Arange(long, long, long, DType?, bool)", d => C((long)d.Int(-3, 3), (long)d.Int(-4, 8), (long)d.Pick(1, 2, 3, -1, -2, 0), MaybeDtype(d), d.Coin(0.2)),
            c => Factory($"arange({Lit(c.L(0))}, {Lit(c.L(1))}, {Lit(c.L(2))}, dtype={Lit(c.Dtype(3))})", c.B(4, false)), Count: 14)
        {
            Fixed = [C(0L, -1L, 3L)],
        };
        yield return new("Torch.Arange(double, double, double, DType?, bool)", d => C(d.Pick(0.0, -1.5, 0.25, 2.0), d.Pick(3.0, 1.75, -2.0, 0.0, 5.5), d.Pick(1.0, 0.5, 0.3, -0.5, 2.0, 0.0), MaybeDtype(d), d.Coin(0.2)),
            c => Factory($"arange({Lit(c.D(0))}, {Lit(c.D(1))}, {Lit(c.D(2))}, dtype={Lit(c.Dtype(3))})", c.B(4, false)), Count: 14);
        yield return new("Torch.Eye(int)", d => C(d.Int(-1, 5)), c => L(torch.eye(c.L(0))), Count: 5);
        yield return new("Torch.Eye(int, int, DType?, bool)", d => C(d.Int(-1, 5), d.Int(0, 5), MaybeDtype(d), d.Coin(0.2)),
            c => L(torch.eye(c.L(0), c.L(1), Or(c.Dtype(2), ScalarType.Float32), requires_grad: c.B(3, false))), Count: 10);
        yield return new("Torch.Linspace(double, double, int, DType?, bool)", d => C(d.Pick(0.0, -2.0, 1.0, -3.0), d.Pick(1.0, 3.0, -1.0, 2.7), d.Int(-1, 45), MaybeDtype(d, Draw.Floats), d.Coin(0.2)),
            c => L(torch.linspace(c.D(0), c.D(1), c.L(2), Or(c.Dtype(3), ScalarType.Float32), requires_grad: c.B(4, false))), Count: 12);

        // Random factories.
        long Seed(Draw d) => d.Int(0, 1000);
        GenArg? Gen(Draw d) => d.Coin(0.3) ? new GenArg(d.Int(0, 100)) : null;
        yield return new("Torch.Randn(int[])", d => Seeded(Seed(d), RandomSize(d)), c => L(torch.randn(c.Ls(0))), Count: 8);
        yield return new("Torch.Randn(int[], DType?, bool, Generator)", d => Seeded(Seed(d), d.Shape(0, 3, 40), MaybeDtype(d, Draw.Floats), d.Coin(0.2), Gen(d)),
            c => L(torch.randn(c.Ls(0), Or(c.Dtype(1), ScalarType.Float32), requires_grad: c.B(2, false), generator: c.Gen(3))), Count: 10);
        yield return new("Torch.Rand(int[])", d => Seeded(Seed(d), RandomSize(d)), c => L(torch.rand(c.Ls(0))), Count: 8);
        yield return new("Torch.Rand(int[], DType?, bool, Generator)", d => Seeded(Seed(d), d.Shape(0, 3, 40), MaybeDtype(d, Draw.Floats), d.Coin(0.2), Gen(d)),
            c => L(torch.rand(c.Ls(0), Or(c.Dtype(1), ScalarType.Float32), requires_grad: c.B(2, false), generator: c.Gen(3))), Count: 10);
        yield return new("Torch.Randint(long, int[], DType?, bool, Generator)", d => Seeded(Seed(d), (long)d.Int(1, 20), d.Shape(0, 3, 30), MaybeDtype(d, Draw.Numeric), d.Coin(0.1), Gen(d)),
            c => L(torch.randint(c.L(0), c.Ls(1), Or(c.Dtype(2), ScalarType.Int64), requires_grad: c.B(3, false), generator: c.Gen(4))), Count: 10);
        yield return new("Torch.Randint(long, long, int[], DType?, bool, Generator)", d => Seeded(Seed(d), (long)d.Int(-10, 3), (long)d.Int(-2, 20), d.Shape(0, 3, 30), MaybeDtype(d, Draw.Numeric), d.Coin(0.1), Gen(d)),
            c => L(torch.randint(c.L(0), c.L(1), c.Ls(2), Or(c.Dtype(3), ScalarType.Int64), requires_grad: c.B(4, false), generator: c.Gen(5))), Count: 10);
        yield return new("Torch.RandnLike(Tensor, DType?, bool, Generator)", d => Seeded(Seed(d), [d.Tensor(d.Shape(0, 3, 30), d.Dtype(Draw.All)), MaybeDtype(d, Draw.Floats), d.Coin(0.2), Gen(d)]),
            c => L(RandomLike(c, (t, g) => t.normal_(0, 1, g))), Count: 10, Grad: false);
        yield return new("Torch.RandLike(Tensor, DType?, bool, Generator)", d => Seeded(Seed(d), [d.Tensor(d.Shape(0, 3, 30), d.Dtype(Draw.All)), MaybeDtype(d, Draw.Floats), d.Coin(0.2), Gen(d)]),
            c => L(RandomLike(c, (t, g) => t.uniform_(0, 1, g))), Count: 10, Grad: false);
        // randperm(-1) through TorchScript, which raises the error (TorchSharp's call ends the process).
        yield return new("Torch.Randperm(int, Generator)", d => d.Coin(0.1) ? Seeded(Seed(d), -1) : Seeded(Seed(d), d.Int(0, 30), Gen(d)),
            c => c.L(0) < 0 ? Factory($"randperm({Lit(c.L(0))})") : L(torch.randperm(c.L(0), generator: c.Gen(1))), Count: 10);

        // torch.tensor(data): the element type gives the dtype (as torch.from_numpy), then .to(dtype).
        var elements = new (string Name, Dt Dt)[] { ("float", Dt.Float32), ("double", Dt.Float64), ("long", Dt.Int64), ("int", Dt.Int32), ("bool", Dt.Bool) };
        foreach (var (name, dt) in elements)
        {
            for (int rank = 0; rank <= 4; rank++)
            {
                foreach (var jagged in rank >= 2 ? new[] { false, true } : [false])
                {
                    string type = name + (rank == 0 ? "" : jagged ? string.Concat(Enumerable.Repeat("[]", rank)) : "[" + new string(',', rank - 1) + "]");
                    int r = rank;
                    bool j = jagged;
                    yield return new($"Torch.Tensor({type}, DType?, bool)", d =>
                    {
                        var shape = d.Shape(r, r, 16, zero: r == 1);
                        return C(new DataArg(dt, j, shape, d.Values(dt, Draw.Numel(shape), ValueKind.Finite)), MaybeDtype(d), d.Coin(0.2));
                    }, c =>
                    {
                        var data = (DataArg)c.Arg(0)!;
                        var t = Diff.Tensor(data.Element, data.Shape, data.Values);
                        if (c.Dtype(1) is { } to) t = t.to(to);
                        return L(c.B(2, false) ? t.requires_grad_(true) : t);
                    }, Count: 3, Grad: false);
                }
            }
        }
    }

    // torch.empty's values are whatever memory held: only shape, dtype and the rest are compared.
    private static CaseSpec Values(CaseSpec c, bool compare)
    {
        c.CompareValues = compare;
        return c;
    }

    // torch.{call} through TorchScript; requires_grad as Python's binding applies it, afterwards.
    // TorchScript folds a factory of literals into a constant and returns that one tensor on every
    // call, so each case takes a copy of its own (a leaf, as the factory's result is).
    private static List<Tensor> Factory(string call, bool requiresGrad = false)
    {
        var t = ((Tensor)Script($"def f():\n  return torch.{call}")).clone();
        return L(requiresGrad ? t.requires_grad_(true) : t);
    }

    // randn_like/rand_like as ATen writes them: empty_like (the input's layout; its dtype unless
    // given), then normal_/uniform_ from the generator.
    private static Tensor RandomLike(Call c, Func<Tensor, torch.Generator?, Tensor> fill)
    {
        var t = fill(torch.empty_like(c.T(0), c.Dtype(1)), c.Gen(3));
        return c.B(2, false) ? t.requires_grad_(true) : t;
    }
}
