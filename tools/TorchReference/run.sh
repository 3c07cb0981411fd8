#!/usr/bin/env bash
# Builds TorchReference, applies the fix for TorchSharp's native glue (needed after every build:
# the build copies the unpatched libLibTorchSharp.so again), and writes the golden files.
#
#   tools/TorchReference/run.sh [OUTPUT_DIR]
#
# OUTPUT_DIR defaults to tests/TensorDsl.Tests/Golden/Torch. TORCHSHARP_FIX may name another copy of
# the fix script (default: torchsharp-fix.sh beside this file).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fix="${TORCHSHARP_FIX:-$here/torchsharp-fix.sh}"
args=()
if [ $# -ge 1 ]; then args=("$(realpath -m "$1")"); fi
cd "$here"
dotnet build -c Release TorchReference.csproj
bash "$fix" bin/Release/net10.0
# The grad_fn shim (GradFn.cs), linked against the libtorch_cpu.so beside it.
native=bin/Release/net10.0/runtimes/linux-x64/native
g++ -shared -fPIC -O2 -std=c++17 -o "$native/libtdslgradfn.so" native/gradfn.cpp -L"$native" -l:libtorch_cpu.so -Wl,-rpath,'$ORIGIN'
dotnet bin/Release/net10.0/TorchReference.dll "${args[@]}"
