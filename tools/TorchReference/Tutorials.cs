using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

/// <summary>
/// tutorials.json: the three scripts of PyTorch's "Deep Learning for NLP" series as this repository
/// keeps them (deep_learning_tutorial.py, word_embeddings_tutorial.py, sequence_models_tutorial.py),
/// ported line by line: same seeds, same order of random draws, same vocabularies (first-occurrence
/// order). Every printed tensor and every printed Python float is recorded, in print order.
/// Optimisation uses the port of PyTorch's SGD (identical to TorchSharp's for plain SGD);
/// model.zero_grad() sets the gradients to None as PyTorch 2.x does.
/// </summary>
internal static class Tutorials
{
    private sealed class Prints(Utf8JsonWriter w, string script)
    {
        private bool open;

        public void Tensor(string expr, Tensor value, string? note = null)
        {
            Begin();
            w.WriteStartObject();
            w.WriteString("expr", expr);
            if (note is not null) w.WriteString("note", note);
            w.WriteTensor("value", value);
            w.WriteEndObject();
        }

        public void Floats(string expr, IEnumerable<double> values)
        {
            Begin();
            w.WriteStartObject();
            w.WriteString("expr", expr);
            w.WriteDoubleArray("floats", values);
            w.WriteEndObject();
        }

        private void Begin()
        {
            if (open) return;
            open = true;
            w.WriteStartObject();
            w.WriteString("script", script);
            w.WritePropertyName("prints");
            w.WriteStartArray();
        }

