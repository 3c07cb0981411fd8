// Kernels with int64 index tensors: embedding lookups and class losses, as a language model's
// training step needs. Each body is also the eager reference (KernelNumericsTests).
using TensorDsl;
using F = TensorDsl.NN.Functional;

namespace TensorDsl.Generators.Tests.Numerics;

public static partial class IndexKernels
{
    // The word-embeddings tutorial's N-gram model, small: embeddings, two affine maps, NLL loss.
    [Kernel]
    public static Tensor NGramLoss([Shape(2, DType = DType.Int64), NoGrad] Tensor context, [Shape(1, DType = DType.Int64), NoGrad] Tensor target,
        [Shape(9, 3)] Tensor embeddings, [Shape(5, 6)] Tensor w1, [Shape(5)] Tensor b1, [Shape(9, 5)] Tensor w2, [Shape(9)] Tensor b2)
    {
        var embeds = F.Embedding(context, embeddings).View(1, 6);
        var hidden = (embeds.MatMul(w1.T()) + b1).Relu();
        return F.NllLoss((hidden.MatMul(w2.T()) + b2).LogSoftmax(1), target);
    }

    // Repeated indices: each row's gradient adds up.
    [Kernel]
    public static Tensor EmbeddingSums([Shape(2, 4, DType = DType.Int64), NoGrad] Tensor indices, [Shape(3, 5)] Tensor table) =>
        F.Embedding(indices, table).Sum(1).Tanh();

    [Kernel]
    public static Tensor CrossEntropySum([Shape(4, DType = DType.Int64), NoGrad] Tensor targets, [Shape(4, 3)] Tensor logits) =>
        F.CrossEntropy(logits * 2, targets, reduction: "sum");

    [Kernel]
    public static Tensor NllLossEach([Shape(3, DType = DType.Int64), NoGrad] Tensor targets, [Shape(3, 4)] Tensor x) =>
        F.NllLoss(x.LogSoftmax(1), targets, reduction: "none") * x.Sum(1);

    // One row: a [C] input with a 0-dim target.
    [Kernel]
    public static Tensor CrossEntropyOneRow([Shape(DType = DType.Int64), NoGrad] Tensor target, [Shape(5)] Tensor logits) =>
        F.CrossEntropy(logits, target);
}
