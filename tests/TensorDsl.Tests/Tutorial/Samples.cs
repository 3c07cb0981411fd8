using System;
using System.IO;
using System.Reflection;

namespace TensorDsl.Tests;

/// <summary>Runs a sample program in this process and returns what it printed.</summary>
internal static class Samples
{
    // The sample's entry point (top-level statements compile to Program.<Main>$(string[] args)).
    public static string Run(string assembly)
    {
        var entry = Assembly.Load(new AssemblyName(assembly)).EntryPoint
            ?? throw new InvalidOperationException($"samples/{assembly} has no entry point");
        var args = entry.GetParameters().Length == 0 ? null : new object[] { Array.Empty<string>() };
        var original = Console.Out;
        using var output = new StringWriter { NewLine = "\n" };
        Console.SetOut(output);
        try
        {
            entry.Invoke(null, args);
        }
        finally
        {
            Console.SetOut(original);
        }
        return output.ToString();
    }
}
