// Valid TensorDsl code that must produce no shape diagnostic. The tests also run it (ValidCode.RunAll):
// it runs without a shape error, so any diagnostic here would be a false positive.
using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl;

public static partial class ValidCode
{
    public static void RunAll(int seed)
    {
        ReassignedLocals();
        RuntimeSizes(seed + 3);
        Loops();
        Lambdas();
        GenericHelpers();
        RefsOutsAndDeconstruction();
        Arrays();
        DeclaredShapes();
        Broadcasting();
        Views();
        Products();
        Dims();
        Joins();
        Factories();
        Indexing();
    }

    // A flow-insensitive engine must not mix up the shapes a local holds at different times.
    static void ReassignedLocals()
    {
        var x = Torch.Randn(2, 3);
        x = Torch.Randn(4, 5);
        var y = x.MatMul(Torch.Randn(5, 2));
        x = Torch.Randn(6);
        var z = x.View(2, 3) + y.Sum();
        Tensor w;
        if (z.Numel > 3) w = Torch.Ones(2, 2); else w = Torch.Ones(4);
        w = Torch.Ones(3, 3);
        var v = w.MatMul(Torch.Ones(3));
        var s = Torch.Zeros(1);
        s += Torch.Randn(4);                     // [1] + [4] broadcasts to [4]
        var t = s.View(2, 2);
        var u = (t = Torch.Randn(3)).View(3);
    }

    static void RuntimeSizes(int n)
    {
        var a = Torch.Randn(n, 3);
        var b = a.View(3, n);
        var c = Torch.Cat([a, Torch.Randn(n, 3)]);
        var d = a.MatMul(Torch.Randn(3, n)).View(n * n);
        int[] shape = [n, 3];
        var e = Torch.Zeros(shape).Reshape(shape.Reverse().ToArray());
        int dim = n > 100 ? 5 : 1;
        var f = Torch.Randn(2, 2).Sum(dim);
        var g = Torch.Cat([Torch.Randn(2, 3), Torch.Randn(2, 5)], dim);
    }

    static void Loops()
    {
        var w = Torch.Randn(4, 4) * 0.1;
        var h = Torch.Randn(4, 4);
        for (int i = 0; i < 3; i++) h = h.MatMul(w).Tanh();
        var loss = Torch.Zeros(1);
        foreach (var step in Enumerable.Range(0, 3)) loss = loss + h.Sum();
        var grow = Torch.Ones(1);
        for (int i = 0; i < 3; i++) grow = Torch.Cat([grow, grow]);
        var flat = grow.View(8);
        var parts = new List<Tensor>();
        foreach (var row in new[] { Torch.Randn(3), Torch.Randn(3) }) parts.Add(row.View(1, 3));
        var joined = Torch.Cat(parts).MatMul(Torch.Randn(3, 1));
        var x = Torch.Randn(2);
        while (x.Numel < 8) x = Torch.Cat([x, x]);
        var y = x.View(2, 4);
    }

    static void Lambdas()
    {
        Func<Tensor, Tensor> flatten = t => t.View(-1);
        var a = flatten(Torch.Randn(2, 3)).View(6);
        var captured = Torch.Randn(2, 3);
        Action reshape = () => captured = Torch.Randn(4);
        reshape();
        var b = captured.View(2, 2);
        Tensor Twice(Tensor t) => Torch.Cat([t, t]);
        var c = Twice(Torch.Randn(3)).View(2, 3);
        var d = new[] { Torch.Randn(2, 2), Torch.Randn(3, 3) }.Select(m => m.MatMul(m)).ToList();
    }

    static T Identity<T>(T value) => value;

    static Tensor Apply(Func<Tensor, Tensor> f, Tensor t) => f(t);

    static void GenericHelpers()
    {
        var a = Identity(Torch.Randn(2, 3)).View(6);
        var b = Apply(t => t.T(), Torch.Randn(2, 3)).MatMul(Torch.Randn(2, 4));
        var list = new List<Tensor> { Torch.Randn(2, 3) };
        var c = list[0].View(3, 2);
        var d = list.Aggregate((p, q) => p + q).Sum(1);
    }

    static void Make(out Tensor t) => t = Torch.Randn(5);

    static void Replace(ref Tensor t) => t = Torch.Randn(4);

    static void RefsOutsAndDeconstruction()
    {
        Make(out var made);
        var a = made.View(5, 1);
        var r = Torch.Randn(2, 3);
        Replace(ref r);
        var b = r.View(2, 2);
        var (p, q) = (Torch.Randn(2), Torch.Randn(3));
        (p, q) = (q, p);
        var c = p.View(3) + q.View(2, 1);
        var m = Torch.Randn(2, 3).Max(1);
        var (values, indices) = m;
        var d = values.View(2) + m.Values;
        object boxed = Torch.Randn(7);
        if (boxed is Tensor seven) seven.View(7);
    }

    static void Arrays()
    {
        float[][] rows = [[1f, 2f], [3f, 4f]];
        rows[0] = [5f];
        rows[1] = [6f];
        var a = Torch.Tensor(rows).View(2);        // rows replaced: [2, 1]
        float[,] grid = { { 1, 2, 3 }, { 4, 5, 6 } };
        grid[0, 0] = 7;
        var b = Torch.Tensor(grid).MatMul(Torch.Ones(3));
        float[] v = [1f, 2f, 3f];
        v = [1f, 2f];
        var c = Torch.Tensor(v).View(2);
        double[][][] cube = [[[1.0], [2.0]], [[3.0], [4.0]]];
        var d = Torch.Tensor(cube).View(4);
        var e = Torch.Tensor(new long[] { 1, 2, 3 }) + Torch.Tensor(new[] { true, false, true });
    }

