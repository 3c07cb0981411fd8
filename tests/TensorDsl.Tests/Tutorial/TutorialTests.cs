using System;
using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// samples/Tutorial prints what PyTorch prints for pytorch_tutorial.py (TestData/pytorch_tutorial.expected.txt, the
/// documented output; object addresses differ from run to run and are normalized on both sides).
/// The sample runs in this process with Console.Out redirected; it seeds the default generator itself.
/// </summary>
[Collection(DefaultGeneratorCollection.Name)]
public class TutorialTests
{
    private static readonly Regex Address = new("0x[0-9a-f]+");

    private static string Normalize(string text) => Address.Replace(text.Replace("\r\n", "\n"), "0x…").TrimEnd('\n');

    private static string Expected() =>
        Normalize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "pytorch_tutorial.expected.txt")));

    private static string RunTutorial() => Samples.Run("Tutorial");

    [Fact]
    public void PrintsPyTorchsDocumentedOutput()
    {
        // Leave the default generator somewhere else first: the tutorial must seed it itself.
        Torch.ManualSeed(12345);
        Torch.Randn(7);
        var actual = RunTutorial();
        Assert.Equal(Expected(), Normalize(actual));
    }

    [Fact]
    public void GradFnLinesPrintAddressesAsPythonDoes()
    {
        var lines = RunTutorial().Replace("\r\n", "\n").Split('\n');
        var objects = Array.FindAll(lines, l => l.Contains(" object at "));
        Assert.Equal(3, objects.Length);
        Assert.All(objects, l => Assert.Matches(new Regex("^<(AddBackward0|SumBackward0) object at 0x[0-9a-f]+>$"), l));
        Assert.Equal(3, new System.Collections.Generic.HashSet<string>(objects).Count);
    }

    [Fact]
    public void ExpectedFileIsTheTutorialsOutput()
    {
        // Guards the comparison itself: the file holds the tutorial's 63 lines, starting and ending as PyTorch's page does.
        var expected = Expected().Split('\n');
        Assert.Equal(63, expected.Length);
        Assert.Equal("tensor([1., 2., 3.])", expected[0]);
        Assert.Equal("False", expected[^1]);
        Assert.Contains("<AddBackward0 object at 0x…>", expected);
    }
}

/// <summary>Torch.Print writes as Python's print (Console.Out is process-wide, so this shares the tutorial's collection).</summary>
[Collection(DefaultGeneratorCollection.Name)]
public class PrintTests
{
    private static string Capture(Action print)
    {
        var original = Console.Out;
        using var output = new StringWriter { NewLine = "\n" };
        Console.SetOut(output);
        try
        {
            print();
        }
        finally
        {
            Console.SetOut(original);
        }
        return output.ToString();
    }

    // print(None, True, 1.0, 1e-05, 3, torch.tensor([1.]), x.grad) with x.grad None
    [Fact]
    public void PrintsLikePython()
    {
        Tensor? grad = Torch.Tensor([1f], requiresGrad: true).Grad;
        Assert.Equal("None True 1.0 1e-05 3 tensor([1.]) None\n", Capture(() => Torch.Print(null, true, 1.0, 1e-5, 3, Torch.Tensor([1f]), grad)));
        Assert.Equal("None\n", Capture(() => Torch.Print(grad)));
        Assert.Equal("0.5\n", Capture(() => Torch.Print(Torch.Tensor(0.5f).Item<float>())));
        Assert.Equal("\n", Capture(() => Torch.Print()));
    }

    // print("word", ["a", "it's"], ("x",), {"me": 0, "b": [1.5, None]}, (["forty", "When"], "winters"))
    [Fact]
    public void PrintsContainersAsPythonReprs()
    {
        var dict = new System.Collections.Generic.Dictionary<string, object?> { ["me"] = 0, ["b"] = new object?[] { 1.5, null } };
        Assert.Equal("word ['a', \"it's\"] ('x',) {'me': 0, 'b': [1.5, None]} (['forty', 'When'], 'winters')\n",
            Capture(() => Torch.Print("word", new[] { "a", "it's" }, System.ValueTuple.Create("x"), dict, (new[] { "forty", "When" }, "winters"))));
        // A list passed alone: Print's params array would take an object[] as its arguments.
        Assert.Equal("['a\\'b\"c', 'new\\nline', True, 2.0]\n", Capture(() => Torch.Print(new System.Collections.Generic.List<object> { "a'b\"c", "new\nline", true, 2f })));
        Assert.Equal("(tensor([1.]), tensor(2))\n", Capture(() => Torch.Print((Torch.Tensor([1f]), Torch.Tensor(2L)))));
    }
}
