#!/usr/bin/env bash
# Builds the N-gram benchmark in Release, applies the fix for TorchSharp's native glue (needed after
# every build), and runs it. TORCHSHARP_FIX may name another copy of the fix script.
#
#   bench/NGram/run.sh [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fix="${TORCHSHARP_FIX:-$here/../../tools/TorchReference/torchsharp-fix.sh}"
cd "$here"
dotnet build -c Release NGram.csproj
bash "$fix" bin/Release/net10.0
dotnet bin/Release/net10.0/NGram.dll "$@"