        public void End()
        {
            Begin();
            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    public static void Write(string dir)
    {
        using var file = new GoldenFile(dir, "tutorials.json");
        var w = file.W;
        w.WritePropertyName("cases");
        w.WriteStartArray();
        DeepLearning(w);
        WordEmbeddings(w);
        SequenceModels(w);
        Cbow(w);
        w.WriteEndArray();
    }

    private static string[] Split(string s) => s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static Dictionary<string, long> FirstOccurrence(IEnumerable<string> words)
    {
        var ix = new Dictionary<string, long>();
        foreach (var word in words)
        {
            if (!ix.ContainsKey(word)) ix[word] = ix.Count;
        }
        return ix;
    }

    private static Tensor LongTensor(IEnumerable<long> values) => torch.tensor(values.ToArray(), dtype: ScalarType.Int64);

    private static List<Tensor> Params(nn.Module m) => m.parameters().Select(p => (Tensor)p).ToList();

    /// <summary>loss.backward() then optimizer.step() with the accumulated p.grad.</summary>
    private static void Step(PySgd optimizer, List<Tensor> parameters) => optimizer.Step(parameters.Select(p => p.grad!).ToList());

    // ---------------------------------------------------------------- deep_learning_tutorial.py

    private sealed class BoWClassifier : nn.Module<Tensor, Tensor>
    {
        public readonly TorchSharp.Modules.Linear linear;

        public BoWClassifier(long numLabels, long vocabSize) : base("BoWClassifier")
        {
            linear = nn.Linear(vocabSize, numLabels);
            RegisterComponents();
        }

        public override Tensor forward(Tensor bowVec) => nn.functional.log_softmax(linear.call(bowVec), 1);
    }

    private static void DeepLearning(Utf8JsonWriter w)
    {
        var p = new Prints(w, "deep_learning_tutorial.py");
        torch.manual_seed(1);

        var lin = nn.Linear(5, 3);
        var data = torch.randn(2, 5);
        p.Tensor("lin(data)", lin.call(data));

        data = torch.randn(2, 2);
        p.Tensor("data", data);
        p.Tensor("F.relu(data)", nn.functional.relu(data));

        data = torch.randn(5);
        p.Tensor("data", data);
        p.Tensor("F.softmax(data, dim=0)", nn.functional.softmax(data, 0));
        p.Tensor("F.softmax(data, dim=0).sum()", nn.functional.softmax(data, 0).sum());
        p.Tensor("F.log_softmax(data, dim=0)", nn.functional.log_softmax(data, 0));

        var train = new (string[] Sent, string Label)[]
        {
            (Split("me gusta comer en la cafeteria"), "SPANISH"),
            (Split("Give it to me"), "ENGLISH"),
            (Split("No creo que sea una buena idea"), "SPANISH"),
            (Split("No it is not a good idea to get lost at sea"), "ENGLISH"),
        };
        var test = new (string[] Sent, string Label)[]
        {
            (Split("Yo creo que si"), "SPANISH"),
            (Split("it is lost on me"), "ENGLISH"),
        };
        var wordToIx = FirstOccurrence(train.Concat(test).SelectMany(d => d.Sent));
        var vocabSize = wordToIx.Count;
        const int numLabels = 2;

        Tensor MakeBowVector(string[] sentence)
        {
            var vec = torch.zeros(wordToIx.Count);
            foreach (var word in sentence) vec[TensorIndex.Single(wordToIx[word])].add_(1);
            return vec.view(1, -1);
        }

        var labelToIx = new Dictionary<string, long> { ["SPANISH"] = 0, ["ENGLISH"] = 1 };
        Tensor MakeTarget(string label) => LongTensor([labelToIx[label]]);

        var model = new BoWClassifier(numLabels, vocabSize);
        var parameters = Params(model);
        for (var i = 0; i < parameters.Count; i++) p.Tensor("param", parameters[i], $"for param in model.parameters(): parameter {i}");

        using (torch.no_grad())
        {
            var bowVector = MakeBowVector(train[0].Sent);
            p.Tensor("log_probs", model.call(bowVector), "data[0], before training");
        }

        using (torch.no_grad())
        {
            for (var i = 0; i < test.Length; i++) p.Tensor("log_probs", model.call(MakeBowVector(test[i].Sent)), $"test_data[{i}], before training");
        }

        var creo = wordToIx["creo"];
        p.Tensor("next(model.parameters())[:, word_to_ix[\"creo\"]]", parameters[0][TensorIndex.Colon, TensorIndex.Single(creo)], "before training");

        var optimizer = new PySgd(parameters, 0.1);
        for (var epoch = 0; epoch < 100; epoch++)
        {
            foreach (var (instance, label) in train)
            {
                model.zero_grad();
                var bowVec = MakeBowVector(instance);
                var target = MakeTarget(label);
                var logProbs = model.call(bowVec);
                var loss = nn.functional.nll_loss(logProbs, target);
                loss.backward();
                Step(optimizer, parameters);
            }
        }

        using (torch.no_grad())
        {
            for (var i = 0; i < test.Length; i++) p.Tensor("log_probs", model.call(MakeBowVector(test[i].Sent)), $"test_data[{i}], after training");
        }
        p.Tensor("next(model.parameters())[:, word_to_ix[\"creo\"]]", parameters[0][TensorIndex.Colon, TensorIndex.Single(creo)], "after training");
        p.End();
    }

    // ---------------------------------------------------------------- word_embeddings_tutorial.py

    private const string Sonnet = """
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
        """;

    private const string RawText = """
        We are about to study the idea of a computational process.
        Computational processes are abstract beings that inhabit computers.
        As they evolve, processes manipulate other abstract things called data.
        The evolution of a process is directed by a pattern of rules
        called a program. People create programs to direct processes. In effect,
        we conjure the spirits of the computer with our spells.
        """;

    private sealed class NGramLanguageModeler : nn.Module<Tensor, Tensor>
    {
        public readonly TorchSharp.Modules.Embedding embeddings;
        public readonly TorchSharp.Modules.Linear linear1;
        public readonly TorchSharp.Modules.Linear linear2;

        public NGramLanguageModeler(long vocabSize, long embeddingDim, long contextSize) : base("NGramLanguageModeler")
        {
            embeddings = nn.Embedding(vocabSize, embeddingDim);
            linear1 = nn.Linear(contextSize * embeddingDim, 128);
            linear2 = nn.Linear(128, vocabSize);
            RegisterComponents();
        }

        public override Tensor forward(Tensor inputs)
        {
            var embeds = embeddings.call(inputs).view(1, -1);
            var output = nn.functional.relu(linear1.call(embeds));
            output = linear2.call(output);
            return nn.functional.log_softmax(output, 1);
        }
    }

    private static void WordEmbeddings(Utf8JsonWriter w)
    {
        var p = new Prints(w, "word_embeddings_tutorial.py");
        torch.manual_seed(1);

        var helloIx = new Dictionary<string, long> { ["hello"] = 0, ["world"] = 1 };
        var embeds = nn.Embedding(2, 5);
        var lookupTensor = LongTensor([helloIx["hello"]]);
        p.Tensor("hello_embed", embeds.call(lookupTensor));

        const int contextSize = 2;
        const int embeddingDim = 10;
        var testSentence = Split(Sonnet);
        var ngrams = new List<(string[] Context, string Target)>();
        for (var i = contextSize; i < testSentence.Length; i++)
        {
            ngrams.Add((Enumerable.Range(0, contextSize).Select(j => testSentence[i - j - 1]).ToArray(), testSentence[i]));
        }
        var wordToIx = FirstOccurrence(testSentence);

        var losses = new List<double>();
        var model = new NGramLanguageModeler(wordToIx.Count, embeddingDim, contextSize);
        var parameters = Params(model);
        var optimizer = new PySgd(parameters, 0.001);

        for (var epoch = 0; epoch < 10; epoch++)
        {
            double totalLoss = 0;
            foreach (var (context, target) in ngrams)
            {
                var contextIdxs = LongTensor(context.Select(c => wordToIx[c]));
                model.zero_grad();
                var logProbs = model.call(contextIdxs);
                var loss = nn.functional.nll_loss(logProbs, LongTensor([wordToIx[target]]));
                loss.backward();
                Step(optimizer, parameters);
                totalLoss += loss.item<float>();
            }
            losses.Add(totalLoss);
        }
        p.Floats("losses", losses);
        p.Tensor("model.embeddings.weight[word_to_ix[\"beauty\"]]", model.embeddings.weight![TensorIndex.Single(wordToIx["beauty"])]);
        p.End();
    }

    // ---------------------------------------------------------------- CBOW exercise

    private sealed class CBOW : nn.Module<Tensor, Tensor>
    {
        // As the reference script's exercise says: the context's embeddings summed, one affine map, log_softmax.
        public readonly TorchSharp.Modules.Embedding embeddings;
        public readonly TorchSharp.Modules.Linear linear;

        public CBOW(long vocabSize, long embeddingDim) : base("CBOW")
        {
            embeddings = nn.Embedding(vocabSize, embeddingDim);
            linear = nn.Linear(embeddingDim, vocabSize);
            RegisterComponents();
        }

        public override Tensor forward(Tensor inputs)
        {
            var embeds = embeddings.call(inputs).sum(0L).view(1, -1);
            return nn.functional.log_softmax(linear.call(embeds), 1);
        }
    }

    private static void Cbow(Utf8JsonWriter w)
    {
        var p = new Prints(w, "cbow_exercise");
        const int contextSize = 2;
        var rawText = Split(RawText);
        var wordToIx = FirstOccurrence(rawText);
        var data = new List<(string[] Context, string Target)>();
        for (var i = contextSize; i < rawText.Length - contextSize; i++)
        {
            var context = Enumerable.Range(0, contextSize).Select(j => rawText[i - j - 1])
                .Concat(Enumerable.Range(0, contextSize).Select(j => rawText[i + j + 1]))
                .ToArray();
            data.Add((context, rawText[i]));
        }

        torch.manual_seed(1);
        var model = new CBOW(wordToIx.Count, 10);
        var parameters = Params(model);
        var optimizer = new PySgd(parameters, 0.001);
        var losses = new List<double>();
        for (var epoch = 0; epoch < 10; epoch++)
        {
            double totalLoss = 0;
            foreach (var (context, target) in data)
            {
                model.zero_grad();
                var logProbs = model.call(LongTensor(context.Select(c => wordToIx[c])));
                var loss = nn.functional.nll_loss(logProbs, LongTensor([wordToIx[target]]));
                loss.backward();
                Step(optimizer, parameters);
                totalLoss += loss.item<float>();
            }
            losses.Add(totalLoss);
        }
        p.Floats("losses", losses);
        p.Tensor("model.embeddings.weight[word_to_ix[\"processes\"]]", model.embeddings.weight![TensorIndex.Single(wordToIx["processes"])]);
        p.End();
    }

    // ---------------------------------------------------------------- sequence_models_tutorial.py

    private sealed class LSTMTagger : nn.Module<Tensor, Tensor>
    {
        public readonly TorchSharp.Modules.Embedding word_embeddings;
        public readonly TorchSharp.Modules.LSTM lstm;
        public readonly TorchSharp.Modules.Linear hidden2tag;

        public LSTMTagger(long embeddingDim, long hiddenDim, long vocabSize, long tagsetSize) : base("LSTMTagger")
        {
            word_embeddings = nn.Embedding(vocabSize, embeddingDim);
            lstm = nn.LSTM(embeddingDim, hiddenDim);
            hidden2tag = nn.Linear(hiddenDim, tagsetSize);
            RegisterComponents();
        }

        public override Tensor forward(Tensor sentence)
        {
            var n = sentence.shape[0];
            var embeds = word_embeddings.call(sentence);
            var (lstmOut, _, _) = lstm.call(embeds.view(n, 1, -1));
            var tagSpace = hidden2tag.call(lstmOut.view(n, -1));
            return nn.functional.log_softmax(tagSpace, 1);
        }
    }

    private static void SequenceModels(Utf8JsonWriter w)
    {
        var p = new Prints(w, "sequence_models_tutorial.py");
        torch.manual_seed(1);

        var lstm = nn.LSTM(3, 3);
        var inputs = Enumerable.Range(0, 5).Select(_ => torch.randn(1, 3)).ToList();
        var hidden = (torch.randn(1, 1, 3), torch.randn(1, 1, 3));
        Tensor output;
        foreach (var i in inputs)
        {
            var (o, h, c) = lstm.call(i.view(1, 1, -1), hidden);
            output = o;
            hidden = (h, c);
        }

        var seq = torch.cat(inputs, 0).view(inputs.Count, 1, -1);
        hidden = (torch.randn(1, 1, 3), torch.randn(1, 1, 3));
        var (o2, h2, c2) = lstm.call(seq, hidden);
        output = o2;
        hidden = (h2, c2);
        p.Tensor("out", output);
        p.Tensor("hidden[0]", hidden.Item1);
        p.Tensor("hidden[1]", hidden.Item2);

        var trainingData = new (string[] Sentence, string[] Tags)[]
        {
            (Split("The dog ate the apple"), ["DET", "NN", "V", "DET", "NN"]),
            (Split("Everybody read that book"), ["NN", "V", "DET", "NN"]),
        };
        var wordToIx = FirstOccurrence(trainingData.SelectMany(d => d.Sentence));
        var tagToIx = new Dictionary<string, long> { ["DET"] = 0, ["NN"] = 1, ["V"] = 2 };
        Tensor PrepareSequence(string[] seqWords, Dictionary<string, long> toIx) => LongTensor(seqWords.Select(s => toIx[s]));

        const int embeddingDim = 6;
        const int hiddenDim = 6;
        var model = new LSTMTagger(embeddingDim, hiddenDim, wordToIx.Count, tagToIx.Count);
        var parameters = Params(model);
        var optimizer = new PySgd(parameters, 0.1);

        using (torch.no_grad())
        {
            p.Tensor("tag_scores", model.call(PrepareSequence(trainingData[0].Sentence, wordToIx)), "before training");
        }

        for (var epoch = 0; epoch < 300; epoch++)
        {
            foreach (var (sentence, tags) in trainingData)
            {
                model.zero_grad();
                var sentenceIn = PrepareSequence(sentence, wordToIx);
                var targets = PrepareSequence(tags, tagToIx);
                var tagScores = model.call(sentenceIn);
                var loss = nn.functional.nll_loss(tagScores, targets);
                loss.backward();
                Step(optimizer, parameters);
            }
        }

        using (torch.no_grad())
        {
            p.Tensor("tag_scores", model.call(PrepareSequence(trainingData[0].Sentence, wordToIx)), "after training");
        }
        p.End();
    }
}
