using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace TensorDsl.Tests.Golden;

/// <summary>
/// The three NLP samples print what PyTorch prints for their scripts: every printed tensor holds
/// libtorch's values to the 4 printed decimals, and every printed list of losses libtorch's sums
/// (Golden/Torch/tutorials.json); the lines that print Python structures are the scripts' text.
/// </summary>
[Collection(DefaultGeneratorCollection.Name)]
public class TutorialGoldenTests
{
    private static readonly Regex TensorText = new(@"tensor\(([^)]*)\)");
    private static readonly Regex FloatList = new(@"^\[-?\d[\d.e+-]*(, -?\d[\d.e+-]*)*\]$", RegexOptions.Multiline);
    private static readonly Regex Number = new(@"-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?|nan|-?inf");

    [Fact]
    public void DeepLearningPrintsLibtorchsValues()
    {
        var output = Run("DeepLearning", "deep_learning_tutorial.py");
        Assert.Contains("{'me': 0, 'gusta': 1, 'comer': 2, 'en': 3, 'la': 4, 'cafeteria': 5, 'Give': 6, 'it': 7, 'to': 8, 'No': 9, " +
            "'creo': 10, 'que': 11, 'sea': 12, 'una': 13, 'buena': 14, 'idea': 15, 'is': 16, 'not': 17, 'a': 18, 'good': 19, " +
            "'get': 20, 'lost': 21, 'at': 22, 'Yo': 23, 'si': 24, 'on': 25}\n", output);
        // The numbers PyTorch's tutorial page shows.
        Assert.StartsWith("tensor([[ 0.1755, -0.3268, -0.5069],\n        [-0.6602,  0.2260,  0.1089]], grad_fn=<AddmmBackward0>)\n", output);
        Assert.Contains("Parameter containing:\ntensor([[", output);
        Assert.Contains("tensor([[-0.2093, -1.6669]])\ntensor([[-2.5330, -0.0828]])\ntensor([ 0.2803, -0.5605], grad_fn=<SelectBackward0>)\n", output);
    }

    [Fact]
    public void WordEmbeddingsPrintsLibtorchsValues()
    {
        var output = Run("WordEmbeddings", "word_embeddings_tutorial.py", "cbow_exercise");
        Assert.StartsWith("tensor([[ 0.6614,  0.2669,  0.0617,  0.6213, -0.4519]],\n       grad_fn=<EmbeddingBackward0>)\n", output);
        Assert.Contains("[(['forty', 'When'], 'winters'), (['winters', 'forty'], 'shall'), (['shall', 'winters'], 'besiege')]\n", output);
        Assert.Contains("[(['are', 'We', 'to', 'study'], 'about'), (['about', 'are', 'study', 'the'], 'to'), " +
            "(['to', 'about', 'the', 'idea'], 'study'), (['study', 'to', 'idea', 'of'], 'the'), (['the', 'study', 'of', 'a'], 'idea')]\n", output);
    }

    [Fact]
    public void SequenceModelsPrintsLibtorchsValues()
    {
        var output = Run("SequenceModels", "sequence_models_tutorial.py");
        Assert.Contains("], grad_fn=<MkldnnRnnLayerBackward0>)\n(tensor([[[-0.3368,  0.0959, -0.0538]]], grad_fn=<StackBackward0>), " +
            "tensor([[[-0.9825,  0.4715, -0.0633]]], grad_fn=<StackBackward0>))\n", output);
        Assert.Contains("{'The': 0, 'dog': 1, 'ate': 2, 'the': 3, 'apple': 4, 'Everybody': 5, 'read': 6, 'that': 7, 'book': 8}\n", output);
    }

    // Runs the sample and checks its printed tensors and float lists, in order, against the scripts' prints.
    private static string Run(string sample, params string[] scripts)
    {
        Torch.ManualSeed(4321);  // the sample must seed the generator itself
        var output = Samples.Run(sample);
        var prints = Golden.Cases("tutorials.json").Where(c => scripts.Contains(c.GetProperty("script").GetString()))
            .SelectMany(c => c.GetProperty("prints").EnumerateArray()).ToList();
        var tensors = new Queue<string>(TensorText.Matches(output).Select(m => m.Groups[1].Value));
        var lists = new Queue<string>(FloatList.Matches(output).Select(m => m.Value));
        foreach (var print in prints)
        {
            string expr = print.GetProperty("expr").GetString()!;
            if (print.TryGetProperty("floats", out var floats))
            {
                var printed = Numbers(lists.Dequeue());
                var expected = floats.EnumerateArray().Select(f => f.GetDouble()).ToArray();
                Assert.Equal(expected.Length, printed.Length);
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(Math.Abs(printed[i] - expected[i]) <= 1e-6 * Math.Abs(expected[i]), $"{expr}[{i}]: printed {printed[i]}, libtorch {expected[i]}");
                continue;
            }
            Assert.True(tensors.Count > 0, $"{sample} printed no tensor for {expr}");
            var text = tensors.Dequeue();
            var values = Golden.Tensor(print.GetProperty("value")).ToArray<double>();
            var shown = Numbers(Regex.Split(text, @",\s*(grad_fn|requires_grad|dtype)=")[0]);
            Assert.True(values.Length == shown.Length, $"{expr}: printed {shown.Length} numbers, libtorch has {values.Length}: {text}");
            for (int i = 0; i < values.Length; i++)
            {
                // Printed with 4 decimals (or 4 significant digits in scientific notation).
                double tolerance = 0.5e-4 + 0.5e-4 * Math.Abs(values[i]) + 1e-6;
                Assert.True(Math.Abs(shown[i] - values[i]) <= tolerance, $"{expr}[{i}]: printed {shown[i]}, libtorch {values[i]}");
            }
        }
        Assert.Empty(tensors);
        return output;
    }

    private static double[] Numbers(string text) =>
        Number.Matches(text).Select(m => m.Value switch
        {
            "nan" => double.NaN,
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            var v => double.Parse(v, CultureInfo.InvariantCulture),
        }).ToArray();
}
