using System;
using System.Collections.Generic;
using System.Linq;

namespace TorchReference;

/// <summary>
/// The random choices of the differential cases: shapes with size-0 and size-1 dims and 0-dim
/// tensors, dtypes, values with ties and special values, views (transposed, permuted, narrowed,
/// expanded, selected), broadcasting shapes and dims. One System.Random from a fixed seed, so a run
/// draws the same cases.
/// </summary>
internal sealed class Draw(int seed)
{
    private readonly Random _random = new(seed);

    public static readonly Dt[] All = [Dt.Float32, Dt.Float64, Dt.Int64, Dt.Int32, Dt.Bool];
    public static readonly Dt[] Floats = [Dt.Float32, Dt.Float64];
    public static readonly Dt[] Numeric = [Dt.Float32, Dt.Float64, Dt.Int64, Dt.Int32];
    public static readonly Dt[] Integral = [Dt.Int64, Dt.Int32, Dt.Bool];

    public int Int(int min, int maxInclusive) => _random.Next(min, maxInclusive + 1);

    public bool Coin(double p = 0.5) => _random.NextDouble() < p;

    public T Pick<T>(params T[] items) => items[_random.Next(items.Length)];

    public double Uniform() => _random.NextDouble();

    /// <summary>A dtype of <paramref name="allowed"/>, float32 twice as likely as each other.</summary>
    public Dt Dtype(Dt[] allowed) => allowed.Contains(Dt.Float32) && Coin(0.3) ? Dt.Float32 : Pick(allowed);

    /// <summary>A dim size: 0 rarely, 1 often, else 2 to 4.</summary>
    public int Size(bool zero = true) => zero && Coin(0.06) ? 0 : Coin(0.25) ? 1 : Int(2, 4);

    /// <summary>A shape of rank <paramref name="minRank"/> to <paramref name="maxRank"/> with at most <paramref name="maxNumel"/> elements.</summary>
    public long[] Shape(int minRank = 0, int maxRank = 3, int maxNumel = 24, bool zero = true)
    {
        int rank = Int(minRank, maxRank);
        var s = new long[rank];
        for (int i = 0; i < rank; i++) s[i] = Size(zero);
        while (s.Aggregate(1L, (a, b) => a * b) > maxNumel)
        {
            int i = Array.IndexOf(s, s.Max());
            s[i]--;
        }
        return s;
    }

