using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// The errors libtorch 2.10 raises from inside its kernels, word for word: which kernel a product
/// reaches decides its dtype and size messages, and unary kernels reject dtypes in their own terms.
/// The expected texts were taken from libtorch itself (through TorchSharp 0.107).
/// </summary>
public class KernelErrorTests
{
    private static void RuntimeError(string message, Func<object> call) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => call()).Message);

    private static Tensor F(params int[] shape) => Torch.Randn(shape, generator: new Generator(0));

    private static Tensor D(params int[] shape) => Torch.Randn(shape, DType.Float64, generator: new Generator(0));

    private static Tensor B(params int[] shape) => Torch.Ones(shape, DType.Bool);

    [Fact]
    public void ProductDTypeMismatchNamesTheKernelsCheck()
    {
        RuntimeError("dot : expected both vectors to have same dtype, but found Float and Double", () => F(3).MatMul(D(3)));
        RuntimeError("expected scalar type Float but found Double", () => F(2, 3).MatMul(D(3)));
        RuntimeError("expected scalar type Double but found Float", () => D(2, 3).MatMul(F(3)));
        RuntimeError("expected m1 and m2 to have the same dtype, but got: float != double", () => F(2, 3).MatMul(D(3, 2)));
        RuntimeError("expected m1 and m2 to have the same dtype, but got: float != double", () => F(3).MatMul(D(3, 2)));
        RuntimeError("expected m1 and m2 to have the same dtype, but got: double != float", () => D(2, 3).MatMul(F(3, 2)));
        // 3-D·2-D folds into mm; 3-D·1-D into mv; 3-D·3-D is bmm.
        RuntimeError("expected m1 and m2 to have the same dtype, but got: float != double", () => F(2, 2, 3).MatMul(D(3, 2)));
        RuntimeError("expected scalar type Float but found Double", () => F(2, 2, 3).MatMul(D(3)));
        RuntimeError("expected scalar type Float but found Double", () => F(2, 2, 3).MatMul(D(2, 3, 2)));
    }

    [Fact]
    public void BoolProductsNameTheirKernel()
    {
        RuntimeError("\"dot\" not implemented for 'Bool'", () => B(3).MatMul(B(3)));
        RuntimeError("\"addmv_impl_cpu\" not implemented for 'Bool'", () => B(2, 3).MatMul(B(3)));
        RuntimeError("\"addmm_impl_cpu_\" not implemented for 'Bool'", () => B(2, 3).MatMul(B(3, 2)));
        RuntimeError("\"addmm_impl_cpu_\" not implemented for 'Bool'", () => B(3).MatMul(B(3, 2)));
        RuntimeError("\"addmm_impl_cpu_\" not implemented for 'Bool'", () => B(2, 2, 3).MatMul(B(3, 2)));
        RuntimeError("\"bmm\" not implemented for 'Bool'", () => B(2, 2, 3).MatMul(B(2, 3, 2)));
    }

    [Fact]
    public void AnUnfoldableLeftOperandGoesThroughBmm()
    {
        // A transposed batch cannot be folded into rows without a copy: bmm reports the mismatch.
        RuntimeError("Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 3].",
            () => F(2, 4, 3).Transpose(1, 2).MatMul(F(3)));
        RuntimeError("size mismatch, got input (6), mat (6x4), vec (3)", () => F(2, 3, 4).MatMul(F(3)));
    }

    [Fact]
    public void UnaryKernelsRejectDTypesInTheirOwnWords()
    {
        RuntimeError("\"abs_cpu\" not implemented for 'Bool'", () => B(3).Abs());
        RuntimeError("Boolean inputs not supported for relu", () => B(3).Relu());
        RuntimeError("\"softmax_lastdim_kernel_impl\" not implemented for 'Long'", () => Torch.Ones([3], DType.Int64).Softmax(0));
        RuntimeError("\"log_softmax_lastdim_kernel_impl\" not implemented for 'Long'", () => Torch.Ones([3], DType.Int64).LogSoftmax(0));
        RuntimeError("\"softmax_lastdim_kernel_impl\" not implemented for 'Int'", () => Torch.Ones([3], DType.Int32).Softmax(0));
        // Along another dim both share softmax's kernel.
        RuntimeError("\"softmax_kernel_impl\" not implemented for 'Long'", () => Torch.Ones([2, 3], DType.Int64).Softmax(0));
        RuntimeError("\"softmax_kernel_impl\" not implemented for 'Long'", () => Torch.Ones([2, 3], DType.Int64).LogSoftmax(0));
    }

    [Fact]
    public void SoftmaxOfAnEmptyIntegerTensorIsEmpty()
    {
        var r = Torch.Ones([0], DType.Int64).Softmax(0);
        Assert.Equal(DType.Int64, r.DType);
        Assert.Equal(new[] { 0 }, r.Shape.ToArray());
        Assert.Equal(DType.Int64, Torch.Ones([0], DType.Int64).LogSoftmax(0).DType);
    }

    [Fact]
    public void ShapeArgumentsAreCheckedInLibtorchsWords()
    {
        RuntimeError("invalid shape dimension -3 at index 1 of shape [2, -3]", () => F(6).View(2, -3));
        RuntimeError("zeros: Dimension size must be non-negative.", () => Torch.Zeros(2, -1));
        RuntimeError("Trying to create tensor with negative dimension -1: [2, -1]", () => Torch.Ones(2, -1));
        RuntimeError("upper bound and lower bound inconsistent with step sign", () => Torch.Arange(0, -1, 3));
        RuntimeError("upper bound and lower bound inconsistent with step sign", () => Torch.Arange(0, 1, -3));
        RuntimeError("step must be nonzero", () => Torch.Arange(0, 1, 0));
    }
}
