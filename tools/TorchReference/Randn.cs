using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

/// <summary>
/// randn.json: normal draws, libtorch's exact bits; above all float32 normals of 16 or more elements. libtorch computes them with
/// float32 polynomials (log256_ps, sincos256_ps) that GCC compiled with FP contraction, so which multiply-adds
/// are fused decides the last bit. Whole tensors cover the common cases; the elements listed by index are rarer
/// ones where a single unfused multiply-add (in the sine or cosine polynomial, or in the range reduction) would
/// change the value, found by comparing variants of the port against five million libtorch draws. normal_(mean,
/// std) cases cover the final multiply-add on every path, float64 and short tensors too. Written on a
/// CPU with AVX2 and FMA (or AVX-512): without AVX2 libtorch takes its scalar path and other bits.
/// </summary>
internal static class Randn
{
    // (seed, size, indices); null indices: the whole tensor. Listed elements come in pairs: an element and the
    // other one of its Box-Muller pair (8 apart within a block of 16).
    private static readonly (long Seed, long Size, long[]? Indices)[] StandardCases =
    [
        (0, 1000, null),
        (1, 1000, null),
        (4, 1000, [850, 858]),          // sine polynomial
        (11, 1000, [455, 463]),
        (29, 1000, [548, 556]),
        (306, 1000, [881, 889]),        // cosine polynomial
        (353, 1000, [614, 622]),
        (364, 1000, [177, 185]),
        (15, 295056, [295041, 295049]), // range reduction: θ next to 3π/2
        (45, 194720, [194707, 194715]),
        (24, 202480, [202466, 202474]),
    ];

    // normal_(mean, std): the final multiply-add, which libtorch fuses on every path (float32 and float64 blocks of
    // 16, and the double-precision draws of shorter tensors).
    private static readonly (long Seed, long Size, ScalarType DType, double Mean, double Std)[] ScaledCases =
    [
        (1000, 100, ScalarType.Float32, 0.5, 1.7),
        (1001, 100, ScalarType.Float32, -3.0, 0.1),
        (1002, 100, ScalarType.Float32, 1e-3, 7.5),
        (1003, 100, ScalarType.Float64, 0.5, 1.7),
        (1004, 100, ScalarType.Float64, -3.0, 0.1),
        (1005, 100, ScalarType.Float64, 1e-3, 7.5),
        (1006, 15, ScalarType.Float32, -3.0, 0.1),
        (1007, 15, ScalarType.Float64, 0.5, 1.7),
        (1008, 15, ScalarType.Float64, -3.0, 0.1),
        (1009, 15, ScalarType.Float64, 1e-3, 7.5),
    ];

    public static void Write(string dir)
    {
        using var file = new GoldenFile(dir, "randn.json");
        var w = file.W;
        w.WriteString("about", "normal draws, libtorch's exact bits: float32 randn of 16 or more (its AVX2 Box-Muller), and normal_(mean, std) on every path; indices null: the whole tensor, else the listed elements only");
        w.WritePropertyName("cases");
        w.WriteStartArray();
        foreach (var (seed, size, indices) in StandardCases)
        {
            torch.manual_seed(seed);
            using var t = torch.randn(size);
            Case(w, seed, size, 0, 1, $"torch.manual_seed({seed}); torch.randn({size})", t, indices);
        }
        foreach (var (seed, size, dtype, mean, std) in ScaledCases)
        {
            torch.manual_seed(seed);
            using var t = torch.empty(size, dtype: dtype).normal_(mean, std);
            var dt = dtype == ScalarType.Float64 ? ", dtype=torch.float64" : "";
            Case(w, seed, size, mean, std, $"torch.manual_seed({seed}); torch.empty({size}{dt}).normal_({mean:R}, {std:R})", t, null);
        }
        w.WriteEndArray();
    }

    // "indices" null and "values" the whole tensor, or the listed elements' indices and values.
    private static void Case(Utf8JsonWriter w, long seed, long size, double mean, double std, string code, Tensor t, long[]? indices)
    {
        w.WriteStartObject();
        w.WriteString("code", code);
        w.WriteNumber("seed", seed);
        w.WriteNumber("size", size);
        w.WriteDouble("mean", mean);
        w.WriteDouble("std", std);
        w.WritePropertyName("indices");
        if (indices is null) w.WriteNullValue();
        else w.WriteRawValue("[" + string.Join(",", indices) + "]");
        using var picked = indices is null ? t.alias() : t.index_select(0, torch.tensor(indices));
        w.WriteTensor("values", picked);
        w.WriteEndObject();
    }
}
