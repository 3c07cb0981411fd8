using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// Tests that use process-wide state: <see cref="Generator.Default"/> (through <c>Torch.ManualSeed</c> or a
/// factory called without a generator) and <see cref="System.Console.Out"/> (through <c>Torch.Print</c>).
/// They run one at a time and never alongside any other test, so no test's draws or output can leak into another's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultGeneratorCollection
{
    public const string Name = "Default generator and console";
}
