using System;
using System.Globalization;
using System.Threading;

namespace TensorDsl;

/// <summary>
/// A pseudo-random number generator that reproduces PyTorch's CPU generator (<c>torch.Generator()</c>)
/// draw for draw: after the same seed, the same calls give the numbers PyTorch gives.
/// </summary>
/// <remarks>
/// The engine is the 32-bit Mersenne Twister MT19937. The generator also caches the second sample of the
/// double-precision Box-Muller pair; seeding clears it. Every draw takes the instance's lock, as PyTorch's
/// generator holds a mutex; a fill takes it once for the whole fill. Draws allocate nothing.
/// </remarks>
public sealed class Generator
{
    // PyTorch's default_rng_seed_val.
    private const long DefaultSeed = 67280421310721;

    // MT19937 parameters.
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908B0DFu;
    private const uint UpperMask = 0x80000000u;
    private const uint LowerMask = 0x7FFFFFFFu;

    // uniform_real: keep as many low bits as the type has mantissa digits, scale by 2^-digits.
    private const uint FloatMask = (1u << 24) - 1;
    private const float FloatScale = 1.0f / (1 << 24);
    private const ulong DoubleMask = (1UL << 53) - 1;
    private const double DoubleScale = 1.0 / (1UL << 53);

    // System.Threading.Lock: entering it allocates nothing, unlike a contended Monitor on an object.
    private readonly Lock _lock = new();
    private readonly uint[] _state = new uint[N];
    private int _next;
    private long _initialSeed;
    private bool _hasNextNormal;
    private double _nextNormal;

    /// <summary>Creates a generator seeded like <c>torch.Generator().manual_seed(seed)</c>.</summary>
    /// <param name="seed">The seed; PyTorch's default seed when omitted.</param>
    public Generator(long seed = DefaultSeed) => Seed(seed);

    /// <summary>The process-wide generator that random factories use when none is given, like torch's default CPU generator.</summary>
    public static Generator Default { get; } = new();

    /// <summary>The seed the generator was last seeded with (<c>torch.Generator.initial_seed()</c>).</summary>
    public long InitialSeed
    {
        get
        {
            lock (_lock)
            {
                return _initialSeed;
            }
        }
    }

    /// <summary>Reseeds the generator and clears its cached normal sample (<c>torch.Generator.manual_seed</c>).</summary>
    /// <param name="seed">The new seed; only its low 32 bits reach the engine, as in PyTorch.</param>
    /// <returns>This generator.</returns>
    public Generator ManualSeed(long seed)
    {
        lock (_lock)
        {
            Seed(seed);
        }
        return this;
    }

    /// <summary>One tempered 32-bit MT19937 output (PyTorch's <c>random()</c>).</summary>
    internal uint NextUInt32()
    {
        lock (_lock)
        {
            return Raw32();
        }
    }

    /// <summary>Two outputs, the first as the high half (PyTorch's <c>random64()</c>).</summary>
    internal ulong NextUInt64()
    {
        lock (_lock)
        {
            return Raw64();
        }
    }

    /// <summary>A float in [0, 1) from the low 24 bits of one output.</summary>
    internal float NextFloat()
    {
        lock (_lock)
        {
            return RawFloat();
        }
    }

    /// <summary>A double in [0, 1) from the low 53 bits of one 64-bit draw.</summary>
    internal double NextDouble()
    {
        lock (_lock)
        {
            return RawDouble();
        }
    }

    /// <summary>A standard normal double (PyTorch's <c>normal_distribution&lt;double&gt;</c>, with its cached pair).</summary>
    internal double NextNormal()
    {
        lock (_lock)
        {
            return RawNormal();
        }
    }

