#!/usr/bin/env bash
# Builds and runs the Eigen baseline (needs g++ and Google Benchmark, both on the dotnet machine
# image, and libeigen3-dev, installed here when missing). Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d /usr/include/eigen3 ]; then
  apt-get update -qq && apt-get install -y -qq libeigen3-dev
fi
mkdir -p build
g++ -O3 -march=native -DNDEBUG -std=c++17 -I/usr/include/eigen3 kernels_eigen.cpp -o build/kernels_eigen -lbenchmark -lpthread
./build/kernels_eigen --benchmark_min_time=1 "$@"
