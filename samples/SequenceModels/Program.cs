// A line-for-line port of "Sequence Models and Long Short-Term Memory Networks" from PyTorch's
// "Deep Learning for NLP" series (Robert Guthrie): nn.LSTM step by step and over a whole
// sequence, then an LSTM part-of-speech tagger. Same seed, same calls in the same order, so it
// prints what PyTorch prints.
using System.Collections.Generic;
using System.Linq;
using TensorDsl;
using TensorDsl.NN;
using TensorDsl.Optim;
using F = TensorDsl.NN.Functional;

Torch.ManualSeed(1);

var lstm = new Lstm(3, 3);  // Input dim is 3, output dim is 3
var inputs = Enumerable.Range(0, 5).Select(_ => Torch.Randn(1, 3)).ToList();  // make a sequence of length 5

// initialize the hidden state.
var hidden = (Torch.Randn(1, 1, 3), Torch.Randn(1, 1, 3));
Tensor @out;
foreach (var i in inputs)
{
    // Step through the sequence one element at a time.
    // after each step, hidden contains the hidden state.
    (@out, hidden) = lstm.Forward(i.View(1, 1, -1), hidden);
}

// alternatively, we can do the entire sequence all at once.
// the first value returned by LSTM is all of the hidden states throughout
// the sequence. the second is just the most recent hidden state
// Add the extra 2nd dimension
var sequence = Torch.Cat(inputs).View(inputs.Count, 1, -1);
hidden = (Torch.Randn(1, 1, 3), Torch.Randn(1, 1, 3));  // clean out hidden state
(@out, hidden) = lstm.Forward(sequence, hidden);
Torch.Print(@out);
Torch.Print(hidden);

static Tensor PrepareSequence(IEnumerable<string> seq, Dictionary<string, int> toIx) =>
    Torch.Tensor(seq.Select(w => (long)toIx[w]).ToArray());

(string[] Sentence, string[] Tags)[] trainingData =
[
    // Tags are: DET - determiner; NN - noun; V - verb
    // For example, the word "The" is a determiner
    ("The dog ate the apple".Split(), ["DET", "NN", "V", "DET", "NN"]),
    ("Everybody read that book".Split(), ["NN", "V", "DET", "NN"]),
];
var wordToIx = new Dictionary<string, int>();
// For each words-list (sentence) and tags-list in each tuple of trainingData
foreach (var (sent, tags) in trainingData)
{
    foreach (var word in sent)
    {
        if (!wordToIx.ContainsKey(word))  // word has not been assigned an index yet
        {
            wordToIx[word] = wordToIx.Count;  // Assign each word with a unique index
        }
    }
}
Torch.Print(wordToIx);
var tagToIx = new Dictionary<string, int> { ["DET"] = 0, ["NN"] = 1, ["V"] = 2 };  // Assign each tag with a unique index

// These will usually be more like 32 or 64 dimensional.
// We will keep them small, so we can see how the weights change as we train.
const int EMBEDDING_DIM = 6;
const int HIDDEN_DIM = 6;

var model = new LstmTagger(EMBEDDING_DIM, HIDDEN_DIM, wordToIx.Count, tagToIx.Count);
var lossFunction = new NllLoss();
var optimizer = new Sgd(model.Parameters(), lr: 0.1);

// See what the scores are before training
// Note that element i,j of the output is the score for tag j for word i.
// Here we don't need to train, so the code is wrapped in torch.no_grad()
using (Torch.NoGrad())
{
    var sentenceIn = PrepareSequence(trainingData[0].Sentence, wordToIx);
    var tagScores = model.Forward(sentenceIn);
    Torch.Print(tagScores);
}

for (int epoch = 0; epoch < 300; epoch++)  // again, normally you would NOT do 300 epochs, it is toy data
{
    foreach (var (sentence, tags) in trainingData)
    {
        // Step 1. Remember that Pytorch accumulates gradients.
        // We need to clear them out before each instance
        model.ZeroGrad();

        // Step 2. Get our inputs ready for the network, that is, turn them into
        // Tensors of word indices.
        var sentenceIn = PrepareSequence(sentence, wordToIx);
        var targets = PrepareSequence(tags, tagToIx);

        // Step 3. Run our forward pass.
        var tagScores = model.Forward(sentenceIn);

        // Step 4. Compute the loss, gradients, and update the parameters by
        //  calling optimizer.step()
        var loss = lossFunction.Forward(tagScores, targets);
        loss.Backward();
        optimizer.Step();
    }
}

// See what the scores are after training
using (Torch.NoGrad())
{
    var sentenceIn = PrepareSequence(trainingData[0].Sentence, wordToIx);
    var tagScores = model.Forward(sentenceIn);

    // The sentence is "the dog ate the apple".  i,j corresponds to score for tag j
    // for word i. The predicted tag is the maximum scoring tag.
    // Here, we can see the predicted sequence below is 0 1 2 0 1
    // since 0 is index of the maximum value of row 1,
    // 1 is the index of maximum value of row 2, etc.
    // Which is DET NOUN VERB DET NOUN, the correct sequence!
    Torch.Print(tagScores);
}

internal sealed class LstmTagger : Module
{
    private readonly Embedding _wordEmbeddings;
    private readonly Lstm _lstm;
    private readonly Linear _hidden2tag;

    public LstmTagger(int embeddingDim, int hiddenDim, int vocabSize, int tagsetSize)
    {
        HiddenDim = hiddenDim;
        _wordEmbeddings = RegisterModule("word_embeddings", new Embedding(vocabSize, embeddingDim));

        // The LSTM takes word embeddings as inputs, and outputs hidden states
        // with dimensionality hidden_dim.
        _lstm = RegisterModule("lstm", new Lstm(embeddingDim, hiddenDim));

        // The linear layer that maps from hidden state space to tag space
        _hidden2tag = RegisterModule("hidden2tag", new Linear(hiddenDim, tagsetSize));
    }

    public int HiddenDim { get; }

    public override Tensor Forward(Tensor sentence)
    {
        var embeds = _wordEmbeddings.Forward(sentence);
        var (lstmOut, _) = _lstm.Forward(embeds.View(sentence.Shape[0], 1, -1));
        var tagSpace = _hidden2tag.Forward(lstmOut.View(sentence.Shape[0], -1));
        var tagScores = F.LogSoftmax(tagSpace, dim: 1);
        return tagScores;
    }
}
