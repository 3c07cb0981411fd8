using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Infrastructure;
using TensorDsl.CodeFixes;
using Xunit;

namespace TensorDsl.Analyzers.Tests.CodeFixes;

// TD0001: the cat moves to the one dim along which its tensors fit.
public class CatDimCodeFixTests
{
    [Fact]
    public Task TutorialCatGetsDim1() => CodeFixVerifier.VerifyAsync<CatDimCodeFixProvider>(CatDimCodeFixProvider.Key, """
        var x_1 = Torch.Randn(2, 5);
        var x_2 = Torch.Randn(2, 3);
        Torch.Cat([x_1, {|TD0001:x_2|}]);
        """, """
        var x_1 = Torch.Randn(2, 5);
        var x_2 = Torch.Randn(2, 3);
        Torch.Cat([x_1, x_2], 1);
        """);

    [Fact]
    public Task ReplacesAWrittenDim() => CodeFixVerifier.VerifyAsync<CatDimCodeFixProvider>(CatDimCodeFixProvider.Key, """
        var a = Torch.Randn(2, 3, 4);
        var b = Torch.Cat(new[] { a, {|TD0001:Torch.Randn(2, 3, 1)|} }, dim: 0);
        var c = Torch.Cat([a, {|TD0001:Torch.Randn(5, 3, 4)|}], -1);
        """, """
        var a = Torch.Randn(2, 3, 4);
        var b = Torch.Cat(new[] { a, Torch.Randn(2, 3, 1) }, dim: 2);
        var c = Torch.Cat([a, Torch.Randn(5, 3, 4)], 0);
        """);

    [Fact]
    public Task AddsANamedDimAfterNamedArguments() => CodeFixVerifier.VerifyAsync<CatDimCodeFixProvider>(CatDimCodeFixProvider.Key, """
        public static class Join
        {
            public static Tensor Columns([Shape(4, 1)] Tensor a, [Shape(4, 7)] Tensor b) => Torch.Cat(tensors: [a, {|TD0001:b|}]);
        }
        """, """
        public static class Join
        {
            public static Tensor Columns([Shape(4, 1)] Tensor a, [Shape(4, 7)] Tensor b) => Torch.Cat(tensors: [a, b], dim: 1);
        }
        """);

    [Fact]
    public Task NoFixWhenNoDimWorks() => CodeFixVerifier.VerifyNoFixAsync<CatDimCodeFixProvider>("""
        var a = Torch.Randn(2, 3);
        var b = Torch.Cat([a, {|TD0001:Torch.Randn(4, 5)|}]);
        var c = Torch.Cat([a, {|TD0001:Torch.Randn(3)|}]);
        var d = Torch.Stack([a, {|TD0001:Torch.Randn(2, 4)|}]);
        """);

    [Fact]
    public Task FixAllInTheDocument() => CodeFixVerifier.VerifyAsync<CatDimCodeFixProvider>(CatDimCodeFixProvider.Key, """
        var a = Torch.Randn(2, 3);
        var b = Torch.Cat([a, {|TD0001:Torch.Randn(2, 5)|}]);
        var c = Torch.Cat([a, {|TD0001:Torch.Randn(4, 3)|}], 1);
        var d = Torch.Cat([Torch.Cat([a, a], 1), {|TD0001:Torch.Randn(1, 6)|}], dim: 1);
        """, """
        var a = Torch.Randn(2, 3);
        var b = Torch.Cat([a, Torch.Randn(2, 5)], 1);
        var c = Torch.Cat([a, Torch.Randn(4, 3)], 0);
        var d = Torch.Cat([Torch.Cat([a, a], 1), Torch.Randn(1, 6)], dim: 0);
        """);
}
