#!/usr/bin/env bash
# The package as a user gets it: `dotnet pack` at the root gives TensorDsl.<version>.nupkg and nothing
# else, with the runtime, the generator, analyzers and code fixes, the build props and the docs;
# then a new console project that references it from a local folder (the README's commands)
# compiles and runs a kernel, and a cat of mismatched shapes fails its build with TD0001.
# Packages restore into a private folder, so no TensorDsl of the same version stays in the global cache.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/.ci/lib.sh"
apt_install_missing unzip

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
feed="$work/feed"
export NUGET_PACKAGES="$work/packages"

version="$(package_version "$root")"
# The README's commands name the version; they must name this one.
grep -qF "dotnet add package TensorDsl --version $version" "$root/README.md" \
  || { echo "FAIL: README.md does not say 'dotnet add package TensorDsl --version $version'" >&2; exit 1; }
echo "== dotnet pack at the root (version $version)"
(cd "$root" && dotnet pack -o "$feed" -nologo -v:q)
packages="$(cd "$feed" && ls)"
[ "$packages" = "TensorDsl.$version.nupkg" ] || { echo "FAIL: expected only TensorDsl.$version.nupkg, got: $packages" >&2; exit 1; }
contents="$(unzip -Z1 "$feed/TensorDsl.$version.nupkg")"
expected=(lib/net10.0/TensorDsl.dll README.md
  analyzers/dotnet/cs/TensorDsl.Generator.dll analyzers/dotnet/cs/TensorDsl.Analyzers.dll analyzers/dotnet/cs/TensorDsl.CodeFixes.dll)
shopt -s nullglob
for f in "$root"/src/Runtime/build/*.props "$root"/src/Runtime/build/*.targets; do
  expected+=("build/${f##*/}" "buildTransitive/${f##*/}")
done
for f in "$root"/docs/diagnostics/*.md; do expected+=("docs/diagnostics/${f##*/}"); done
for f in "${expected[@]}"; do
  grep -qxF "$f" <<<"$contents" || { echo "FAIL: the package lacks $f" >&2; exit 1; }
done
grep -q "<readme>README.md</readme>" <(unzip -p "$feed/TensorDsl.$version.nupkg" TensorDsl.nuspec) || { echo "FAIL: no readme in the nuspec" >&2; exit 1; }
echo "TensorDsl.$version.nupkg: ${#expected[@]} expected files present (${SECONDS}s)"

echo "== a new console project from the local folder"
app="$work/app"
dotnet new console -o "$app" -n PackageUser --no-restore >/dev/null
cd "$app"
# The README's commands: a nuget.config of the project's own (nuget.org) plus the local folder.
dotnet new nugetconfig >/dev/null
dotnet nuget add source "$feed" --name tensordsl-local >/dev/null
dotnet add package TensorDsl --version "$version" >/dev/null
# The package restored is the one just packed, not one of the same id and version from elsewhere.
restored="$NUGET_PACKAGES/tensordsl/$version/tensordsl.$version.nupkg.sha512"
packed="$(sha512sum "$feed/TensorDsl.$version.nupkg" | cut -d' ' -f1)"
[ "$(base64 -d "$restored" | od -An -tx1 | tr -d ' \n')" = "$packed" ] || { echo "FAIL: the restored TensorDsl $version is not the one packed" >&2; exit 1; }

cat > Demo.cs <<'CS'
using TensorDsl;

namespace PackageUser;

public static partial class Demo
{
    [Kernel]
    public static Tensor Dot([Shape(3), NoGrad] Tensor x, [Shape(3)] Tensor w) => (x * w).Sum();
}
CS
cat > Program.cs <<'CS'
using PackageUser;
using TensorDsl;

float[] x = [1f, 2f, 3f], w = [4f, 5f, 6f];
var gradW = new float[Demo.DotKernel.WLength];
float value = Demo.DotKernel.Backward(x, w, gradW);
System.Console.WriteLine($"{value} [{string.Join(", ", gradW)}]");
Torch.Print(Demo.DotKernel.Apply(Torch.Tensor(x), Torch.Tensor(w, requiresGrad: true)));
CS
# -warnaserror: an analyzer the compiler cannot load is only a warning (CS8032, CS9057).
dotnet build -nologo -v:q -warnaserror -p:EmitCompilerGeneratedFiles=true > "$work/build.log" 2>&1 \
  || { cat "$work/build.log"; echo "FAIL: the package user's project does not build" >&2; exit 1; }
# The generated kernel names the generator's version: the package's.
grep -rqF "GeneratedCode(\"TensorDsl.Generator\", \"${version%%-*}.0\")" obj/ \
  || { echo "FAIL: the generated kernel does not carry the generator version ${version%%-*}.0" >&2; exit 1; }
output="$(dotnet run --no-build)"
# 1·4 + 2·5 + 3·6 = 32; the gradient with respect to w is x.
expected_output=$'32 [1, 2, 3]\ntensor(32., grad_fn=<DotKernelBackward>)'
[ "$output" = "$expected_output" ] || { printf 'FAIL: the kernel printed\n%s\nexpected\n%s\n' "$output" "$expected_output" >&2; exit 1; }
echo "kernel compiled and ran: $(tr '\n' ' ' <<<"$output")(${SECONDS}s)"

echo "== a cat of mismatched shapes fails the build with TD0001"
cat > Mismatch.cs <<'CS'
using TensorDsl;

namespace PackageUser;

public static class Mismatch
{
    public static Tensor Join()
    {
        var x_1 = Torch.Randn(2, 5);
        var x_2 = Torch.Randn(2, 3);
        return Torch.Cat([x_1, x_2]);
    }
}
CS
if dotnet build -nologo -v:q -p:ErrorLog="$work/errors.sarif" > "$work/build.log" 2>&1; then
  echo "FAIL: the build with a cat mismatch succeeded" >&2; exit 1
fi
message="error TD0001: Sizes of tensors must match except in dimension 0. Expected size 5 but got size 3 for tensor number 1 in the list."
grep -qF "Mismatch.cs(11,32): $message" "$work/build.log" || { cat "$work/build.log"; echo "FAIL: no TD0001 at Mismatch.cs(11,32)" >&2; exit 1; }
# The help link the IDE shows: the published page of the docs that ship in the package as docs/diagnostics/TD0001.md.
help="$(grep -o '"helpUri": *"[^"]*TD0001[^"]*"' "$work/errors.sarif" | head -1 | sed 's/.*"\([^"]*\)"$/\1/')"
docs_url="$(dotnet msbuild "$root/src/Runtime/TensorDsl.csproj" -getProperty:TensorDslDocsUrl)"
[ "$help" = "${docs_url}diagnostics/TD0001.md" ] || { echo "FAIL: TD0001's help link is '$help'" >&2; exit 1; }
echo "build failed with TD0001 at Mismatch.cs(11,32); help link $help (${SECONDS}s)"
echo "package check passed"
