// The native peer of the C# benchmark in bench/Peers: Eigen 3.4 versions of the same workloads
// (the MLP training step, forward and backward with hand-written gradients, in fixed-size and
// dynamic-size flavours; a 256×256 matrix product; tanh and exp over a float array), exported
// with C linkage so that the C# side calls them through P/Invoke and times them in the same
// process as the .NET code. Built by build.sh (-O3 -march=native, single-threaded).
//
// Each *_run function loops `iterations` times itself, so one P/Invoke transition is spread over
// many steps; a compiler barrier after every step keeps the optimizer from hoisting or dropping
// the work. All matrices cross the boundary as row-major float32.

// MLP-L's fixed-size W1 and its gradient are 256×256 floats (256 KiB); Eigen refuses fixed-size
// objects above this limit at compile time (128 KiB by default) even when they live on the heap,
// as they do here. The same limit decides whether Eigen's internal buffers go on the stack, so
// the 256×256 product now packs its panels there rather than in a fresh heap block per call (it
// is faster for it), and the calls need about 450 KiB of stack, well within .NET's threads'.
#define EIGEN_STACK_ALLOCATION_LIMIT (256 * 1024)
// Single-threaded on purpose (there is no -fopenmp either): the .NET side runs on one thread.
#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Dense>

namespace {

using Eigen::Dynamic;

// A row-major matrix with compile-time dimensions when Fixed, else Dynamic×Dynamic. Eigen
// rejects a row-major matrix with one column, so a fixed single column is stored column-major
// (the same layout in memory).
template <bool Fixed, int R, int C>
using Mat = Eigen::Matrix<float, Fixed ? R : Dynamic, Fixed ? C : Dynamic,
                          (Fixed && C == 1 && R != 1) ? Eigen::ColMajor : Eigen::RowMajor>;

// The bias and its gradient: a row vector in both flavours, since rowwise() broadcasting needs a
// type that is a vector at compile time.
template <bool Fixed, int C>
using Row = Eigen::Matrix<float, 1, Fixed ? C : Dynamic, Eigen::RowMajor>;

// The same barrier as benchmark::DoNotOptimize: the pointer escapes and all memory may have been
// read and written, so every iteration's stores must happen and nothing is computed only once.
inline void Escape(const void* p) { asm volatile("" : : "g"(p) : "memory"); }

// Copies a row-major array into an Eigen matrix of the given shape (a Map of the same type, so
// the rows and columns are checked against the fixed dimensions in debug builds).
template <typename M>
void Load(M& m, const float* src, int rows, int cols) {
    m = Eigen::Map<const M>(src, rows, cols);
}

template <typename M>
void Store(const M& m, float* dst) {
    Eigen::Map<M>(dst, m.rows(), m.cols()) = m;
}

// What the C entry points see, so that one set of functions serves all four MLP variants.
struct MlpBase {
    virtual ~MlpBase() = default;
    virtual void Run(int iterations) = 0;
    virtual float Result(float* gw1, float* gb1, float* gw2) const = 0;
};

// One training step of h = tanh(x·W1 + b1), loss = mean((h·W2 − y)²), for a batch of B rows,
// I inputs, H hidden units and O outputs. Every intermediate is a member, allocated once, so the
// dynamic flavour does not call malloc inside the timed loop (Eigen's own product buffers aside).
template <bool Fixed, int B, int I, int H, int O>
struct Mlp final : MlpBase {
    // Fixed-size members are over-aligned for AVX-512; C++17's aligned new already honours that,
    // and the macro keeps the guarantee explicit (it is empty in C++17 mode).
    EIGEN_MAKE_ALIGNED_OPERATOR_NEW

    Mat<Fixed, B, I> x;
    Mat<Fixed, I, H> w1;
    Row<Fixed, H> b1;
    Mat<Fixed, H, O> w2;
    Mat<Fixed, B, O> y;

    Mat<Fixed, B, H> h, gz;
    Mat<Fixed, B, O> d, gd;

    Mat<Fixed, I, H> gw1;
    Row<Fixed, H> gb1;
    Mat<Fixed, H, O> gw2;
    float loss = 0;

    Mlp(const float* x_, const float* w1_, const float* b1_, const float* w2_, const float* y_)
        : h(B, H), gz(B, H), d(B, O), gd(B, O), gw1(I, H), gb1(1, H), gw2(H, O) {
        Load(x, x_, B, I);
        Load(w1, w1_, I, H);
        Load(b1, b1_, 1, H);
        Load(w2, w2_, H, O);
        Load(y, y_, B, O);
        gw1.setZero();
        gb1.setZero();
        gw2.setZero();
    }

