// A line-for-line port of "Word Embeddings: Encoding Lexical Semantics" from PyTorch's "Deep
// Learning for NLP" series (Robert Guthrie): nn.Embedding, an N-gram language model, and the CBOW
// exercise. Same seed, same calls in the same order, so it prints what PyTorch prints. As in the
// reference script, vocabularies are built in first-occurrence order (Python's set order is not
// reproducible). The lines after the script's own output are the CBOW exercise's.
using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl;
using TensorDsl.NN;
using TensorDsl.Optim;
using F = TensorDsl.NN.Functional;

Torch.ManualSeed(1);

var wordToIx = new Dictionary<string, int> { ["hello"] = 0, ["world"] = 1 };
var embeds = new Embedding(2, 5);  // 2 words in vocab, 5 dimensional embeddings
var lookupTensor = Torch.Tensor(new long[] { wordToIx["hello"] });
var helloEmbed = embeds.Forward(lookupTensor);
Torch.Print(helloEmbed);

const int CONTEXT_SIZE = 2;
const int EMBEDDING_DIM = 10;
// We will use Shakespeare Sonnet 2
var testSentence = """
    When forty winters shall besiege thy brow,
    And dig deep trenches in thy beauty's field,
    Thy youth's proud livery so gazed on now,
    Will be a totter'd weed of small worth held:
    Then being asked, where all thy beauty lies,
    Where all the treasure of thy lusty days;
    To say, within thine own deep sunken eyes,
    Were an all-eating shame, and thriftless praise.
    How much more praise deserv'd thy beauty's use,
    If thou couldst answer 'This fair child of mine
    Shall sum my count, and make my old excuse,'
    Proving his beauty by succession thine!
    This were to be new made when thou art old,
    And see thy blood warm when thou feel'st it cold.
    """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
// we should tokenize the input, but we will ignore that for now
// build a list of tuples.
// Each tuple is ([ word_(i-CONTEXT_SIZE), ..., word_(i-1) ], target word)
var ngrams = Enumerable.Range(CONTEXT_SIZE, testSentence.Length - CONTEXT_SIZE)
    .Select(i => (Context: Enumerable.Range(0, CONTEXT_SIZE).Select(j => testSentence[i - j - 1]).ToArray(), Target: testSentence[i]))
    .ToList();
// Print the first 3, just so you can see what they look like.
Torch.Print(ngrams.Take(3).ToList());

var vocab = testSentence.Distinct().ToList();  // first-occurrence order (see above)
wordToIx = vocab.Select((word, i) => (word, i)).ToDictionary(p => p.word, p => p.i);

var losses = new List<double>();
var lossFunction = new NllLoss();
var model = new NGramLanguageModeler(vocab.Count, EMBEDDING_DIM, CONTEXT_SIZE);
var optimizer = new Sgd(model.Parameters(), lr: 0.001);

for (int epoch = 0; epoch < 10; epoch++)
{
    double totalLoss = 0;
    foreach (var (context, target) in ngrams)
    {
        // Step 1. Prepare the inputs to be passed to the model (i.e, turn the words
        // into integer indices and wrap them in tensors)
        var contextIdxs = Torch.Tensor(context.Select(w => (long)wordToIx[w]).ToArray());

        // Step 2. Recall that torch *accumulates* gradients. Before passing in a
        // new instance, you need to zero out the gradients from the old
        // instance
        model.ZeroGrad();

        // Step 3. Run the forward pass, getting log probabilities over next
        // words
        var logProbs = model.Forward(contextIdxs);

        // Step 4. Compute your loss function. (Again, Torch wants the target
        // word wrapped in a tensor)
        var loss = lossFunction.Forward(logProbs, Torch.Tensor(new long[] { wordToIx[target] }));

        // Step 5. Do the backward pass and update the gradient
        loss.Backward();
        optimizer.Step();

        // Get the C# number from a 1-element Tensor by calling Item
        totalLoss += loss.Item<float>();
    }
    losses.Add(totalLoss);
}
Torch.Print(losses);  // The loss decreased every iteration over the training data!

// To get the embedding of a particular word, e.g. "beauty"
Torch.Print(model.Embeddings.Weight[wordToIx["beauty"]]);

