// What TensorDsl knows about its ops, declared once (OpTable.cs) and linked as source into the
// generator and the analyzers. Plain C# with no dependencies; keep it netstandard2.0-compatible.
namespace TensorDsl.Ops;

/// <summary>
/// Every op: the API's tensor ops (one per PyTorch overload with a derivative of its own, as
/// <c>sum</c> and <c>sum.dim_IntList</c>), and the leaves of a kernel's op graph.
/// </summary>
internal enum OpKind
{
    // Leaves of the generator's op graph: a tensor parameter, a float/double parameter, a number.
    Input, Scalar, Constant,

    // Element-wise, with broadcasting.
    Add, Sub, Mul, Div, Pow,
    Neg, Exp, Log, Sqrt, Tanh, Sigmoid, Relu, Abs, Sign, Sin, Cos, Log1p, Square, Reciprocal, Rsqrt,

    // Reductions over everything, or along one dim.
    Sum, SumDim, Mean, MeanDim, Max, MaxDim,

    // Normalizations along one dim.
    Softmax, LogSoftmax,

    // Products.
    MatMul,

    // Views, copies and re-indexing.
    T, Transpose, Permute, View, Reshape, Flatten, Squeeze, SqueezeDim, Unsqueeze, Contiguous, Clone, Detach, Select, Slice,

    // Joins.
    Cat, Stack,

    // Factories.
    Zeros, Ones, Full, Randn, Rand, Randint, Arange, ZerosLike, OnesLike, RandnLike, RandLike, FromData,

    // The eager runtime's ops that kernels do not compile yet (OpRow.InKernels is false).
    Eq, Ne, Lt, Le, Gt, Ge, Clamp, Where, MaskedFill,
    Min, MinDim, ArgMax, ArgMaxDim, ArgMin, ArgMinDim, Prod, ProdDim, Var, VarDim, Std, StdDim, Norm, NormDim, LogSumExp, SumDims, MeanDims,
    Expand, Repeat, Narrow, Split, SplitSections, Chunk, Gather, IndexSelect,
    Empty, FullLike, Eye, Linspace, Randperm,

    // TensorDsl.NN.Functional's ops with autograd nodes of their own.
    Linear, Embedding, NllLoss, CrossEntropy, MseLoss,

    // A kernel's node for x[n, target[n]]: what nll_loss and cross_entropy read (kernels only).
    Pick,
}

/// <summary>How an op's result depends on its inputs: what decides how the generator lowers it.</summary>
internal enum OpClass
{
    /// <summary>A kernel's tensor parameters, float/double parameters and numbers.</summary>
    Leaf,

    /// <summary>Each element from the same element of each (broadcast) input.</summary>
    Elementwise,

    /// <summary>One input's elements, re-indexed (<see cref="IndexMap"/>): views, copies, Detach.</summary>
    Layout,

    /// <summary>A sum, mean or max of all elements, or along one dim.</summary>
    Reduction,

    /// <summary>Each element from its whole row along one dim: softmax and log-softmax.</summary>
    Normalization,

    /// <summary>The matrix product.</summary>
    Product,

    /// <summary>Several inputs laid side by side: cat and stack.</summary>
    Join,

    /// <summary>A tensor made from sizes, numbers or data.</summary>
    Factory,
}

/// <summary>The shape rule of an op (<c>Shapes/ShapeRules.cs</c>), and which arguments it reads.</summary>
internal enum ShapeRule
{
    /// <summary>No rule: graph leaves.</summary>
    None,

    /// <summary>The input's shape (unary element-wise ops, copies, <c>*Like</c> factories).</summary>
    Same,

    /// <summary><c>ShapeRules.Broadcast</c> of the two operands.</summary>
    Broadcast,

    /// <summary>A reduction of every element: <c>[]</c>.</summary>
    ReduceAll,

    /// <summary><c>ShapeRules.Reduce</c>: arguments <c>dim</c>, <c>keepDim</c>.</summary>
    ReduceDim,

    /// <summary><c>ShapeRules.SameShapeAlong</c>: argument <c>dim</c>.</summary>
    Along,

    /// <summary><c>ShapeRules.MatMul</c> of the receiver and <c>other</c>.</summary>
    MatMul,

