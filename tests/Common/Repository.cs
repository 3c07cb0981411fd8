using System;
using System.IO;

namespace TensorDsl.Testing;

/// <summary>
/// Files of the repository the tests were built from, found by walking up from the test binaries to
/// <c>Dsl.sln</c>. Not <c>[CallerFilePath]</c>: CI builds map source paths to <c>/_/</c>.
/// </summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dsl.sln"))) return dir.FullName;
        throw new InvalidOperationException("Dsl.sln not found above " + AppContext.BaseDirectory);
    }

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
}
