using TensorDsl.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

public class CatAnalyzerTests
{
    [Fact]
    public void TutorialCatOfIncompatibleShapes()
    {
        AnalyzerVerifier.Verify("""
            var x_1 = Torch.Randn(2, 5);
            var x_2 = Torch.Randn(2, 3);
            Torch.Cat([x_1, {|TD0001:x_2|}]);
            """,
            "Sizes of tensors must match except in dimension 0. Expected size 5 but got size 3 for tensor number 1 in the list.");
    }
}