    /// <summary><c>ShapeRules.T</c>.</summary>
    T,

    /// <summary><c>ShapeRules.Transpose</c>: arguments <c>dim0</c>, <c>dim1</c>.</summary>
    Transpose,

    /// <summary><c>ShapeRules.Permute</c>: argument <c>dims</c>.</summary>
    Permute,

    /// <summary><c>ShapeRules.View</c>: argument <c>shape</c>.</summary>
    View,

    /// <summary><c>ShapeRules.Flatten</c>: arguments <c>startDim</c>, <c>endDim</c>.</summary>
    Flatten,

    /// <summary><c>ShapeRules.Squeeze</c> of every size-1 dim.</summary>
    Squeeze,

    /// <summary><c>ShapeRules.Squeeze</c> of one dim: argument <c>dim</c>.</summary>
    SqueezeDim,

    /// <summary><c>ShapeRules.Unsqueeze</c>: argument <c>dim</c>.</summary>
    Unsqueeze,

    /// <summary><c>ShapeRules.Select</c>: arguments <c>dim</c>, <c>index</c>.</summary>
    Select,

    /// <summary><c>ShapeRules.Slice</c>: arguments <c>dim</c>, <c>range</c>.</summary>
    Slice,

    /// <summary><c>ShapeRules.Cat</c> of the list <c>tensors</c>: argument <c>dim</c>.</summary>
    Cat,

    /// <summary><c>ShapeRules.Stack</c> of the list <c>tensors</c>: argument <c>dim</c>.</summary>
    Stack,

    /// <summary>The sizes given: argument <c>size</c>.</summary>
    Sizes,

    /// <summary><c>ShapeRules.Arange</c>: arguments <c>start</c>, <c>end</c>, <c>step</c>.</summary>
    Arange,

    /// <summary>The shape of the array passed as <c>data</c>.</summary>
    Data,

    /// <summary><c>ShapeRules.ReduceDims</c>: arguments <c>dims</c>, <c>keepDim</c>.</summary>
    ReduceDims,

    /// <summary><c>ShapeRules.Expand</c>: argument <c>sizes</c>.</summary>
    Expand,

    /// <summary><c>ShapeRules.Repeat</c>: argument <c>repeats</c>.</summary>
    Repeat,

    /// <summary><c>ShapeRules.Narrow</c>: arguments <c>dim</c>, <c>start</c>, <c>length</c>.</summary>
    Narrow,

    /// <summary><c>ShapeRules.Gather</c> of the receiver and <c>index</c>: argument <c>dim</c>.</summary>
    Gather,

    /// <summary><c>ShapeRules.Linear</c> of the operands input, weight and (when written) bias.</summary>
    Linear,

    /// <summary><c>ShapeRules.Embedding</c> of the operands indices and weight.</summary>
    Embedding,

    /// <summary>
    /// <c>ShapeRules.SplitSizes</c> (argument <c>size</c>), <c>SplitWithSizes</c> (<c>sections</c>) or
    /// <c>ChunkSizes</c> (<c>chunks</c>), along <c>dim</c>: a list of tensors, whose pieces
    /// <c>OpShapes.Pieces</c> gives.
    /// </summary>
    Split,
}

/// <summary>How a layout op finds its input's element for each element of its result.</summary>
internal enum IndexMap
{
    /// <summary>Not a layout op.</summary>
    None,

    /// <summary>The same index.</summary>
    Identity,

    /// <summary>Dims reordered (the node's ints are the permutation).</summary>
    Permutation,

    /// <summary>The same row-major offset under another shape.</summary>
    Reshape,

    /// <summary>One index fixed along a dim that is removed (the node's ints: dim, index).</summary>
    Select,

    /// <summary>A range along a dim (the node's ints: dim, start).</summary>
    Slice,

    /// <summary>Rows of a table picked by an int64 tensor (input 1): <c>out[…, j] = w[indices[…], j]</c> (embedding).</summary>
    Rows,

    /// <summary>One class per row picked by an int64 tensor (input 1): <c>out[n] = x[n, target[n]]</c>.</summary>
    Pick,
}
