using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace TensorDsl.Analyzers.Tests.EndToEnd;

// The one end-to-end check: `dotnet build` of a consuming project, with the runtime as a reference
// and the analyzers as analyzer references (the layout of the NuGet package), prints the
// diagnostics with the real compiler, which also proves the analyzers load in it (no CS9057).
public class BuildTests
{
    private const string Program = """
        using TensorDsl;

        var x_1 = Torch.Randn(2, 5);
        var x_2 = Torch.Randn(2, 3);
        Torch.Cat([x_1, x_2]);
        var s = Torch.Randn(3) + Torch.Randn(4);
        float g = K.GoodKernel.Forward(new float[2]);
        var applied = K.GoodKernel.Apply(Torch.Randn(3));

        public partial class K
        {
        #pragma warning disable TD0101
            [Kernel] public Tensor NotStatic([Shape(2)] Tensor a) => a * 2;
        #pragma warning restore TD0101
            [Kernel] public static Tensor Loop([Shape(2)] Tensor a)
            {
                for (int i = 0; i < 2; i++) a = a * 2;
                return a;
            }
            [Kernel] public static Tensor Good([Shape(2)] Tensor a) => (a * a).Sum();
        }
        """;

    [Fact]
    public async Task DiagnosticsAppearInDotnetBuildOutput()
    {
        var bin = AppContext.BaseDirectory;
        var dir = Directory.CreateTempSubdirectory("tensordsl-consumer-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <Reference Include="TensorDsl" HintPath="{Path.Combine(bin, "TensorDsl.dll")}" />
                    <Analyzer Include="{Path.Combine(bin, "TensorDsl.Analyzers.dll")}" />
                    <Analyzer Include="{Path.Combine(bin, "TensorDsl.CodeFixes.dll")}" />
                    <Analyzer Include="{Path.Combine(bin, "TensorDsl.Generator.dll")}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(dir.FullName, "Program.cs"), Program);
            // Stop MSBuild's upward search: nothing from the temp folder's parents may change the build.
            File.WriteAllText(Path.Combine(dir.FullName, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(dir.FullName, "Directory.Build.targets"), "<Project />");
            File.WriteAllText(Path.Combine(dir.FullName, ".editorconfig"), "root = true\n[*.cs]\ndotnet_diagnostic.TD0004.severity = warning\ndotnet_diagnostic.TD0105.severity = warning\n");

            var (exitCode, output) = await RunAsync(dir.FullName, "build", "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false");

            Assert.True(exitCode != 0, output);
            Assert.Contains("Program.cs(5,17): error TD0001: Sizes of tensors must match except in dimension 0. Expected size 5 but got size 3 for tensor number 1 in the list.", output);
            Assert.Contains("Program.cs(6,9): warning TD0004: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0", output);
            // The generator's diagnostics obey .editorconfig and #pragma too, and its valid kernels compile.
            Assert.Contains("warning TD0105: A for loop is not supported in a kernel", output);
            Assert.DoesNotContain("TD0101", output);
            // Apply carries the kernel's [Shape]s, so its calls are checked like the kernel's, with the runtime's message.
            Assert.Contains("error TD0006: Expected tensor of size [2], but got tensor of size [3] for argument #1 'a' (while checking arguments for Apply)", output);
            Assert.DoesNotContain("error CS", output);
            Assert.DoesNotContain("CS9057", output);   // analyzer built against a newer compiler: silently skipped
            Assert.DoesNotContain("CS8034", output);   // analyzer assembly that cannot be loaded
            Assert.DoesNotContain("AD0001", output);   // analyzer that threw
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
