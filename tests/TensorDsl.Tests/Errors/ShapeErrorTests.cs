using System;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>
/// Every shape rule's message reaches the user word for word (PyTorch's text), as PyTorch's exception family:
/// RuntimeError → <see cref="ArgumentException"/>, IndexError (dims and indices) → <see cref="ArgumentOutOfRangeException"/>,
/// state errors → <see cref="InvalidOperationException"/>. A failed call changes no tensor.
/// </summary>
public class ShapeErrorTests
{
    private static void Throws<TException>(string message, Func<object> call) where TException : Exception
    {
        var ex = Assert.Throws<TException>(() => call());
        Assert.Equal(message, ex.Message);
    }

    private static void RuntimeError(string message, Func<object> call) => Throws<ArgumentException>(message, call);

    private static void IndexError(string message, Func<object> call) => Throws<ArgumentOutOfRangeException>(message, call);

    private static Tensor Z(params int[] shape) => Torch.Zeros(shape);

    // ---- cat / stack ----------------------------------------------------------------------------

    // The tutorial's commented-out torch.cat([x_1, x_2]) of a [2, 5] and a [2, 3].
    [Fact]
    public void CatSizes()
    {
        RuntimeError("Sizes of tensors must match except in dimension 0. Expected size 5 but got size 3 for tensor number 1 in the list.",
            () => Torch.Cat([Z(2, 5), Z(2, 3)]));
        RuntimeError("Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 2 in the list.",
            () => Torch.Cat([Z(2, 1), Z(2, 4), Z(3, 1)], 1));
        RuntimeError("Sizes of tensors must match except in dimension 2. Expected size 3 but got size 4 for tensor number 1 in the list.",
            () => Torch.Cat([Z(2, 3, 1), Z(2, 4, 1)], -1));
    }

    [Fact]
    public void CatRanks() =>
        RuntimeError("Tensors must have same number of dimensions: got 2 and 3", () => Torch.Cat([Z(2, 3), Z(2, 3, 1)]));

    [Fact]
    public void CatZeroDim()
    {
        RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated", () => Torch.Cat([Torch.Tensor(1f), Torch.Tensor(2f)]));
        RuntimeError("zero-dimensional tensor (at position 1) cannot be concatenated", () => Torch.Cat([Z(2), Torch.Tensor(2f)]));
    }

    [Fact]
    public void CatEmptyList() => RuntimeError("torch.cat(): expected a non-empty list of Tensors", () => Torch.Cat([]));

    [Fact]
    public void CatDimOutOfRange()
    {
        IndexError("Dimension out of range (expected to be in range of [-2, 1], but got 2)", () => Torch.Cat([Z(2, 3), Z(2, 3)], 2));
        IndexError("Dimension out of range (expected to be in range of [-2, 1], but got -3)", () => Torch.Cat([Z(2, 3), Z(2, 3)], -3));
    }

    [Fact]
    public void Stack()
    {
        RuntimeError("stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1",
            () => Torch.Stack([Z(2, 3), Z(2, 4)]));
        RuntimeError("stack expects each tensor to be equal size, but got [] at entry 0 and [1] at entry 2",
            () => Torch.Stack([Torch.Tensor(1f), Torch.Tensor(2f), Z(1)]));
        RuntimeError("stack expects a non-empty TensorList", () => Torch.Stack([]));
        IndexError("Dimension out of range (expected to be in range of [-3, 2], but got 3)", () => Torch.Stack([Z(2, 3), Z(2, 3)], 3));
        IndexError("Dimension out of range (expected to be in range of [-3, 2], but got -4)", () => Torch.Stack([Z(2, 3), Z(2, 3)], -4));
    }

    // ---- view / reshape -------------------------------------------------------------------------

    [Fact]
    public void ViewElementCount()
    {
        RuntimeError("shape '[5]' is invalid for input of size 6", () => Z(2, 3).View(5));
        RuntimeError("shape '[5, -1]' is invalid for input of size 24", () => Z(2, 3, 4).View(5, -1));
        RuntimeError("shape '[5]' is invalid for input of size 6", () => Z(2, 3).Reshape(5));
        RuntimeError("shape '[0, -1]' is invalid for input of size 6", () => Z(6).View(0, -1));
        RuntimeError("shape '[]' is invalid for input of size 2", () => Z(2).Reshape());
    }

