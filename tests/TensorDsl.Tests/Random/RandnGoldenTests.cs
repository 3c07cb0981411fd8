using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using Xunit;
using GoldenFiles = TensorDsl.Tests.Golden.Golden;

namespace TensorDsl.Tests;

/// <summary>
/// Float32 normals of 16 or more elements against libtorch's bits (Golden/Torch/randn.json): whole tensors, and
/// single elements where one multiply-add fused or not inside libtorch's float32 log, sine or cosine decides the
/// last bit. The port gives the same bits on every CPU (see docs/random.md), so the comparison is exact everywhere.
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
        // randn for the standard normal, as the file's code; normal_ otherwise. Both reach the same fill.
        var tensor = mean == 0 && std == 1
            ? Torch.Randn([size], generator: generator)
            : Torch.Empty(size).Normal_(mean, std, generator);
        float[] actual = tensor.ToArray<float>();
        float[] expected = GoldenFiles.Tensor(c.GetProperty("values")).ToArray<float>();
        var indices = c.GetProperty("indices");
        int[] at = indices.ValueKind == JsonValueKind.Null
            ? Enumerable.Range(0, size).ToArray()
            : indices.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(at.Length, expected.Length);

        var failures = new StringBuilder();
        for (int k = 0; k < at.Length; k++)
        {
            float a = actual[at[k]];
            if (BitConverter.SingleToInt32Bits(a) != BitConverter.SingleToInt32Bits(expected[k]))
                failures.Append(CultureInfo.InvariantCulture, $"element {at[k]}: libtorch {expected[k]:R}, got {a:R}; ");
        }
        Assert.True(failures.Length == 0, c.GetProperty("code").GetString() + ": " + failures);
    }
}
