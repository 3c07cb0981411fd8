using TensorDsl.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TensorDsl.Analyzers.Tests;

// The re-indexing ops' shape rules (expand, repeat, narrow, gather, reductions over several dims):
// each error reported on the argument at fault, with the message the runtime throws.
public class ReindexAnalyzerTests
{
    [Fact]
    public void ExpandOfANonSingletonDim() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(3, 2);
        x.Expand(3, {|TD0004:4|});
        """, "The expanded size of the tensor (4) must match the existing size (2) at non-singleton dimension 1.  Target sizes: [3, 4].  Tensor sizes: [3, 2]");

    [Fact]
    public void RepeatWithTooFewCounts() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(2, 3, 4);
        {|TD0005:x.Repeat(2, 2)|};
        """, "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");

    [Fact]
    public void NarrowPastTheEnd() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(3, 5);
        x.Narrow(1, 4, {|TD0005:2|});
        """, "start (4) + length (2) exceeds dimension size (5).");

    [Fact]
    public void GatherWithALargerIndex() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(3, 3);
        x.Gather(1, {|TD0004:Torch.Zeros([4, 2], DType.Int64)|});
        """, "Size does not match at dimension 0 expected index [4, 2] to be no larger than self [3, 3] apart from dimension 1");

    [Fact]
    public void SumOverARepeatedDim() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(2, 3, 4);
        x.Sum([0, {|TD0005:-3|}]);
        """, "dim 0 appears multiple times in the list of dims");

    [Fact]
    public void MeanOverADimOutOfRange() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(2, 3);
        x.Mean([{|TD0005:2|}]);
        """, "Dimension out of range (expected to be in range of [-2, 1], but got 2)");

    [Fact]
    public void LinearWithAWeightOfTheWrongWidth() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(2, 5);
        TensorDsl.NN.Functional.Linear(x, {|TD0003:Torch.Randn(3, 4)|});
        """, "mat1 and mat2 shapes cannot be multiplied (2x5 and 4x3)");

    [Fact]
    public void LinearWithABiasOfTheWrongSize() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(2, 5);
        TensorDsl.NN.Functional.Linear(x, Torch.Randn(3, 5), {|TD0004:Torch.Randn(4)|});
        """, "The expanded size of the tensor (3) must match the existing size (4) at non-singleton dimension 1.  Target sizes: [2, 3].  Tensor sizes: [4]");

    [Fact]
    public void EmbeddingOfAWeightThatIsNot2D() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var indices = Torch.Zeros([3], DType.Int64);
        TensorDsl.NN.Functional.Embedding(indices, {|TD0005:Torch.Randn(4)|});
        """, "'weight' must be 2-D");

    [Fact]
    public void SplitIntoPiecesOfSizeZero() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(3, 5);
        x.Split({|TD0005:0|}, 1);
        """, "split_size can only be 0 if dimension size is 0, but got dimension size of 5");

    [Fact]
    public void SplitSectionsThatDoNotAddUp() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(3, 5);
        x.Split({|TD0005:[1, 3]|}, 1);
        """, "split_with_sizes expects split_sizes to sum exactly to 5 (input tensor's size at dimension 1), but got split_sizes=[1, 3]");

    [Fact]
    public void ChunkAlongADimOutOfRange() => AnalyzerVerifier.VerifyMatchesRuntime("""
        var x = Torch.Randn(3, 5);
        x.Chunk(2, {|TD0005:2|});
        """, "Dimension out of range (expected to be in range of [-2, 1], but got 2)");

    [Fact]
    public void APieceOfASplitHasItsShape() => AnalyzerVerifier.Verify("""
        var x = Torch.Randn(4, 6);
        var first = x.Chunk(3, 1)[0];
        var sum = {|TD0004:first + Torch.Randn(4, 3)|};
        """);
}