    [Fact]
    public void ViewSeveralInferredSizes()
    {
        RuntimeError("only one dimension can be inferred", () => Z(2, 3).View(-1, -1));
        RuntimeError("only one dimension can be inferred", () => Z(2, 3).Reshape(-1, 2, -1));
    }

    [Fact]
    public void ViewInferredSizeWithZeroElements() =>
        RuntimeError("cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension size -1 can be any value and is ambiguous",
            () => Z(0).View(0, -1));

    [Fact]
    public void ViewNegativeSize()
    {
        RuntimeError("invalid shape dimension -2 at index 0 of shape [-2, 2]", () => Z(4).Reshape(-2, 2));
        RuntimeError("invalid shape dimension -3 at index 1 of shape [2, -3]", () => Z(6).View(2, -3));
    }

    [Fact]
    public void ViewStrides() =>
        RuntimeError("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
            () => Z(2, 3).T().View(6));

    [Fact]
    public void FlattenArguments()
    {
        RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim", () => Z(2, 3, 4).Flatten(2, 1));
        IndexError("Dimension out of range (expected to be in range of [-3, 2], but got 3)", () => Z(2, 3, 4).Flatten(3));
    }

    // ---- matmul ---------------------------------------------------------------------------------

    [Fact]
    public void MatMul2D() =>
        RuntimeError("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", () => Z(2, 3).MatMul(Z(4, 5)));

    [Fact]
    public void MatMulVectorTimesMatrix() =>
        RuntimeError("mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)", () => Z(3).MatMul(Z(4, 5)));

    [Fact]
    public void MatMulDot() =>
        RuntimeError("inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively",
            () => Z(3).MatMul(Z(4)));

    [Fact]
    public void MatMulMv() =>
        RuntimeError("size mismatch, got input (2), mat (2x3), vec (4)", () => Z(2, 3).MatMul(Z(4)));

    [Fact]
    public void MatMulZeroDim()
    {
        RuntimeError("both arguments to matmul need to be at least 1D, but they are 0D and 2D", () => Torch.Tensor(1f).MatMul(Z(2, 2)));
        RuntimeError("both arguments to matmul need to be at least 1D, but they are 2D and 0D", () => Z(2, 2).MatMul(Torch.Tensor(1f)));
    }

    [Fact]
    public void MatMulBatched()
    {
        RuntimeError("Expected size for first two dimensions of batch2 tensor to be: [10, 4] but got: [10, 5].", () => Z(10, 3, 4).MatMul(Z(10, 5, 6)));
        // Folded: [2, 3, 4] x [5, 6] is one mm of a [6, 4].
        RuntimeError("mat1 and mat2 shapes cannot be multiplied (6x4 and 5x6)", () => Z(2, 3, 4).MatMul(Z(5, 6)));
        RuntimeError("size mismatch, got input (6), mat (6x4), vec (5)", () => Z(2, 3, 4).MatMul(Z(5)));
        RuntimeError("The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0", () => Z(2, 3, 4).MatMul(Z(3, 4, 5)));
    }

    // ---- broadcasting ---------------------------------------------------------------------------

    [Fact]
    public void Broadcasting()
    {
        const string message = "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1";
        RuntimeError(message, () => Z(2, 3) + Z(2, 4));
        RuntimeError(message, () => Z(2, 3) - Z(4));
        RuntimeError(message, () => Z(2, 3) * Z(1, 4));
        RuntimeError(message, () => Z(2, 3) / Z(2, 4));
        RuntimeError("The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 2", () => Z(4) + Z(2, 1, 3));
        RuntimeError("The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0", () => Z(2, 1) * Z(3, 1));
    }

    // ---- dims out of range ------------------------------------------------------------------------