    void Step() {
        constexpr float n = float(B * O);  // elements of d, the divisor of the mean
        // Forward. The bias add and tanh are two passes on purpose: written as one expression,
        // (h.rowwise() + b1).array().tanh(), Eigen 3.4 evaluates tanh one scalar at a time
        // (about ten times slower than the vectorized tanh here).
        h.noalias() = x * w1;
        h.rowwise() += b1;
        h.array() = h.array().tanh();
        d.noalias() = h * w2;
        d -= y;
        loss = d.squaredNorm() / n;
        // Backward.
        gd = d * (2.0f / n);
        gw2.noalias() = h.transpose() * gd;
        gz.noalias() = gd * w2.transpose();
        gz.array() *= 1.0f - h.array().square();
        gw1.noalias() = x.transpose() * gz;
        gb1 = gz.colwise().sum();
    }

    void Run(int iterations) override {
        for (int i = 0; i < iterations; i++) {
            Step();
            Escape(this);
        }
    }

    float Result(float* gw1_, float* gb1_, float* gw2_) const override {
        Store(gw1, gw1_);
        Store(gb1, gb1_);
        Store(gw2, gw2_);
        return loss;
    }
};

// MLP-S: x 16×32, W1 32×64, W2 64×10. MLP-L: x 64×256, W1 256×256, W2 256×10.
template <bool Fixed>
MlpBase* NewMlp(int size, const float* x, const float* w1, const float* b1, const float* w2,
                const float* y) {
    switch (size) {
        case 0: return new Mlp<Fixed, 16, 32, 64, 10>(x, w1, b1, w2, y);
        case 1: return new Mlp<Fixed, 64, 256, 256, 10>(x, w1, b1, w2, y);
        default: return nullptr;
    }
}

using DynMat = Eigen::Matrix<float, Dynamic, Dynamic, Eigen::RowMajor>;

struct Matmul {
    DynMat a, b, c;
};

}  // namespace

extern "C" {

// size: 0 = MLP-S, 1 = MLP-L; fixed: 1 = compile-time dimensions, 0 = dynamic. The inputs are
// copied, so the caller's arrays may be freed afterwards. Returns null for an unknown size.
void* mlp_create(int size, int fixed, const float* x, const float* w1, const float* b1,
                 const float* w2, const float* y) {
    return fixed ? NewMlp<true>(size, x, w1, b1, w2, y) : NewMlp<false>(size, x, w1, b1, w2, y);
}

void mlp_run(void* state, int iterations) { static_cast<MlpBase*>(state)->Run(iterations); }

// Copies the last step's gradients out (row-major: gw1 I×H, gb1 H, gw2 H×O); returns its loss.
float mlp_result(void* state, float* gw1, float* gb1, float* gw2) {
    return static_cast<const MlpBase*>(state)->Result(gw1, gb1, gw2);
}

void mlp_destroy(void* state) { delete static_cast<MlpBase*>(state); }

// c = a·b for n×n row-major a and b.
void* matmul_create(int n, const float* a, const float* b) {
    auto* m = new Matmul;
    m->a = Eigen::Map<const DynMat>(a, n, n);
    m->b = Eigen::Map<const DynMat>(b, n, n);
    m->c.setZero(n, n);
    return m;
}

void matmul_run(void* state, int iterations) {
    auto* m = static_cast<Matmul*>(state);
    for (int i = 0; i < iterations; i++) {
        m->c.noalias() = m->a * m->b;
        Escape(m->c.data());
    }
}

void matmul_result(void* state, float* c) { Store(static_cast<const Matmul*>(state)->c, c); }

void matmul_destroy(void* state) { delete static_cast<Matmul*>(state); }

// y = tanh(x) and y = exp(x) over n floats, with Eigen's vectorized approximations.
void tanh_run(const float* x, float* y, int n, int iterations) {
    Eigen::Map<const Eigen::ArrayXf> in(x, n);
    Eigen::Map<Eigen::ArrayXf> out(y, n);
    for (int i = 0; i < iterations; i++) {
        out = in.tanh();
        Escape(y);
    }
}

void exp_run(const float* x, float* y, int n, int iterations) {
    Eigen::Map<const Eigen::ArrayXf> in(x, n);
    Eigen::Map<Eigen::ArrayXf> out(y, n);
    for (int i = 0; i < iterations; i++) {
        out = in.exp();
        Escape(y);
    }
}

}  // extern "C"
