using TensorDsl;
using TensorDsl.NN;
using TensorDsl.Optim;
using F = TensorDsl.NN.Functional;

namespace NGram;

/// <summary>
/// The same model and loop with the step compiled: a [Kernel] computes the loss and adds the
/// gradients straight into the modules' gradient tensors (through AsSpan), and Sgd updates them.
/// </summary>
public static partial class TensorDslKernelNGram
{
    private const int Vocabulary = 97;

    [Kernel]
    public static Tensor Step([Shape(Corpus.ContextSize, DType = DType.Int64), NoGrad] Tensor context, [Shape(1, DType = DType.Int64), NoGrad] Tensor target,
        [Shape(Vocabulary, Corpus.EmbeddingDim)] Tensor embeddings, [Shape(128, Corpus.ContextSize * Corpus.EmbeddingDim)] Tensor w1, [Shape(128)] Tensor b1,
        [Shape(Vocabulary, 128)] Tensor w2, [Shape(Vocabulary)] Tensor b2)
    {
        var embeds = F.Embedding(context, embeddings).View(1, Corpus.ContextSize * Corpus.EmbeddingDim);
        var hidden = (embeds.MatMul(w1.T()) + b1).Relu();
        return F.NllLoss((hidden.MatMul(w2.T()) + b2).LogSoftmax(1), target);
    }

    /// <summary>10 epochs; returns the last epoch's total loss.</summary>
    public static double Train(Corpus corpus)
    {
        if (corpus.Vocabulary.Count != Vocabulary) throw new InvalidOperationException($"the kernel is compiled for {Vocabulary} words");
        Torch.ManualSeed(1);
        var embeddings = new Embedding(Vocabulary, Corpus.EmbeddingDim);
        var linear1 = new Linear(Corpus.ContextSize * Corpus.EmbeddingDim, 128);
        var linear2 = new Linear(128, Vocabulary);
        Tensor[] parameters = [embeddings.Weight, linear1.Weight, linear1.Bias!, linear2.Weight, linear2.Bias!];
        foreach (var p in parameters) p.Grad = Torch.ZerosLike(p);
        var optimizer = new Sgd(parameters, lr: 0.001);
        long[] target = new long[1];
        double total = 0;
        for (int epoch = 0; epoch < 10; epoch++)
        {
            total = 0;
            foreach (var (context, t) in corpus.Ngrams)
            {
                target[0] = t;
                foreach (var p in parameters) p.Grad!.AsSpan<float>().Clear();
                total += StepKernel.Backward(context, target,
                    embeddings.Weight.AsSpan<float>(), linear1.Weight.AsSpan<float>(), linear1.Bias!.AsSpan<float>(),
                    linear2.Weight.AsSpan<float>(), linear2.Bias!.AsSpan<float>(),
                    embeddings.Weight.Grad!.AsSpan<float>(), linear1.Weight.Grad!.AsSpan<float>(), linear1.Bias!.Grad!.AsSpan<float>(),
                    linear2.Weight.Grad!.AsSpan<float>(), linear2.Bias!.Grad!.AsSpan<float>());
                optimizer.Step();
            }
        }
        return total;
    }
}
