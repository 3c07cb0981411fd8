using TorchSharp;
using static TorchSharp.torch;

namespace NGram;

/// <summary>The tutorial's loop in TorchSharp, line for line (its own nn.Module, SGD and NLLLoss).</summary>
public static class TorchSharpNGram
{
    private sealed class Model : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Embedding embeddings;
        private readonly TorchSharp.Modules.Linear linear1, linear2;

        public Model(long vocabSize) : base("NGramLanguageModeler")
        {
            embeddings = nn.Embedding(vocabSize, Corpus.EmbeddingDim);
            linear1 = nn.Linear(Corpus.ContextSize * Corpus.EmbeddingDim, 128);
            linear2 = nn.Linear(128, vocabSize);
            RegisterComponents();
        }

        public override Tensor forward(Tensor inputs)
        {
            var embeds = embeddings.call(inputs).view(1, -1);
            var output = nn.functional.relu(linear1.call(embeds));
            return nn.functional.log_softmax(linear2.call(output), 1);
        }
    }

    /// <summary>10 epochs; returns the last epoch's total loss.</summary>
    public static double Train(Corpus corpus)
    {
        torch.manual_seed(1);
        var model = new Model(corpus.Vocabulary.Count);
        var lossFunction = nn.NLLLoss();
        var optimizer = optim.SGD(model.parameters(), 0.001);
        double total = 0;
        for (int epoch = 0; epoch < 10; epoch++)
        {
            total = 0;
            foreach (var (context, target) in corpus.Ngrams)
            {
                // Each step's tensors are disposed with the scope, as TorchSharp's docs advise.
                using var scope = torch.NewDisposeScope();
                var contextIdxs = torch.tensor(context, dtype: ScalarType.Int64);
                model.zero_grad();
                var logProbs = model.call(contextIdxs);
                var loss = lossFunction.call(logProbs, torch.tensor(new[] { target }, dtype: ScalarType.Int64));
                loss.backward();
                optimizer.step();
                total += loss.item<float>();
            }
        }
        return total;
    }
}
