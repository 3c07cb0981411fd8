using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Infrastructure;
using TensorDsl.CodeFixes;
using Xunit;

namespace TensorDsl.Analyzers.Tests.CodeFixes;

// TD0202: a tensor's method group that becomes a delegate by inference; the fix calls the method.
public class TensorMethodGroupTests
{
    [Fact]
    public void WarnsWhereInferenceMakesADelegate() => AnalyzerVerifier.Verify<TensorMethodGroupAnalyzer>("""
        var x = Torch.Randn(2, 3);
        var t = {|TD0202:x.T|};
        object o = {|TD0202:x.Exp|};
        Torch.Print({|TD0202:x.Tanh|});
        var u = {|TD0202:x.Transpose|};   // reported; no fix, it needs arguments
        """,
        "'x.T' is a method group, not a tensor; call it: 'x.T()'",
        "'x.Exp' is a method group, not a tensor; call it: 'x.Exp()'",
        "'x.Tanh' is a method group, not a tensor; call it: 'x.Tanh()'",
        "'x.Transpose' is a method group, not a tensor; call it: 'x.Transpose()'");

    [Fact]
    public void NamedDelegateTypesAndCallsAreLeftAlone() => AnalyzerVerifier.Verify<TensorMethodGroupAnalyzer>("""
        var x = Torch.Randn(2, 3);
        System.Func<Tensor> f = x.Exp;
        System.Func<int, int, Tensor> g = x.Transpose;
        var t = x.T();
        var s = new System.Func<Tensor>(x.Tanh);
        System.Func<string> h = 3.ToString;
        """);

    [Fact]
    public Task FixCallsTheMethod() => CodeFixVerifier.VerifyAsync<TensorMethodGroupAnalyzer, TensorMethodGroupCodeFixProvider>(TensorMethodGroupCodeFixProvider.Key, """
        var x = Torch.Randn(2, 3);
        var t = {|TD0202:x.T|};
        Torch.Print({|TD0202:(x + 1).Exp|});
        """, """
        var x = Torch.Randn(2, 3);
        var t = x.T();
        Torch.Print((x + 1).Exp());
        """);
}