    [Fact]
    public void DimOutOfRange()
    {
        const string message = "Dimension out of range (expected to be in range of [-2, 1], but got 2)";
        var m = Z(2, 3);
        IndexError(message, () => m.Sum(2));
        IndexError(message, () => m.Mean(2, keepDim: true));
        IndexError(message, () => m.Max(2));
        IndexError(message, () => m.Softmax(2));
        IndexError(message, () => m.LogSoftmax(2));
        IndexError(message, () => m.Transpose(0, 2));
        IndexError(message, () => m.Transpose(2, 0));
        IndexError(message, () => m.Squeeze(2));
        IndexError(message, () => m.Permute(0, 2));
        IndexError(message, () => m.Select(2, 0));
        IndexError(message, () => m.Slice(2, 0..1));
        IndexError("Dimension out of range (expected to be in range of [-2, 1], but got -3)", () => m.Sum(-3));
        IndexError("Dimension out of range (expected to be in range of [-3, 2], but got 3)", () => m.Unsqueeze(3));
        IndexError("Dimension out of range (expected to be in range of [-3, 2], but got -4)", () => m.Unsqueeze(-4));
    }

    // A 0-dim tensor accepts dims -1 and 0, as if it had one dim.
    [Fact]
    public void DimOutOfRangeForZeroDim()
    {
        const string message = "Dimension out of range (expected to be in range of [-1, 0], but got 1)";
        var s = Torch.Tensor(1f);
        IndexError(message, () => s.Sum(1));
        IndexError(message, () => s.Softmax(1));
        IndexError(message, () => s.Squeeze(1));
        IndexError("Dimension out of range (expected to be in range of [-1, 0], but got -2)", () => s.Mean(-2));
    }

    // PyTorch raises RuntimeError (not IndexError) for a wrong permute length and for t() of more than 2 dims.
    [Fact]
    public void PermuteArguments()
    {
        RuntimeError("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 3",
            () => Z(2, 3).Permute(0, 1, 2));
        RuntimeError("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 1 is not equal to len(dims) = 4",
            () => Z(2).Permute(0, 1, 2, 3));
        RuntimeError("permute(): duplicate dims are not allowed.", () => Z(2, 3).Permute(1, 1));
        RuntimeError("permute(): duplicate dims are not allowed.", () => Z(2, 3, 4).Permute(0, -1, 2));
    }

    [Fact]
    public void TOfMoreThanTwoDims()
    {
        RuntimeError("t() expects a tensor with <= 2 dimensions, but self is 3D", () => Z(2, 3, 4).T());
        RuntimeError("t() expects a tensor with <= 2 dimensions, but self is 4D", () => Z(1, 2, 3, 4).T());
    }

    // ---- item and indexing ---------------------------------------------------------------------

    [Fact]
    public void ItemOfManyElements() =>
        Throws<InvalidOperationException>("a Tensor with 6 elements cannot be converted to Scalar", () => Z(2, 3).Item<float>());

    [Fact]
    public void IndexOutOfBounds()
    {
        var v = Torch.Arange(3);
        IndexError("index 5 is out of bounds for dimension 0 with size 3", () => v[5]);
        IndexError("index 3 is out of bounds for dimension 0 with size 3", () => v[3]);
        IndexError("index -4 is out of bounds for dimension 0 with size 3", () => v[-4]);
        IndexError("index -4 is out of bounds for dimension 0 with size 3", () => v[^4]);
        IndexError("index 2 is out of bounds for dimension 0 with size 2", () => Z(2, 3)[2]);
    }

    // torch.select has its own messages, unlike Python indexing.
    [Fact]
    public void SelectOutOfRange()
    {
        IndexError("select(): index 3 out of range for tensor of size [2, 3] at dimension 1", () => Z(2, 3).Select(1, 3));
        IndexError("select(): index -3 out of range for tensor of size [2, 3] at dimension 0", () => Z(2, 3).Select(-2, -3));
        IndexError("select() cannot be applied to a 0-dim tensor.", () => Torch.Tensor(1f).Select(0, 0));
    }

    // C#'s ^0 is the length itself: one past the last element, never the first.
    [Fact]
    public void HatZeroIsOutOfBounds() =>
        IndexError("index 3 is out of bounds for dimension 0 with size 3", () => Torch.Arange(3)[^0]);

