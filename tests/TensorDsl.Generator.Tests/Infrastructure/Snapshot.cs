using System;
using System.IO;
using TensorDsl.Testing;
using Xunit;

namespace TensorDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Snapshot verification following Verify's conventions: the expected text is
/// <c>Snapshots/&lt;Test&gt;#&lt;Hint&gt;.verified.cs</c> in this project's source folder; on a mismatch the actual
/// text is written to <c>.received.cs</c> and the test fails. Set TENSORDSL_ACCEPT_SNAPSHOTS=1 to
/// accept received text as the new verified text.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "TENSORDSL_ACCEPT_SNAPSHOTS";

    private static readonly string Directory = Repository.PathOf("tests/TensorDsl.Generator.Tests/Snapshots");

    public static void Verify(string actual, string testName, string hintName)
    {
        var stem = Path.Combine(Directory, $"{testName}#{hintName.Replace(".g.cs", "")}");
        var verified = stem + ".verified.cs";
        var received = stem + ".received.cs";
        actual = actual.Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, actual);
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
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
