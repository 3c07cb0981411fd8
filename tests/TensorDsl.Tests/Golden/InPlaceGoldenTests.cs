using Xunit;

namespace TensorDsl.Tests.Golden;

/// <summary>In-place ops: the version counter and PyTorch's two errors, against libtorch's texts (Golden/Torch/inplace.json).</summary>
[Collection(DefaultGeneratorCollection.Name)]
public class InPlaceGoldenTests
{
    private static string Expected(string name) => Golden.Case("inplace.json", name).GetProperty("error").GetString()!;

    [Fact]
    public void LeafThatRequiresGradCannotBeModified()
    {
        var a = Torch.Randn([3], requiresGrad: true);
        var e = Assert.Throws<System.InvalidOperationException>(() => a.Add_(1));
        Assert.Equal(Expected("leaf-inplace"), e.Message);
    }

    [Fact]
    public void SavedOutputModifiedFailsAtBackward()
    {
        var a = Torch.Randn([3], requiresGrad: true);
        var b = a.Sigmoid();
        b.Add_(1);
        var e = Assert.Throws<System.InvalidOperationException>(() => b.Sum().Backward());
        Assert.Equal(Expected("saved-output-modified"), e.Message);
    }

    [Fact]
    public void SavedInputModifiedFailsAtBackward()
    {
        var a = Torch.Randn([3], requiresGrad: true);
        var c = a * 2;
        var d = c * c;
        c.Mul_(3);
        var e = Assert.Throws<System.InvalidOperationException>(() => d.Sum().Backward());
        Assert.Equal(Expected("saved-input-modified"), e.Message);
    }

    [Fact]
    public void SavedLeafModifiedUnderNoGradFailsAtBackward()
    {
        var a = Torch.Randn([2, 2], requiresGrad: true);
        var b = a * a;
        using (Torch.NoGrad()) a.Add_(1);
        var e = Assert.Throws<System.InvalidOperationException>(() => b.Sum().Backward());
        Assert.Equal(Expected("saved-leaf-modified-under-no_grad"), e.Message);
    }

    [Fact]
    public void VersionCounterIsSharedByViews()
    {
        var versions = Golden.Case("inplace.json", "version-counter").GetProperty("versions");
        int Version(string key) => versions.GetProperty(key).GetInt32();
        var x = Torch.Zeros(3);
        Assert.Equal(Version("x = torch.zeros(3): x"), x.Version);
        x.Add_(1);
        Assert.Equal(Version("x.add_(1): x"), x.Version);
        x[0] = 5.0;
        Assert.Equal(Version("x[0] = 5: x"), x.Version);
        var v = x[1..];
        Assert.Equal(Version("v = x[1:]: x"), x.Version);
        Assert.Equal(Version("v = x[1:]: v"), v.Version);
        v.Mul_(2);
        Assert.Equal(Version("v.mul_(2): x"), x.Version);
        Assert.Equal(Version("v.mul_(2): v"), v.Version);
    }
}
