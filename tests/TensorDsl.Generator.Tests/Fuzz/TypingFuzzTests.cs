using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace TensorDsl.Generators.Tests.Fuzz;

/// <summary>
/// The typing fuzz: every kernel and sample of the repository, as it is and broken as an editor
/// sees it mid-edit, through the generator and every analyzer. None may throw, none may take over
/// 2 s. CI runs <see cref="DefaultInputs"/> broken inputs; <c>TENSORDSL_FUZZ_INPUTS</c> sets another
/// count (and <c>TENSORDSL_FUZZ_SEED</c> another seed) for a long run.
/// </summary>
public class TypingFuzzTests(ITestOutputHelper log)
{
    private const int DefaultInputs = 3000;
    private const int DefaultSeed = 10;
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(2);

    private static readonly Lazy<Mutations.Parsed[]> s_sources = new(() =>
        FuzzCorpus.Sources.Select(s => new Mutations.Parsed(s)).Where(p => p.Tokens.Length > 0).ToArray());

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 0 ? v : fallback;

    /// <summary>The corpus holds each kind of source, and the fuzz runs every analyzer.</summary>
    [Fact]
    public void CorpusHasEveryKindOfSource()
    {
        var origins = s_sources.Value.Select(s => s.Origin).ToList();
        foreach (var origin in new[] { "samples/Tutorial/Program.cs", "samples/Kernels/Net.cs", "bench/Peers/Kernels.cs",
            "tests/TensorDsl.Generator.Tests/Numerics/TestKernels.cs (kernels 1–4 of", "tests/TensorDsl.Generator.Tests/Snapshots/SnapshotTests.cs:",
            "tests/TensorDsl.Analyzers.Tests/CatAnalyzerTests.cs:", "docs/kernels.md:", "README.md:", "random kernels, seed 1" })
        {
            Assert.Contains(origins, o => o.StartsWith(origin, StringComparison.Ordinal));
        }
        Assert.Equal(new[] { "ShapeAnalyzer", "TensorEqualityAnalyzer", "TensorMethodGroupAnalyzer" }, FuzzRunner.Analyzers.Select(a => a.GetType().Name));
    }

    /// <summary>The runner sees what an analyzer throws (it reaches the exception handler, not the caller).</summary>
    [Fact]
    public void AnalyzerExceptionsAreFailures()
    {
        var outcome = FuzzRunner.Run("class C { int F() => G(); int G() => 1; }", ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()));
        Assert.Contains(outcome.Exceptions, e => e.StartsWith("ThrowingAnalyzer: System.InvalidOperationException: thrown on G()", StringComparison.Ordinal));
        Assert.True(FuzzRunner.Run("class C { int F() => 1; }", ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer())).Exceptions.IsEmpty);
    }

    // Rules for shipped analyzers, not for one that lives in a test.
#pragma warning disable RS1036, RS1041, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_never = new("FUZZ1", "never", "never", "Test", DiagnosticSeverity.Warning, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(s_never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(c => throw new InvalidOperationException("thrown on " + c.Operation.Syntax), OperationKind.Invocation);
        }
    }
#pragma warning restore RS1036, RS1041, RS2008

    /// <summary>
    /// Inputs 0 to n-1 are the n sources as they are (their kernels must generate code: the corpus is
    /// what it should be); the broken ones follow.
    /// </summary>
    [Fact]
    public void SourcesAndBrokenSourcesNeitherThrowNorStall()
    {
        var sources = s_sources.Value;
        var withKernels = sources.Where(s => s.KernelTokens.Length > 0).ToArray();
        int broken = Setting("TENSORDSL_FUZZ_INPUTS", DefaultInputs), seed = Setting("TENSORDSL_FUZZ_SEED", DefaultSeed);
        int count = sources.Length + broken;
        FuzzInput Input(int i) => i < sources.Length
            ? new FuzzInput(i, sources[i].Origin, "as it is", 0, sources[i].Text)
            : Mutations.Make(sources, withKernels, seed, i);

        // TENSORDSL_FUZZ_INPUT=i runs input i alone, as a failure names it.
        int only = Setting("TENSORDSL_FUZZ_INPUT", -1);
        var (first, end) = only >= 0 ? (only, only + 1) : (0, count);

        // The code paths compile once, outside any input's time.
        FuzzRunner.Run(sources[0].Text);
        FuzzRunner.Run(withKernels[0].Text);
        var failures = new ConcurrentBag<(int Index, string What)>();
        var slow = new ConcurrentBag<int>();
        int generated = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(first, end, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var input = Input(i);
            var outcome = FuzzRunner.Run(input.Text);
            if (i < sources.Length) Interlocked.Add(ref generated, outcome.GeneratedKernels);
            if (!outcome.Exceptions.IsEmpty) failures.Add((i, input.Describe() + "\n" + string.Join("\n", outcome.Exceptions)));
            else if (outcome.Elapsed > s_limit) slow.Add(i);
        });
        // A slow input is timed again alone, three times at most, so that a busy machine does not count against it.
        foreach (int i in slow.OrderBy(i => i))
        {
            var input = Input(i);
            var times = Enumerable.Range(0, 3).Select(_ => FuzzRunner.Run(input.Text).Elapsed).TakeWhile(t => t > s_limit).ToList();
            if (times.Count == 3) failures.Add((i, input.Describe() + $"\ntook {times.Min().TotalSeconds:F1} s at best"));
        }
        log.WriteLine((only >= 0 ? $"input {only}" : $"{broken} broken inputs and {sources.Length} sources as they are ({withKernels.Length} with kernels)") + $", seed {seed}: "
            + $"{failures.Count} failures, {slow.Count} timed again, {clock.Elapsed.TotalSeconds:F1} s");

        Assert.True(failures.IsEmpty, $"{failures.Count} of {end - first} inputs failed (seed {seed}; TENSORDSL_FUZZ_INPUT=i runs input i alone):\n\n"
            + string.Join("\n\n", failures.OrderBy(f => f.Index).Take(20).Select(f => f.What)));
        if (only < 0) Assert.True(generated >= 250, $"the sources as they are generated {generated} kernels");
    }
}