// Exercise: Continuous Bag-of-Words (CBOW): embeddings of the four context words summed, an
// affine map, log_softmax, NLLLoss, trained with SGD.
const int CBOW_CONTEXT_SIZE = 2;  // 2 words to the left, 2 to the right
var rawText = """
    We are about to study the idea of a computational process.
    Computational processes are abstract beings that inhabit computers.
    As they evolve, processes manipulate other abstract things called data.
    The evolution of a process is directed by a pattern of rules
    called a program. People create programs to direct processes. In effect,
    we conjure the spirits of the computer with our spells.
    """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

var cbowVocab = rawText.Distinct().ToList();  // first-occurrence order (see above)
int vocabSize = cbowVocab.Count;

var cbowWordToIx = cbowVocab.Select((word, i) => (word, i)).ToDictionary(p => p.word, p => p.i);
var data = new List<(string[] Context, string Target)>();
for (int i = CBOW_CONTEXT_SIZE; i < rawText.Length - CBOW_CONTEXT_SIZE; i++)
{
    var context = Enumerable.Range(0, CBOW_CONTEXT_SIZE).Select(j => rawText[i - j - 1])
        .Concat(Enumerable.Range(0, CBOW_CONTEXT_SIZE).Select(j => rawText[i + j + 1])).ToArray();
    var target = rawText[i];
    data.Add((context, target));
}
Torch.Print(data.Take(5).ToList());

static Tensor MakeContextVector(string[] context, Dictionary<string, int> wordToIx) =>
    Torch.Tensor(context.Select(w => (long)wordToIx[w]).ToArray());

MakeContextVector(data[0].Context, cbowWordToIx);  // example

// The exercise: train CBOW for 10 epochs and print its losses and the embedding of "processes".
Torch.ManualSeed(1);
var cbow = new Cbow(vocabSize, EMBEDDING_DIM);
var cbowOptimizer = new Sgd(cbow.Parameters(), lr: 0.001);
var cbowLosses = new List<double>();
for (int epoch = 0; epoch < 10; epoch++)
{
    double totalLoss = 0;
    foreach (var (context, target) in data)
    {
        cbow.ZeroGrad();
        var logProbs = cbow.Forward(MakeContextVector(context, cbowWordToIx));
        var loss = lossFunction.Forward(logProbs, Torch.Tensor(new long[] { cbowWordToIx[target] }));
        loss.Backward();
        cbowOptimizer.Step();
        totalLoss += loss.Item<float>();
    }
    cbowLosses.Add(totalLoss);
}
Torch.Print(cbowLosses);
Torch.Print(cbow.Embeddings.Weight[cbowWordToIx["processes"]]);

internal sealed class NGramLanguageModeler : Module
{
    public NGramLanguageModeler(int vocabSize, int embeddingDim, int contextSize)
    {
        Embeddings = RegisterModule("embeddings", new Embedding(vocabSize, embeddingDim));
        Linear1 = RegisterModule("linear1", new Linear(contextSize * embeddingDim, 128));
        Linear2 = RegisterModule("linear2", new Linear(128, vocabSize));
    }

    public Embedding Embeddings { get; }

    public Linear Linear1 { get; }

    public Linear Linear2 { get; }

    public override Tensor Forward(Tensor inputs)
    {
        var embeds = Embeddings.Forward(inputs).View(1, -1);
        var @out = F.Relu(Linear1.Forward(embeds));
        @out = Linear2.Forward(@out);
        var logProbs = F.LogSoftmax(@out, dim: 1);
        return logProbs;
    }
}

// CBOW: the context's embeddings summed, then an affine map to the vocabulary.
internal sealed class Cbow : Module
{
    public Cbow(int vocabSize, int embeddingDim)
    {
        Embeddings = RegisterModule("embeddings", new Embedding(vocabSize, embeddingDim));
        Linear = RegisterModule("linear", new Linear(embeddingDim, vocabSize));
    }

    public Embedding Embeddings { get; }

    public Linear Linear { get; }

    public override Tensor Forward(Tensor inputs)
    {
        var summed = Embeddings.Forward(inputs).Sum(0).View(1, -1);
        return F.LogSoftmax(Linear.Forward(summed), dim: 1);
    }
}