    [Shape(3, 4)] static readonly Tensor Weight = Torch.Randn(3, 4);

    [Shape(4)] static Tensor Bias { get; } = Torch.Zeros(4);

    static readonly Tensor Unannotated = Torch.Randn(5, 5);

    [return: Shape(2, 3)]
    static Tensor Input() => Torch.Randn(2, 3);

    static Tensor Layer([Shape(2, 3)] Tensor x, [Shape(3, 4)] Tensor w, [Shape(4)] Tensor b) => (x.MatMul(w) + b).Relu();

    static Tensor Reassigned([Shape(2, 3)] Tensor x)
    {
        x = x.View(3, 2);                        // no longer [2, 3]
        return x.MatMul(Torch.Randn(2, 1));
    }

    static void DeclaredShapes()
    {
        var y = Layer(Input(), Weight, Bias);
        var z = Layer(Torch.Randn(2, 3), Torch.Randn(3, 4), Torch.Randn(4)).View(8);
        var u = Unannotated.View(25);
        var r = Reassigned(Torch.Randn(2, 3)).View(3);
        var any = Layer(Unannotated.TopLeft(), Weight, Bias);
    }

    // The top-left 2x3 block of a matrix of unknown shape.
    static Tensor TopLeft(this Tensor t) => t[0..2].Transpose(0, 1)[0..3].Transpose(0, 1);

    static void Broadcasting()
    {
        var a = Torch.Randn(2, 3) + Torch.Randn(3);
        var b = Torch.Randn(4, 1) * Torch.Randn(1, 5);
        var c = 1.0 - a / 2.0 + 3L;
        var d = -b * Torch.Tensor(2f);
        var e = Torch.Randn(2, 1, 4) - Torch.Randn(3, 1);
        var f = Torch.Randn(0, 3) + Torch.Randn(1, 3);
        var g = Torch.Randn(5).Exp().Log().Abs().Sqrt().Sigmoid().Neg().Pow(2) + Torch.Randn(5);
    }

    static void Views()
    {
        var x = Torch.Randn(2, 3, 4);
        var a = x.View(2, 12).View(2, -1).View(-1);
        var b = x.Reshape(4, 3, 2).Contiguous().Clone().Detach();
        var c = Torch.Zeros(0, 3).View(-1, 3);
        var d = Torch.Tensor(5f).View(1, 1).Reshape();
        var e = x.Transpose(0, 1).Reshape(3, 8);
        var f = x.Flatten().View(24) + x.Flatten(1).Sum(0).Sum(0);
    }

    static void Products()
    {
        var a = Torch.Randn(2, 3).MatMul(Torch.Randn(3, 4));
        var b = Torch.Randn(3).MatMul(Torch.Randn(3, 4));
        var c = Torch.Randn(5, 2, 3).MatMul(Torch.Randn(3, 4));
        var d = Torch.Randn(5, 2, 3).MatMul(Torch.Randn(1, 3, 4));
        var e = Torch.Randn(3).MatMul(Torch.Randn(3));
        var f = a.MatMul(Torch.Randn(4)).View(2);
        var g = Torch.Randn(2, 3).T().MatMul(Torch.Randn(2, 1));
    }

    static void Dims()
    {
        var x = Torch.Randn(2, 3, 4);
        var a = x.Sum(-1).Sum(0);
        var b = x.Max(1).Values.Softmax(1).LogSoftmax(-1);
        var c = x.Transpose(-1, 0).Permute(2, 0, 1).Flatten(1);
        var d = x.Unsqueeze(3).Squeeze(-1).Squeeze();
        var e = Torch.Tensor(3f).Sum(0);
        var f = x.Mean(2, keepDim: true).View(2, 3);
        var g = x.Max(dim: 2, keepDim: true).Indices.View(6);
        var h = x.Max().View(1) + x.Sum() + x.Mean();
    }

    static void Joins()
    {
        var a = Torch.Randn(2, 3);
        var rows = Torch.Cat([a, Torch.Randn(4, 3)]);
        var cols = Torch.Cat([a, Torch.Randn(2, 5)], 1);
        var back = Torch.Cat(new[] { a, Torch.Randn(2, 1) }, dim: -1);
        var skipped = Torch.Cat([Torch.Zeros(0), a]);
        var stacked = Torch.Stack([a, a, a], 2).View(2, 9);
        var deep = Torch.Stack([a, a], -3);
    }

    static void Factories()
    {
        var a = Torch.Arange(6).View(2, 3);
        var b = Torch.Arange(0.0, 1.0, 0.25).View(2, 2);
        var c = Torch.Arange(1, 10, 3).View(3);
        var d = Torch.Full([2, 2], 1.5).MatMul(Torch.Ones(2, 1));
        var e = Torch.ZerosLike(a) + Torch.OnesLike(a) + Torch.RandnLike(a.To(DType.Float32)) + Torch.RandLike(a.To(DType.Float32));
        var f = Torch.Zeros([3, 2], requiresGrad: true).T().MatMul(Torch.Randn([3], dtype: DType.Float32));
        var g = Torch.Randint(10, [4]).View(2, 2);
        var h = Torch.Randn(2, 2).RequiresGrad_().View(4);
    }

    static void Indexing()
    {
        var m = Torch.Randn(3, 4);
        var a = m[0].View(2, 2);
        var b = m[^1].MatMul(Torch.Randn(4));
        var c = m[1, 2].View(1);
        var d = m[1..3].View(8);
        var t = Torch.Randn(2, 3, 4);
        var e = t[0][1].View(4);
    }
}
