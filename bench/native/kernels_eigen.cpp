// The native baseline for bench/TensorDsl.Benchmarks: the same two training steps (forward and
// backward, gradients written by hand) with Eigen's fixed-size float matrices, compiled with
// -O3 -march=native. Run with ./run.sh.
#include <benchmark/benchmark.h>
#include <Eigen/Dense>
#include <random>

using Eigen::Matrix;
using Eigen::RowMajor;

template <int R, int C>
using Mat = Matrix<float, R, C, (C == 1 ? Eigen::ColMajor : RowMajor)>;

template <typename M>
static void Fill(M& m, std::mt19937& rng) {
    std::normal_distribution<float> normal;
    for (int i = 0; i < m.size(); i++) m.data()[i] = normal(rng);
}

// The README's example kernel: h = tanh(x·w1 + b1), d = h·w2 - y, loss = mean(d²).
static void MlpStep(benchmark::State& state) {
    std::mt19937 rng(0);
    Mat<8, 4> x; Mat<4, 16> w1; Matrix<float, 1, 16> b1; Mat<16, 1> w2; Mat<8, 1> y;
    Fill(x, rng); Fill(w1, rng); Fill(b1, rng); Fill(w2, rng); Fill(y, rng);
    Mat<4, 16> gw1; Matrix<float, 1, 16> gb1; Mat<16, 1> gw2;
    for (auto _ : state) {
        Mat<8, 16> h = ((x * w1).rowwise() + b1).array().tanh().matrix();
        Mat<8, 1> d = h * w2 - y;
        float loss = d.squaredNorm() / 8.0f;
        Mat<8, 1> gd = d * (2.0f / 8.0f);
        gw2.noalias() = h.transpose() * gd;
        Mat<8, 16> gz = ((gd * w2.transpose()).array() * (1.0f - h.array().square())).matrix();
        gw1.noalias() = x.transpose() * gz;
        gb1 = gz.colwise().sum();
        benchmark::DoNotOptimize(loss);
        benchmark::DoNotOptimize(gw1.data());
        benchmark::DoNotOptimize(gb1.data());
        benchmark::DoNotOptimize(gw2.data());
    }
}
BENCHMARK(MlpStep);

// loss = Σ relu(x·w + b) for x 64×128, w 128×64.
static void DenseStep(benchmark::State& state) {
    std::mt19937 rng(1);
    using X = Matrix<float, Eigen::Dynamic, Eigen::Dynamic, RowMajor>;
    X x(64, 128), w(128, 64);
    Matrix<float, 1, Eigen::Dynamic> b(64);
    Fill(x, rng); Fill(w, rng); Fill(b, rng);
    X gx(64, 128), gw(128, 64), z(64, 64), g(64, 64);
    Matrix<float, 1, Eigen::Dynamic> gb(64);
    for (auto _ : state) {
        z.noalias() = x * w;
        z.rowwise() += b;
        float loss = z.cwiseMax(0.0f).sum();
        g = (z.array() > 0.0f).cast<float>().matrix();
        gx.noalias() = g * w.transpose();
        gw.noalias() = x.transpose() * g;
        gb = g.colwise().sum();
        benchmark::DoNotOptimize(loss);
        benchmark::DoNotOptimize(gx.data());
        benchmark::DoNotOptimize(gw.data());
        benchmark::DoNotOptimize(gb.data());
    }
}
BENCHMARK(DenseStep);

BENCHMARK_MAIN();
