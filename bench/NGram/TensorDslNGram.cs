using TensorDsl;
using TensorDsl.NN;
using TensorDsl.Optim;
using F = TensorDsl.NN.Functional;

namespace NGram;

/// <summary>The tutorial's loop in TensorDsl, line for line.</summary>
public static class TensorDslNGram
{
    private sealed class Model : Module
    {
        private readonly Embedding _embeddings;
        private readonly Linear _linear1, _linear2;

        public Model(int vocabSize)
        {
            _embeddings = RegisterModule("embeddings", new Embedding(vocabSize, Corpus.EmbeddingDim));
            _linear1 = RegisterModule("linear1", new Linear(Corpus.ContextSize * Corpus.EmbeddingDim, 128));
            _linear2 = RegisterModule("linear2", new Linear(128, vocabSize));
        }

        public override Tensor Forward(Tensor inputs)
        {
            var embeds = _embeddings.Forward(inputs).View(1, -1);
            var output = F.Relu(_linear1.Forward(embeds));
            return F.LogSoftmax(_linear2.Forward(output), dim: 1);
        }
    }

    /// <summary>10 epochs; returns the last epoch's total loss.</summary>
    public static double Train(Corpus corpus)
    {
        Torch.ManualSeed(1);
        var model = new Model(corpus.Vocabulary.Count);
        var lossFunction = new NllLoss();
        var optimizer = new Sgd(model.Parameters(), lr: 0.001);
        double total = 0;
        for (int epoch = 0; epoch < 10; epoch++)
        {
            total = 0;
            foreach (var (context, target) in corpus.Ngrams)
            {
                var contextIdxs = Torch.Tensor(context);
                model.ZeroGrad();
                var logProbs = model.Forward(contextIdxs);
                var loss = lossFunction.Forward(logProbs, Torch.Tensor(new[] { target }));
                loss.Backward();
                optimizer.Step();
                total += loss.Item<float>();
            }
        }
        return total;
    }
}