    public static long Numel(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>A dim of a tensor of rank <paramref name="rank"/>, negative half the time (0 for a 0-dim tensor, which accepts 0 and -1).</summary>
    public int Dim(int rank) => rank == 0 ? Pick(0, -1) : Coin() ? Int(0, rank - 1) : Int(-rank, -1);

    /// <summary>Values for a tensor: floats of a few kinds (normal, small integers for ties, special values), small integers, bools.</summary>
    public double[] Values(Dt dtype, long count, ValueKind kind = ValueKind.Any)
    {
        var r = new double[count];
        for (int i = 0; i < count; i++) r[i] = Value(dtype, kind);
        return r;
    }

    public double Value(Dt dtype, ValueKind kind = ValueKind.Any)
    {
        switch (dtype)
        {
            case Dt.Bool: return Coin() ? 1 : 0;
            case Dt.Int64 or Dt.Int32: return kind == ValueKind.Positive ? Int(1, 6) : Int(-5, 6);
        }
        double v;
        double u = Uniform();
        if (kind == ValueKind.Any && u < 0.03) v = Pick(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0);
        else if (u < 0.2) v = Int(-3, 3) * (Coin(0.3) ? 0.5 : 1);
        else v = Normal() * 1.5;
        if (kind == ValueKind.Positive) v = double.IsNaN(v) ? 0.5 : Math.Abs(v) + 0.25;
        if (kind == ValueKind.Finite && !double.IsFinite(v)) v = 1.25;
        return dtype == Dt.Float32 ? (float)v : v;
    }

    private double Normal()
    {
        double u1 = 1.0 - Uniform(), u2 = Uniform();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>
    /// An input of final shape <paramref name="shape"/>: contiguous, or (with probability
    /// <paramref name="viewP"/>) a view of a larger or reordered base.
    /// </summary>
    public InputSpec Tensor(long[] shape, Dt dtype, ValueKind kind = ValueKind.Any, double viewP = 0.35, bool expand = true)
    {
        var views = new List<ViewStep>();
        var baseShape = (long[])shape.Clone();
        if (Coin(viewP))
        {
            int rank = shape.Length;
            var options = new List<string> { "narrow", "select" };
            if (rank >= 2) options.AddRange(["transpose", "transpose"]);
            if (rank >= 3) options.Add("permute");
            if (expand && rank >= 1 && shape.Any(s => s > 1)) options.Add("expand");
            switch (Pick(options.ToArray()))
            {
                case "transpose":
                {
                    int i = Int(0, rank - 1), j = Int(0, rank - 1);
                    if (i == j) j = (i + 1) % rank;
                    (baseShape[i], baseShape[j]) = (baseShape[j], baseShape[i]);
                    views.Add(new("transpose", [i, j]));
                    break;
                }
                case "permute":
                {
                    var dims = Enumerable.Range(0, rank).OrderBy(_ => Uniform()).Select(d => (long)d).ToArray();
                    for (int k = 0; k < rank; k++) baseShape[dims[k]] = shape[k];
                    views.Add(new("permute", dims));
                    break;
                }
                case "narrow" when rank >= 1:
                {
                    int d = Int(0, rank - 1);
                    int extra = Int(1, 2);
                    baseShape[d] += extra;
                    views.Add(new("narrow", [d, Int(0, extra), shape[d]]));
                    break;
                }
                case "expand":
                {
                    var candidates = Enumerable.Range(0, rank).Where(d => shape[d] > 1).ToArray();
                    foreach (var d in candidates)
                        if (Coin()) baseShape[d] = 1;
                    baseShape[Pick(candidates)] = 1;
                    int drop = 0;
                    while (drop < rank && baseShape[drop] == 1 && Coin()) drop++;
                    baseShape = baseShape[drop..];
                    views.Add(new("expand", shape));
                    break;
                }
                default:
                {
                    // select: the base has one more dim (at d), of which one index is taken.
                    int d = Int(0, rank);
                    long n = Int(2, 3);
                    baseShape = [.. shape[..d], n, .. shape[d..]];
                    views.Add(new("select", [d, Int(0, (int)n - 1)]));
                    break;
                }
            }
        }
        return new InputSpec { Dtype = dtype, Shape = baseShape, Values = Values(dtype, Numel(baseShape), kind), View = views };
    }

    /// <summary>Two shapes that broadcast to a drawn shape; rarely, two that do not.</summary>
    public (long[] A, long[] B) BroadcastPair(int maxRank = 3, double mismatchP = 0.06)
    {
        var s = Shape(0, maxRank, 16);
        long[] Operand()
        {
            var r = (long[])s.Clone();
            for (int i = 0; i < r.Length; i++)
                if (Coin(0.3)) r[i] = 1;
            int drop = Coin(0.3) ? Int(0, r.Length) : 0;
            return r[drop..];
        }
        var a = Operand();
        var b = Operand();
        // A trailing dim of 2 against one of 3.
        if (Coin(mismatchP)) return ([.. a, 2], [.. b, 3]);
        return (a, b);
    }

    /// <summary>int64 indices in [0, size), or out of range with probability <paramref name="outP"/>.</summary>
    public double[] Indices(long count, long size, double outP = 0.04, bool negative = false)
    {
        var r = new double[count];
        for (int i = 0; i < count; i++)
        {
            if (Coin(outP)) r[i] = Coin() ? size + Int(0, 2) : -size - Int(1, 2);
            else if (size == 0) r[i] = 0;
            else r[i] = negative && Coin(0.3) ? Int(-(int)size, -1) : Int(0, (int)size - 1);
        }
        return r;
    }
}

internal enum ValueKind
{
    /// <summary>Any float, including NaN, ±inf and -0 now and then.</summary>
    Any,

    /// <summary>Finite floats.</summary>
    Finite,

    /// <summary>Positive values.</summary>
    Positive,
}
