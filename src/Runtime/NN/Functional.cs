namespace TensorDsl.NN;

/// <summary>
/// <c>torch.nn.functional</c>: the layers' computations as plain functions. Write
/// <c>using F = TensorDsl.NN.Functional;</c> and call <c>F.Relu(x)</c>, <c>F.LogSoftmax(x, 1)</c>, …
/// </summary>
public static class Functional
{
    /// <summary><c>max(x, 0)</c>, as <c>F.relu</c>.</summary>
    public static Tensor Relu(Tensor x) => x.Relu();

    /// <summary>The logistic function, as <c>F.sigmoid</c>.</summary>
    public static Tensor Sigmoid(Tensor x) => x.Sigmoid();

    /// <summary>The hyperbolic tangent, as <c>F.tanh</c>.</summary>
    public static Tensor Tanh(Tensor x) => x.Tanh();

    /// <summary><c>exp(x) / sum(exp(x))</c> along <paramref name="dim"/>, as <c>F.softmax</c>.</summary>
    public static Tensor Softmax(Tensor x, int dim) => x.Softmax(dim);

    /// <summary><c>x − log(sum(exp(x)))</c> along <paramref name="dim"/>, as <c>F.log_softmax</c>.</summary>
    public static Tensor LogSoftmax(Tensor x, int dim) => x.LogSoftmax(dim);

    /// <summary><c>x · wᵀ + b</c>, as <c>F.linear</c> (<paramref name="bias"/> may be null).</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null) => Tensor.Linear(x, weight, bias);

    /// <summary>The rows of <paramref name="weight"/> picked by int64 <paramref name="indices"/>, as <c>F.embedding</c>.</summary>
    public static Tensor Embedding(Tensor indices, Tensor weight) => weight.EmbeddingLookup(indices);

    /// <summary>
    /// Elements zeroed with probability <paramref name="p"/> and the rest scaled by <c>1/(1−p)</c> when
    /// <paramref name="training"/>, as <c>F.dropout</c>. The mask comes from the generator's uniforms:
    /// PyTorch's CPU Bernoulli draws come from MKL, so the masks differ from PyTorch's for the same seed.
    /// </summary>
    public static Tensor Dropout(Tensor x, double p = 0.5, bool training = true) => Tensor.Dropout(x, p, training);

    /// <summary>
    /// The negative log-likelihood of int64 class indices <paramref name="target"/> under the
    /// log-probabilities <paramref name="input"/> (<c>[N, C, …]</c> or <c>[C]</c>), as <c>F.nll_loss</c>.
    /// <paramref name="reduction"/> is <c>"mean"</c>, <c>"sum"</c> or <c>"none"</c>; targets equal to
    /// <paramref name="ignoreIndex"/> count for nothing.
    /// </summary>
    public static Tensor NllLoss(Tensor input, Tensor target, string reduction = "mean", long ignoreIndex = -100) =>
        Tensor.NllLoss(input, target, reduction, ignoreIndex);

    /// <summary>
    /// <c>NllLoss(LogSoftmax(input, classDim), target)</c> for int64 class indices, as <c>F.cross_entropy</c>;
    /// the classes are dim 1 (dim 0 of a 1-D input).
    /// </summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, string reduction = "mean", long ignoreIndex = -100)
    {
        // A target of the input's shape holds class probabilities in PyTorch, which TensorDsl does not take.
        if (input.Shape.Equals(target.Shape) && !target.DType.IsFloatingPoint())
            throw Errors.Argument($"Expected floating point type for target with class probabilities, got {Errors.KernelTypeName(target.DType)}");
        return Tensor.NllLoss(input.LogSoftmax(input.Dim == 1 ? 0 : 1), target, reduction, ignoreIndex);
    }

    /// <summary>The mean (<c>"sum"</c>, or each with <c>"none"</c>) of <c>(input − target)²</c>, as <c>F.mse_loss</c>.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, string reduction = "mean") => Tensor.MseLoss(input, target, reduction);
}
