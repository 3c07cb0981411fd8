using System.Threading.Tasks;
using TensorDsl.Analyzers.Tests.Infrastructure;
using TensorDsl.CodeFixes;
using Xunit;

namespace TensorDsl.Analyzers.Tests.CodeFixes;

// TD0201: == and != between tensors are reference comparisons; the fix compares elements.
public class TensorEqualityTests
{
    [Fact]
    public void WarnsOnEqualityOfTwoTensors() => AnalyzerVerifier.Verify<TensorEqualityAnalyzer>("""
        var x = Torch.Tensor([1f, 2f, 3f]);
        var y = Torch.Tensor([1f, 5f, 3f]);
        bool same = {|TD0201:x == y|};
        bool other = {|TD0201:x != y|};
        """,
        "'==' between tensors compares references, not elements; use a.Eq(b) for the element-wise comparison",
        "'!=' between tensors compares references, not elements; use a.Ne(b) for the element-wise comparison");

    [Fact]
    public void NullChecksAndOtherTypesAreLeftAlone() => AnalyzerVerifier.Verify<TensorEqualityAnalyzer>("""
        var x = Torch.Tensor([1f, 2f, 3f]);
        Tensor? g = x.Grad;
        bool a = g == null;
        bool b = null != g;
        bool c = ReferenceEquals(x, g);
        object o = x;
        bool d = o == (object)x;
        var e = x < 2.0;
        """);

    [Fact]
    public Task FixWritesEqAndNe() => CodeFixVerifier.VerifyAsync<TensorEqualityAnalyzer, TensorEqualityCodeFixProvider>(TensorEqualityCodeFixProvider.Key, """
        var x = Torch.Tensor([1f, 2f, 3f]);
        var y = Torch.Tensor([1f, 5f, 3f]);
        System.Console.WriteLine({|TD0201:x == y|});
        System.Console.WriteLine({|TD0201:x + 1 != y|});
        """, """
        var x = Torch.Tensor([1f, 2f, 3f]);
        var y = Torch.Tensor([1f, 5f, 3f]);
        System.Console.WriteLine(x.Eq(y));
        System.Console.WriteLine((x + 1).Ne(y));
        """);
}
