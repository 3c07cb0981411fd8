using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TensorDsl.Analyzers.Tests.Infrastructure;
using TensorDsl.Testing;
using Xunit;

namespace TensorDsl.Analyzers.Tests.EndToEnd;

// The README's "Train a model" example as a reader copies it: it compiles without diagnostics, is
// under 20 lines of code, and prints the accuracy it promises.
[Collection(ConsoleCollection.Name)]
public class ReadmeTests
{
    private static string TrainAModel()
    {
        var readme = File.ReadAllText(Repository.PathOf("README.md")).Replace("\r\n", "\n");
        var section = readme[readme.IndexOf("## Train a model", StringComparison.Ordinal)..];
        return Regex.Match(section, "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
    }

    [Fact]
    public void TrainAModelTrainsAsPrinted()
    {
        var code = TrainAModel();
        var lines = code.Split('\n').Where(l => l.Trim().Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal)).ToArray();
        Assert.True(lines.Length < 20, $"{lines.Length} lines");
        var compilation = TestCompilation.Create(code);
        Assert.Empty(AnalyzerVerifier.Diagnose(compilation));

        var original = Console.Out;
        using var output = new StringWriter { NewLine = "\n" };
        Console.SetOut(output);
        try
        {
            Assert.Null(TestCompilation.Run(compilation));
        }
        finally
        {
            Console.SetOut(original);
        }
        var expected = Regex.Match(code, @"// (tensor\(.*\))").Groups[1].Value;
        Assert.Equal(expected + "\n", output.ToString());
    }
}

/// <summary>Tests that redirect Console.Out run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