    /// <summary>Fills <paramref name="dst"/> like <c>normal_(mean, std)</c> on a contiguous float32 tensor.</summary>
    internal void FillNormal(Span<float> dst, double mean = 0, double std = 1)
    {
        lock (_lock)
        {
            if (dst.Length >= 16)
            {
                // 16 or more: uniforms for every element, then Box-Muller in blocks of 16, in float32 with
                // libtorch's vectorised log, sine and cosine.
                float m = (float)mean;
                float s = (float)std;
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = RawFloat();
                }
                for (int i = 0; i + 16 <= dst.Length; i += 16)
                {
                    BoxMuller.Fill16(dst.Slice(i, 16), m, s);
                }
                if (dst.Length % 16 != 0)
                {
                    // PyTorch redraws the last 16 slots, overwriting values already transformed.
                    Span<float> tail = dst[^16..];
                    for (int j = 0; j < 16; j++)
                    {
                        tail[j] = RawFloat();
                    }
                    BoxMuller.Fill16(tail, m, s);
                }
            }
            else
            {
                // Fewer than 16: one double-precision normal per element, cast.
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = (float)Math.FusedMultiplyAdd(RawNormal(), std, mean);
                }
            }
        }
    }

    /// <summary>Fills <paramref name="dst"/> like <c>normal_(mean, std)</c> on a contiguous float64 tensor.</summary>
    internal void FillNormal(Span<double> dst, double mean = 0, double std = 1)
    {
        lock (_lock)
        {
            if (dst.Length >= 16)
            {
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = RawDouble();
                }
                for (int i = 0; i + 16 <= dst.Length; i += 16)
                {
                    NormalFill16(dst.Slice(i, 16), mean, std);
                }
                if (dst.Length % 16 != 0)
                {
                    Span<double> tail = dst[^16..];
                    for (int j = 0; j < 16; j++)
                    {
                        tail[j] = RawDouble();
                    }
                    NormalFill16(tail, mean, std);
                }
            }
            else
            {
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = Math.FusedMultiplyAdd(RawNormal(), std, mean);
                }
            }
        }
    }

    /// <summary>Fills <paramref name="dst"/> like <c>uniform_(from, to)</c> on a float32 tensor.</summary>
    internal void FillUniform(Span<float> dst, double from = 0, double to = 1)
    {
        // PyTorch casts the bounds to the tensor's type first and does the arithmetic in it.
        float f = (float)from;
        float width = (float)to - f;
        lock (_lock)
        {
            for (int i = 0; i < dst.Length; i++)
            {
                // libtorch's serial kernel is compiled with FMA contraction: one rounding, not two.
                dst[i] = MathF.FusedMultiplyAdd(RawFloat(), width, f);
            }
        }
    }

    /// <summary>Fills <paramref name="dst"/> like <c>uniform_(from, to)</c> on a float64 tensor.</summary>
    internal void FillUniform(Span<double> dst, double from = 0, double to = 1)
    {
        double width = to - from;
        lock (_lock)
        {
            for (int i = 0; i < dst.Length; i++)
            {
                dst[i] = Math.FusedMultiplyAdd(RawDouble(), width, from);
            }
        }
    }

    /// <summary>Fills <paramref name="dst"/> like <c>random_(low, high)</c> (<c>randint</c>) on an int64 tensor.</summary>
    /// <exception cref="ArgumentException"><paramref name="low"/> is not less than <paramref name="high"/>.</exception>
    internal void FillRandint(Span<long> dst, long low, long high)
    {
        if (low >= high)
        {
            // PyTorch's check_from_to message; checked before any draw, so a failed call consumes nothing.
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"));
        }

        // Unsigned wrap-around, as in PyTorch, so ranges wider than long.MaxValue work.
        ulong range = unchecked((ulong)high - (ulong)low);
        ulong b = unchecked((ulong)low);
        lock (_lock)
        {
            if (range >= 1UL << 32)
            {
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = unchecked((long)(Raw64() % range + b));
                }
            }
            else
            {
                // Ranges below 2^32 use one 32-bit output per element.
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = unchecked((long)(Raw32() % range + b));
                }
            }
        }
    }

    /// <summary>
    /// <c>log1p</c> as glibc computes it on x86-64 with FMA (the fdlibm algorithm with the multiply-adds its
    /// FMA build fuses), so the double normal's radius matches PyTorch on that platform bit for bit.
    /// </summary>
    /// <remarks>
    /// <c>Math.Log(1 - u)</c> would be exact in its argument but rounds differently from glibc's
    /// <c>log1p</c> in about 7% of draws; <see cref="Math.FusedMultiplyAdd"/> keeps the result the same on
    /// every machine.
    /// </remarks>
    internal static double Log1p(double x)
    {
        const double Ln2Hi = 6.93147180369123816490e-01; // 0x3FE62E42_FEE00000
        const double Ln2Lo = 1.90821492927058770002e-10; // 0x3DEA39EF_35793C76
        const double Lp1 = 6.666666666666735130e-01;
        const double Lp2 = 3.999999999940941908e-01;
        const double Lp3 = 2.857142874366239149e-01;
        const double Lp4 = 2.222219843214978396e-01;
        const double Lp5 = 1.818357216161805012e-01;
        const double Lp6 = 1.531383769920937332e-01;
        const double Lp7 = 1.479819860511658591e-01;

        int hx = HighWord(x);
        int ax = hx & 0x7FFFFFFF;
        int k = 1;
        int hu = 0;
        double f = 0;
        double c = 0;

        if (hx < 0x3FDA827A)
        {
            // x < 0.41422
            if (ax >= 0x3FF00000)
            {
                return x == -1.0 ? double.NegativeInfinity : double.NaN;
            }
            if (ax < 0x3E200000)
            {
                // |x| < 2^-29
                return ax < 0x3C900000 ? x : Math.FusedMultiplyAdd(-(x * x), 0.5, x);
            }
            if (hx > 0 || hx <= unchecked((int)0xBFD2BEC3))
            {
                // -0.2929 < x < 0.41422: f = x exactly.
                k = 0;
                f = x;
                hu = 1;
            }
        }
        else if (hx >= 0x7FF00000)
        {
            return x + x;
        }

        if (k != 0)
        {
            double u;
            if (hx < 0x43400000)
            {
                u = 1.0 + x;
                hu = HighWord(u);
                k = (hu >> 20) - 1023;
                // Correction term for the rounding of 1 + x.
                c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0);
                c /= u;
            }
            else
            {
                u = x;
                hu = HighWord(u);
                k = (hu >> 20) - 1023;
                c = 0;
            }
            hu &= 0x000FFFFF;
            if (hu < 0x6A09E)
            {
                u = WithHighWord(u, hu | 0x3FF00000);
            }
            else
            {
                k += 1;
                u = WithHighWord(u, hu | 0x3FE00000);
                hu = (0x00100000 - hu) >> 2;
            }
            f = u - 1.0;
        }

        double hfsq = 0.5 * f * f;
        double dk = k;
        if (hu == 0)
        {
            // |f| < 2^-20
            if (f == 0)
            {
                return k == 0 ? 0.0 : Math.FusedMultiplyAdd(dk, Ln2Hi, Math.FusedMultiplyAdd(dk, Ln2Lo, c));
            }
            double r0 = hfsq * Math.FusedMultiplyAdd(-f, 0.66666666666666666, 1.0);
            return k == 0
                ? f - r0
                : Math.FusedMultiplyAdd(dk, Ln2Hi, -((r0 - Math.FusedMultiplyAdd(dk, Ln2Lo, c)) - f));
        }

        double s = f / (2.0 + f);
        double z = s * s;
        double z2 = z * z;
        double z4 = z2 * z2;
        double z6 = z2 * z4;
        double r2 = Math.FusedMultiplyAdd(z, Lp3, Lp2);
        double r3 = Math.FusedMultiplyAdd(z, Lp5, Lp4);
        double r4 = Math.FusedMultiplyAdd(z, Lp7, Lp6);
        double r = Math.FusedMultiplyAdd(z6, r4, Math.FusedMultiplyAdd(z4, r3, Math.FusedMultiplyAdd(z, Lp1, z2 * r2)));
        double t = (hfsq + r) * s;
        return k == 0
            ? f - (hfsq - t)
            : Math.FusedMultiplyAdd(dk, Ln2Hi, -((hfsq - (t + Math.FusedMultiplyAdd(dk, Ln2Lo, c))) - f));
    }

    private static int HighWord(double x) => (int)(BitConverter.DoubleToInt64Bits(x) >> 32);

    private static double WithHighWord(double x, int high) =>
        BitConverter.Int64BitsToDouble(((long)high << 32) | (BitConverter.DoubleToInt64Bits(x) & 0xFFFFFFFFL));

    // Classic init_genrand; the twist happens lazily on the first draw. Caller holds the lock (or is the constructor).
    private void Seed(long seed)
    {
        _initialSeed = seed;
        uint[] mt = _state;
        mt[0] = unchecked((uint)seed);
        for (int i = 1; i < N; i++)
        {
            uint prev = mt[i - 1];
            mt[i] = unchecked(1812433253u * (prev ^ (prev >> 30)) + (uint)i);
        }
        _next = N;
        _hasNextNormal = false;
        _nextNormal = 0;
    }

    // Regenerates all 624 words in place, in the reference order (later words read already-updated ones).
    private void Twist()
    {
        uint[] mt = _state;
        int i = 0;
        uint y;
        for (; i < N - M; i++)
        {
            y = (mt[i] & UpperMask) | (mt[i + 1] & LowerMask);
            mt[i] = mt[i + M] ^ (y >> 1) ^ ((y & 1u) != 0 ? MatrixA : 0u);
        }
        for (; i < N - 1; i++)
        {
            y = (mt[i] & UpperMask) | (mt[i + 1] & LowerMask);
            mt[i] = mt[i + M - N] ^ (y >> 1) ^ ((y & 1u) != 0 ? MatrixA : 0u);
        }
        y = (mt[N - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[N - 1] = mt[M - 1] ^ (y >> 1) ^ ((y & 1u) != 0 ? MatrixA : 0u);
        _next = 0;
    }

    // The Raw* helpers assume the caller holds the lock, so fills pay for it once.
    private uint Raw32()
    {
        if (_next >= N)
        {
            Twist();
        }
        uint y = _state[_next++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    private ulong Raw64()
    {
        // Evaluation order matters: the first output is the high half.
        ulong hi = Raw32();
        ulong lo = Raw32();
        return (hi << 32) | lo;
    }

    private float RawFloat() => (Raw32() & FloatMask) * FloatScale;

    private double RawDouble() => (Raw64() & DoubleMask) * DoubleScale;

    private double RawNormal()
    {
        if (_hasNextNormal)
        {
            _hasNextNormal = false;
            return _nextNormal;
        }
        double u1 = RawDouble();
        double u2 = RawDouble();
        // log1p(-u2): u2 is in [0, 1), so the log's argument is in (0, 1].
        double r = Math.Sqrt(-2.0 * Log1p(-u2));
        double theta = 2.0 * Math.PI * u1;
        _nextNormal = r * Math.Sin(theta);
        _hasNextNormal = true;
        return r * Math.Cos(theta);
    }

    // Box-Muller on one float64 block: d[j] (in [0, 1)) and d[j + 8] become a normal pair, with libm's functions.
    // libtorch's `* std + mean` is compiled with FMA contraction, here and in the short path: one rounding.
    private static void NormalFill16(Span<double> d, double mean, double std)
    {
        for (int j = 0; j < 8; j++)
        {
            double u1 = 1.0 - d[j];
            double u2 = d[j + 8];
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            double theta = 2.0 * Math.PI * u2;
            d[j] = Math.FusedMultiplyAdd(radius * Math.Cos(theta), std, mean);
            d[j + 8] = Math.FusedMultiplyAdd(radius * Math.Sin(theta), std, mean);
        }
    }
}
