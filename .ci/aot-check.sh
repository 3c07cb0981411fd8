#!/usr/bin/env bash
# NativeAOT: samples/Kernels (generated kernels, eager autograd, printing, and the runtime's module
# initializer, which queues nothing under AOT) and samples/Tutorial (the eager ops of PyTorch's
# tutorial) publish with PublishAot without a single warning, and their native executables print
# what the JIT-compiled runs print; the tutorial also prints PyTorch's documented output.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/.ci/lib.sh"
# The AOT compiler links with clang and zlib.
command -v clang >/dev/null || apt_install_missing clang
apt_install_missing zlib1g-dev

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
# Eager sums round by vector width, so the native code targets this CPU, as the JIT does, for the
# outputs to be comparable digit for digit. ILC's warnings are errors (and each one is listed).
aot_props=(-p:IlcInstructionSet=native -p:IlcTreatWarningsAsErrors=true -p:TrimmerSingleWarn=false -p:TreatWarningsAsErrors=true)
normalize() { sed 's/0x[0-9a-f]*/0x…/g' "$1"; }

for sample in Kernels Tutorial; do
  echo "== $sample"
  log="$work/$sample.publish.log"
  dotnet publish "$root/samples/$sample" -c Release -r "$rid" "${aot_props[@]}" -o "$work/$sample" -nologo > "$log" 2>&1 \
    || { cat "$log"; echo "FAIL: $sample does not publish with PublishAot" >&2; exit 1; }
  grep -q "Generating native code" "$log" || { cat "$log"; echo "FAIL: $sample was not compiled ahead of time" >&2; exit 1; }
  assert_no_warnings "$log" "the AOT publish of $sample"
  "$work/$sample/$sample" > "$work/$sample.aot.txt"
  dotnet run --project "$root/samples/$sample" -c Release -nologo > "$work/$sample.jit.txt"
  diff <(normalize "$work/$sample.jit.txt") <(normalize "$work/$sample.aot.txt") \
    || { echo "FAIL: the AOT $sample prints otherwise than the JIT one (diff above: < JIT, > AOT)" >&2; exit 1; }
  echo "$sample: published without warnings, $(wc -l < "$work/$sample.aot.txt") lines as the JIT run prints (${SECONDS}s)"
done
diff <(normalize "$root/tests/TensorDsl.Tests/TestData/pytorch_tutorial.expected.txt") <(normalize "$work/Tutorial.aot.txt") \
  || { echo "FAIL: the AOT tutorial prints otherwise than PyTorch (diff above: < PyTorch, > AOT)" >&2; exit 1; }
echo "Tutorial (AOT) prints PyTorch's documented output"
echo "AOT check passed"
