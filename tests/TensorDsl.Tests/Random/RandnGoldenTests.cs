using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using Xunit;
using GoldenFiles = TensorDsl.Tests.Golden.Golden;

namespace TensorDsl.Tests;

/// <summary>
/// Normal draws against libtorch's bits (Golden/Torch/randn.json): float32 tensors of 16 or more elements whole,
/// single elements where one multiply-add fused or not inside libtorch's float32 log, sine or cosine decides the
/// last bit, and normal_(mean, std) on every path. The port gives the same bits on every CPU (docs/random.md), so
/// the comparison is exact everywhere.
/// </summary>
public sealed class RandnGoldenTests
{
    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < GoldenFiles.Cases("randn.json").Length; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void MatchesLibtorchBitForBit(int index)
    {
        var c = GoldenFiles.Cases("randn.json")[index];
        var generator = new Generator(c.GetProperty("seed").GetInt64());
        int size = c.GetProperty("size").GetInt32();
        double mean = c.GetProperty("mean").GetDouble();
        double std = c.GetProperty("std").GetDouble();
        var values = c.GetProperty("values");
        var dtype = values.GetProperty("dtype").GetString() == "float64" ? DType.Float64 : DType.Float32;
        // randn for the standard normal, as the file's code; normal_ otherwise. Both reach the same fill.
        var tensor = mean == 0 && std == 1
            ? Torch.Randn([size], dtype, generator: generator)
            : Torch.Empty([size], dtype).Normal_(mean, std, generator);
        // Doubles hold floats exactly, so one comparison of bits serves both types.
        double[] actual = tensor.ToArray<double>();
        double[] expected = GoldenFiles.Tensor(values).ToArray<double>();
        var indices = c.GetProperty("indices");
        int[] at = indices.ValueKind == JsonValueKind.Null
            ? Enumerable.Range(0, size).ToArray()
            : indices.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(at.Length, expected.Length);

        var failures = new StringBuilder();
        for (int k = 0; k < at.Length; k++)
        {
            double a = actual[at[k]];
            if (BitConverter.DoubleToInt64Bits(a) != BitConverter.DoubleToInt64Bits(expected[k]))
                failures.Append(CultureInfo.InvariantCulture, $"element {at[k]}: libtorch {expected[k]:R}, got {a:R}; ");
        }
        Assert.True(failures.Length == 0, c.GetProperty("code").GetString() + ": " + failures);
    }
}
