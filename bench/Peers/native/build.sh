#!/usr/bin/env bash
# Builds libpeers_eigen.so, the Eigen peer that the C# benchmark in bench/Peers loads through
# P/Invoke (installs libeigen3-dev when missing). Usage: build.sh [output path]; the default is
# build/libpeers_eigen.so next to this script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/build/libpeers_eigen.so}"
if [ ! -d /usr/include/eigen3 ]; then
  apt-get update -qq && apt-get install -y -qq libeigen3-dev
fi
mkdir -p "$(dirname "$out")"
g++ -O3 -march=native -DNDEBUG -std=c++17 -shared -fPIC -I/usr/include/eigen3 \
  "$here/peers_eigen.cpp" -o "$out"
