#!/usr/bin/env bash
# Builds the Eigen peer (native/build.sh, which installs libeigen3-dev when missing) and the bench in
# Release, applies the fix for TorchSharp's native glue (needed after every build), and runs it.
# Arguments go to the bench: `run.sh` runs every workload and the cold starts; `run.sh mlp-s tanh`
# only those workloads. TORCHSHARP_FIX may name another copy of the fix script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fix="${TORCHSHARP_FIX:-$here/../../tools/TorchReference/torchsharp-fix.sh}"
cd "$here"
out=bin/Release/net10.0
dotnet build -c Release Peers.csproj
bash native/build.sh "$here/$out/libpeers_eigen.so"
bash "$fix" "$out"
dotnet "$out/Peers.dll" "$@"
