// A line-for-line port of "Deep Learning with PyTorch" from PyTorch's "Deep Learning for NLP"
// series (Robert Guthrie): affine maps, non-linearities, softmax, and a bag-of-words classifier
// trained with SGD. Same seed, same calls in the same order, so it prints what PyTorch prints.
using System.Collections.Generic;
using System.Linq;
using TensorDsl;
using TensorDsl.NN;
using TensorDsl.Optim;
using F = TensorDsl.NN.Functional;

Torch.ManualSeed(1);

var lin = new Linear(5, 3);  // maps from R^5 to R^3, parameters A, b
// data is 2x5.  A maps from 5 to 3... can we map "data" under A?
var data = Torch.Randn(2, 5);
Torch.Print(lin.Forward(data));  // yes

// In pytorch, most non-linearities are in torch.functional (we have it imported as F)
data = Torch.Randn(2, 2);
Torch.Print(data);
Torch.Print(F.Relu(data));

// Softmax is also in torch.nn.functional
data = Torch.Randn(5);
Torch.Print(data);
Torch.Print(F.Softmax(data, dim: 0));
Torch.Print(F.Softmax(data, dim: 0).Sum());  // Sums to 1 because it is a distribution!
Torch.Print(F.LogSoftmax(data, dim: 0));  // theres also log_softmax

(string[] Sentence, string Label)[] trainData =
[
    ("me gusta comer en la cafeteria".Split(), "SPANISH"),
    ("Give it to me".Split(), "ENGLISH"),
    ("No creo que sea una buena idea".Split(), "SPANISH"),
    ("No it is not a good idea to get lost at sea".Split(), "ENGLISH"),
];

(string[] Sentence, string Label)[] testData =
[
    ("Yo creo que si".Split(), "SPANISH"),
    ("it is lost on me".Split(), "ENGLISH"),
];

// wordToIx maps each word in the vocab to a unique integer, which will be its
// index into the Bag of words vector
var wordToIx = new Dictionary<string, int>();
foreach (var (sent, _) in trainData.Concat(testData))
{
    foreach (var word in sent)
    {
        if (!wordToIx.ContainsKey(word))
        {
            wordToIx[word] = wordToIx.Count;
        }
    }
}
Torch.Print(wordToIx);

int VOCAB_SIZE = wordToIx.Count;
int NUM_LABELS = 2;

static Tensor MakeBowVector(string[] sentence, Dictionary<string, int> wordToIx)
{
    var vec = Torch.Zeros(wordToIx.Count);
    foreach (var word in sentence)
    {
        vec[wordToIx[word]] += 1;
    }
    return vec.View(1, -1);
}

static Tensor MakeTarget(string label, Dictionary<string, int> labelToIx) => Torch.Tensor(new long[] { labelToIx[label] });

var model = new BoWClassifier(NUM_LABELS, VOCAB_SIZE);

// the model knows its parameters.  The first output below is A, the second is b.
// Whenever you assign a component to a class variable in the __init__ function
// of a module, which was done with the line
// self.linear = nn.Linear(...)
// Then through some Python magic from the PyTorch devs, your module
// (in this case, BoWClassifier) will store knowledge of the nn.Linear's parameters
// (here the registration is explicit: RegisterModule("linear", ...))
foreach (var param in model.Parameters())
{
    Torch.Print(param);
}

// To run the model, pass in a BoW vector
// Here we don't need to train, so the code is wrapped in torch.no_grad()
using (Torch.NoGrad())
{
    var sample = trainData[0];
    var bowVector = MakeBowVector(sample.Sentence, wordToIx);
    var logProbs = model.Forward(bowVector);
    Torch.Print(logProbs);
}

var labelToIx = new Dictionary<string, int> { ["SPANISH"] = 0, ["ENGLISH"] = 1 };

// Run on test data before we train, just to see a before-and-after
using (Torch.NoGrad())
{
    foreach (var (instance, label) in testData)
    {
        var bowVec = MakeBowVector(instance, wordToIx);
        var logProbs = model.Forward(bowVec);
        Torch.Print(logProbs);
    }
}

// Print the matrix column corresponding to "creo"
Torch.Print(model.Parameters().First()[.., wordToIx["creo"]]);

var lossFunction = new NllLoss();
var optimizer = new Sgd(model.Parameters(), lr: 0.1);

// Usually you want to pass over the training data several times.
// 100 is much bigger than on a real data set, but real datasets have more than
// two instances.  Usually, somewhere between 5 and 30 epochs is reasonable.
for (int epoch = 0; epoch < 100; epoch++)
{
    foreach (var (instance, label) in trainData)
    {
        // Step 1. Remember that PyTorch accumulates gradients.
        // We need to clear them out before each instance
        model.ZeroGrad();

        // Step 2. Make our BOW vector and also we must wrap the target in a
        // Tensor as an integer. For example, if the target is SPANISH, then
        // we wrap the integer 0. The loss function then knows that the 0th
        // element of the log probabilities is the log probability
        // corresponding to SPANISH
        var bowVec = MakeBowVector(instance, wordToIx);
        var target = MakeTarget(label, labelToIx);

        // Step 3. Run our forward pass.
        var logProbs = model.Forward(bowVec);

        // Step 4. Compute the loss, gradients, and update the parameters by
        // calling optimizer.step()
        var loss = lossFunction.Forward(logProbs, target);
        loss.Backward();
        optimizer.Step();
    }
}

using (Torch.NoGrad())
{
    foreach (var (instance, label) in testData)
    {
        var bowVec = MakeBowVector(instance, wordToIx);
        var logProbs = model.Forward(bowVec);
        Torch.Print(logProbs);
    }
}

// Index corresponding to Spanish goes up, English goes down!
Torch.Print(model.Parameters().First()[.., wordToIx["creo"]]);

// Inheriting from Module: a model registers its layers, and Forward is its call.
internal sealed class BoWClassifier : Module
{
    private readonly Linear _linear;

    public BoWClassifier(int numLabels, int vocabSize)
    {
        // Define the parameters that you will need.  In this case, we need A and b,
        // the parameters of the affine mapping.
        _linear = RegisterModule("linear", new Linear(vocabSize, numLabels));
    }

    public override Tensor Forward(Tensor bowVec)
    {
        // Pass the input through the linear layer,
        // then pass that through log_softmax.
        // Many non-linearities and other functions are in torch.nn.functional
        return F.LogSoftmax(_linear.Forward(bowVec), dim: 1);
    }
}