    // x[0, 5] names the dim of the original tensor the index applies to (PyTorch's real_dim).
    [Fact]
    public void MultiIndexOutOfBoundsNamesTheOriginalDim()
    {
        IndexError("index 5 is out of bounds for dimension 1 with size 3", () => Z(2, 3)[0, 5]);
        IndexError("index -5 is out of bounds for dimension 2 with size 4", () => Z(2, 3, 4)[1, 2, -5]);
        IndexError("index 2 is out of bounds for dimension 0 with size 2", () => Z(2, 3)[2, 0]);
    }

    [Fact]
    public void TooManyIndices()
    {
        IndexError("too many indices for tensor of dimension 2", () => Z(2, 3)[0, 1, 0]);
        IndexError("too many indices for tensor of dimension 0", () => Torch.Tensor(1f)[0, 0]);
    }

    [Fact]
    public void IndexingAZeroDimTensor()
    {
        IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number",
            () => Torch.Tensor(1f)[0]);
        IndexError("slice() cannot be applied to a 0-dim tensor.", () => Torch.Tensor(1f)[0..1]);
    }

    // ---- a failed call changes nothing -----------------------------------------------------------

    [Fact]
    public void FailedCatLeavesInputsAndTheirGradsUntouched()
    {
        var x = Torch.Tensor(new float[,] { { 1, 2 }, { 3, 4 } }, requiresGrad: true);
        var y = Torch.Tensor(new float[,] { { 5, 6, 7 } }, requiresGrad: true);
        (x * 2.0).Sum().Backward();
        Assert.Throws<ArgumentException>(() => Torch.Cat([x, y]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Torch.Cat([x, x], 2));
        Assert.Throws<ArgumentException>(() => Torch.Stack([x, y]));
        TensorAssert.Float32(x, [2, 2], 1, 2, 3, 4);
        TensorAssert.Float32(y, [1, 3], 5, 6, 7);
        TensorAssert.Float32(x.Grad!, [2, 2], 2, 2, 2, 2);
        Assert.Null(y.Grad);
        Assert.True(x.IsLeaf);
        Assert.Null(x.GradFn);
        // Both are still usable.
        TensorAssert.Float32(Torch.Cat([x, y.View(3, 1)[..2]], 1), [2, 3], 1, 2, 5, 3, 4, 6);
    }

    [Fact]
    public void FailedViewLeavesTheSourceUsable()
    {
        var x = Torch.Tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var t = x.T();
        Assert.Throws<ArgumentException>(() => x.View(4));
        Assert.Throws<ArgumentException>(() => t.View(6));
        Assert.Throws<ArgumentException>(() => x.View(-1, -1));
        TensorAssert.Float32(x, [2, 3], 1, 2, 3, 4, 5, 6);
        TensorAssert.Float32(t, [3, 2], 1, 4, 2, 5, 3, 6);
        Assert.Equal(new[] { 1, 3 }, t.Stride());
        TensorAssert.Float32(x.View(3, 2), [3, 2], 1, 2, 3, 4, 5, 6);
        TensorAssert.Float32(t.Reshape(6), [6], 1, 4, 2, 5, 3, 6);
    }

    [Fact]
    public void FailedOpsRecordNothingAndChangeNoOperand()
    {
        var a = Torch.Tensor([1f, 2f, 3f], requiresGrad: true);
        var b = Torch.Tensor([1f, 2f], requiresGrad: true);
        Assert.Throws<ArgumentException>(() => a + b);
        Assert.Throws<ArgumentException>(() => a.MatMul(b));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Sum(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => a[3]);
        TensorAssert.Float32(a, [3], 1, 2, 3);
        TensorAssert.Float32(b, [2], 1, 2);
        Assert.Null(a.Grad);
        (a.Sum() + b.Sum()).Backward();
        TensorAssert.Float32(a.Grad!, [3], 1, 1, 1);
        TensorAssert.Float32(b.Grad!, [2], 1, 1);
    }
}
