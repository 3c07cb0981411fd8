using System;
using System.IO;
using System.Text.RegularExpressions;
using TensorDsl.Testing;
using Xunit;

namespace TensorDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Snapshot verification following Verify's conventions: the expected text is
/// <c>Snapshots/&lt;Test&gt;#&lt;Hint&gt;.verified.cs</c> in this project's source folder; on a mismatch the actual
/// text is written to <c>.received.cs</c> and the test fails. Set TENSORDSL_ACCEPT_SNAPSHOTS=1 to
/// accept received text as the new verified text. The generator's version is left out of both.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "TENSORDSL_ACCEPT_SNAPSHOTS";

    private static readonly string Directory = Repository.PathOf("tests/TensorDsl.Generator.Tests/Snapshots");

    // [GeneratedCode] names the generator's version, the package's (VersionPrefix in
    // Directory.Build.props); a new version is no change of the generated code.
    private static readonly Regex GeneratorVersion = new(@"(GeneratedCode\(""TensorDsl\.Generator"", "")[^""]*""");

    private static string WithoutVersion(string text) => GeneratorVersion.Replace(text, "${1}{version}\"");

    public static void Verify(string actual, string testName, string hintName)
    {
        var stem = Path.Combine(Directory, $"{testName}#{hintName.Replace(".g.cs", "")}");
        var verified = stem + ".verified.cs";
        var received = stem + ".received.cs";
        actual = WithoutVersion(actual.Replace("\r\n", "\n"));

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, actual);
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? WithoutVersion(File.ReadAllText(verified).Replace("\r\n", "\n")) : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No verified snapshot {verified}. Received text written to {received}; review it and rename it (or set {AcceptVariable}=1)."
            : $"Snapshot mismatch for {verified}. Received text written to {received}; diff the two (set {AcceptVariable}=1 to accept).");
    }
}
