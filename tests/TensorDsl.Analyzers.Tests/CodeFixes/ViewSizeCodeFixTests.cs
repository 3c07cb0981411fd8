using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Infrastructure;
using TensorDsl.CodeFixes;
using Xunit;

namespace TensorDsl.Analyzers.Tests.CodeFixes;

// TD0002: the offending size becomes the size that works, or -1; a view the strides forbid becomes Reshape.
public class ViewSizeCodeFixTests
{
    [Fact]
    public Task UsesTheSizeThatWorks() => CodeFixVerifier.VerifyAsync<ViewSizeCodeFixProvider>(ViewSizeCodeFixProvider.UseSizeKey, """
        var x = Torch.Randn(2, 3, 4);
        var y = x.View(2, {|TD0002:13|});
        """, """
        var x = Torch.Randn(2, 3, 4);
        var y = x.View(2, 12);
        """);

    [Fact]
    public Task UsesMinusOne() => CodeFixVerifier.VerifyAsync<ViewSizeCodeFixProvider>(ViewSizeCodeFixProvider.InferKey, """
        var x = Torch.Randn(2, 3, 4);
        var y = x.View(2, {|TD0002:13|});
        """, """
        var x = Torch.Randn(2, 3, 4);
        var y = x.View(2, -1);
        """);

    [Fact]
    public Task RepairsAnEarlierSizeWhenOnlyItCanBeRepaired() => CodeFixVerifier.VerifyAsync<ViewSizeCodeFixProvider>(ViewSizeCodeFixProvider.UseSizeKey, """
        var x = Torch.Arange(24).Reshape({|TD0002:5|}, 4);
        """, """
        var x = Torch.Arange(24).Reshape(6, 4);
        """);

    [Fact]
    public Task CollectionExpressionInsideAMethod() => CodeFixVerifier.VerifyAsync<ViewSizeCodeFixProvider>(ViewSizeCodeFixProvider.UseSizeKey, """
        public static class Shapes
        {
            public static Tensor Flat([Shape(3, 9)] Tensor x) => x.Reshape([3, /* cols */ {|TD0002:10|}]);
        }
        """, """
        public static class Shapes
        {
            public static Tensor Flat([Shape(3, 9)] Tensor x) => x.Reshape([3, /* cols */ 9]);
        }
        """);

    [Fact]
    public Task ViewOfATransposeBecomesReshape() => CodeFixVerifier.VerifyAsync<ViewSizeCodeFixProvider>(ViewSizeCodeFixProvider.UseReshapeKey, """
        var x = Torch.Randn(2, 3);
        var y = {|TD0002:x.T().View(6)|};
        var z = {|TD0002:x.T()[1..].View(-1)|};
        """, """
        var x = Torch.Randn(2, 3);
        var y = x.T().Reshape(6);
        var z = x.T()[1..].Reshape(-1);
        """);

    [Fact]
    public Task NoFixWhenNoSingleSizeRepairsIt() => CodeFixVerifier.VerifyNoFixAsync<ViewSizeCodeFixProvider>("""
        var x = Torch.Randn(2, 3, 4);
        var a = x.View(5, {|TD0002:-1|});
        var b = x.View(-1, {|TD0002:-1|});
        var c = Torch.Zeros(0, 3).View(0, {|TD0002:-1|});
        var d = x.View(5, {|TD0002:7|});
        """);

    [Fact]
    public Task FixAllInTheDocument() => CodeFixVerifier.VerifyAsync<ViewSizeCodeFixProvider>(ViewSizeCodeFixProvider.UseSizeKey, """
        var x = Torch.Randn(2, 3, 4);
        var a = x.View(2, {|TD0002:13|});
        var b = x.Reshape({|TD0002:7|}, 4);
        var c = x.View(x.Numel, 1) + Torch.Randn(6).View({|TD0002:4|});
        """, """
        var x = Torch.Randn(2, 3, 4);
        var a = x.View(2, 12);
        var b = x.Reshape(6, 4);
        var c = x.View(x.Numel, 1) + Torch.Randn(6).View(6);
        """);

    [Fact]
    public Task FixAllWithMinusOne() => CodeFixVerifier.VerifyAsync<ViewSizeCodeFixProvider>(ViewSizeCodeFixProvider.InferKey, """
        var x = Torch.Randn(2, 3, 4);
        var a = x.View(2, {|TD0002:13|});
        var b = x.Reshape({|TD0002:7|}, 4);
        """, """
        var x = Torch.Randn(2, 3, 4);
        var a = x.View(2, -1);
        var b = x.Reshape(-1, 4);
        """);
}
