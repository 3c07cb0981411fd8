using System;
using System.IO;
using System.Linq;
using System.Text;
using TensorDsl.NN;
using TensorDsl.Serialization;
using Xunit;

namespace TensorDsl.Tests.Serialization;

/// <summary>The safetensors format: a round trip, the bytes of the format, and clear errors for bad files that change no parameter.</summary>
[Collection(DefaultGeneratorCollection.Name)]
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tensordsl-safetensors").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void ModuleRoundTrips()
    {
        var a = new Lstm(3, 4, numLayers: 2);
        var b = new Lstm(3, 4, numLayers: 2);
        a.Save(PathOf("lstm.safetensors"));
        b.Load(PathOf("lstm.safetensors"));
        foreach (var ((name, pa), (_, pb)) in a.NamedParameters().Zip(b.NamedParameters()))
            Assert.True(pa.ToArray<float>().SequenceEqual(pb.ToArray<float>()), name);
    }

    [Fact]
    public void EveryDTypeRoundTrips()
    {
        var dict = new StateDict
        {
            ["f32"] = Torch.Tensor(new float[,] { { 1.5f, -2 }, { 3, 4 } }),
            ["f64"] = Torch.Tensor(new[] { 0.1, 0.2 }),
            ["i64"] = Torch.Tensor(new long[] { long.MaxValue, -1 }),
            ["i32"] = Torch.Tensor(new[] { 7, 8, 9 }),
            ["bool"] = Torch.Tensor(new[] { true, false }),
            ["scalar"] = Torch.Tensor(2.5f),
        };
        SafeTensors.Save(PathOf("all.safetensors"), dict);
        var loaded = SafeTensors.Load(PathOf("all.safetensors"));
        Assert.Equal(dict.Keys, loaded.Keys);
        foreach (var (name, t) in dict)
        {
            Assert.Equal(t.DType, loaded[name].DType);
            Assert.Equal(t.Shape, loaded[name].Shape);
            Assert.Equal(t.ToArray<double>(), loaded[name].ToArray<double>());
        }
    }

    [Fact]
    public void FileLayoutIsTheFormats()
    {
        SafeTensors.Save(PathOf("one.safetensors"), new StateDict { ["w"] = Torch.Tensor(new[] { 1f, 2f }) });
        var bytes = File.ReadAllBytes(PathOf("one.safetensors"));
        long n = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, n % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n).TrimEnd(' ');
        Assert.Equal("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", header);
        Assert.Equal(8 + n + 8, bytes.Length);
        Assert.Equal(2f, BitConverter.ToSingle(bytes, 8 + (int)n + 4));
    }

    [Fact]
    public void BadFilesGetClearErrorsAndChangeNoParameter()
    {
        var model = new Linear(3, 2);
        var before = model.Weight.ToArray<float>();
        model.Save(PathOf("good.safetensors"));
        var good = File.ReadAllBytes(PathOf("good.safetensors"));

        void Bad(string name, byte[] content, string expected)
        {
            File.WriteAllBytes(PathOf(name), content);
            var e = Assert.ThrowsAny<Exception>(() => model.Load(PathOf(name)));
            Assert.Contains(expected, e.Message);
            Assert.Equal(before, model.Weight.ToArray<float>());
        }

        Bad("short.safetensors", good[..5], "fewer than the 8 of the header length");
        Bad("truncated.safetensors", good[..^4], "ends at byte");
        Bad("header.safetensors", good[..20], "truncated?");
        var offsets = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(good).Replace("[0,24]", "[0,28]"));
        Bad("offsets.safetensors", offsets, "needs 24 bytes, but its offsets [0, 28] give 28");

        // A file whose tensors do not fit the module: wrong shape, wrong dtype.
        SafeTensors.Save(PathOf("shape.safetensors"), new StateDict { ["weight"] = Torch.Zeros(3, 2), ["bias"] = Torch.Zeros(2) });
        var shape = Assert.Throws<InvalidOperationException>(() => model.Load(PathOf("shape.safetensors")));
        Assert.Contains("size mismatch for weight", shape.Message);
        SafeTensors.Save(PathOf("dtype.safetensors"), new StateDict { ["weight"] = Torch.Zeros([2, 3], DType.Float64), ["bias"] = Torch.Zeros(2) });
        var dtype = Assert.Throws<InvalidOperationException>(() => model.Load(PathOf("dtype.safetensors")));
        Assert.Contains("tensor 'weight' has dtype torch.float64, but the module's parameter has torch.float32", dtype.Message);
        Assert.Equal(before, model.Weight.ToArray<float>());
    }
}
