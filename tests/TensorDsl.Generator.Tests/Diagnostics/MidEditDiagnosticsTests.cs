using static TensorDsl.Generators.Tests.Diagnostics.KernelDiagnosticsTests;
using Xunit;

namespace TensorDsl.Generators.Tests.Diagnostics;

/// <summary>
/// Kernels the typing fuzz (Fuzz/) broke the generator on, each reported as the construct it is.
/// The compiler reports its own errors too; the markup holds the generator's only.
/// </summary>
public class MidEditDiagnosticsTests
{
    // A method group where a call belongs: Roslyn's operation of kind None, once read as node 0.
    [Fact]
    public void MethodGroupAsTheBody() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel] public static Tensor F([Shape(2, 3)] Tensor x, [Shape(3, 2)] Tensor w) => {|TD0106:x.MatMul|};
        }
        """);

    [Fact]
    public void CallWithItsOpeningParenthesisDeleted() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel] public static Tensor F([Shape(4)] Tensor x) => {|TD0106:x.Exp|}).Log();
        }
        """);

    // With other nodes before it, node 0 was a parameter: the kernel compiled as one that returns x.
    [Fact]
    public void MethodGroupAfterOtherValues() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel]
            public static Tensor F([Shape(4)] Tensor x)
            {
                var y = x * 2;
                var z = {|TD0106:y.Sum|};
                return {|TD0106:(y.Exp).Log()|};
            }
        }
        """);

    // Sizes whose product overflows int once made a kernel of 1 element, unrolled over all 2^62 indices.
    [Fact]
    public void ParameterOfMoreElementsThanAKernelHolds() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel] public static Tensor F([Shape(int.MaxValue, int.MaxValue, 1)] Tensor {|TD0104:a|}) => a.Softmax(0) + a;
        }
        """);

    [Fact]
    public void BroadcastAndProductOfMoreElementsThanAKernelHolds() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel] public static Tensor F([Shape(50000, 1)] Tensor a, [Shape(1, 50000)] Tensor b) => {|TD0106:a * b|} + {|TD0106:a.MatMul(b)|};
        }
        """);

    // Views add values without an op that could say so: the kernel is reported as a whole.
    [Fact]
    public void ViewsOfMoreElementsThanAKernelHolds() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel] public static Tensor {|TD0106:F|}([Shape(2, 350000000)] Tensor a) => a[0];
        }
        """);

    // A parameter whose name is not typed yet: the compiler's error; the generator makes nothing (it once failed on the empty name).
    [Fact]
    public void ParameterWithoutAName() => Verify("""
        using TensorDsl;
        public static partial class K
        {
            [Kernel] public static Tensor F([Shape(3)] Tensor x, [Shape(3)] Tensor ) => x;
        }
        """);
}
