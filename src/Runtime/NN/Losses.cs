namespace TensorDsl.NN;

/// <summary>A loss as a module: <c>Forward(input, target)</c> with a reduction (<c>"mean"</c>, <c>"sum"</c> or <c>"none"</c>).</summary>
public abstract class Loss : Module
{
    protected Loss(string reduction)
    {
        Tensor.Reduction(reduction);
        Reduction = reduction;
    }

    /// <summary><c>"mean"</c>, <c>"sum"</c> or <c>"none"</c>.</summary>
    public string Reduction { get; }

    /// <summary>The loss of <paramref name="input"/> against <paramref name="target"/>.</summary>
    public abstract Tensor Forward(Tensor input, Tensor target);
}

/// <summary>The negative log-likelihood of class indices, as <c>nn.NLLLoss</c>: input is log-probabilities.</summary>
public class NllLoss(string reduction = "mean", long ignoreIndex = -100) : Loss(reduction)
{
    protected override string TypeName => "NLLLoss";

    public override Tensor Forward(Tensor input, Tensor target) => Functional.NllLoss(input, target, Reduction, ignoreIndex);
}

/// <summary>Log-softmax then the negative log-likelihood, as <c>nn.CrossEntropyLoss</c> (class-index targets).</summary>
public class CrossEntropyLoss(string reduction = "mean", long ignoreIndex = -100) : Loss(reduction)
{
    public override Tensor Forward(Tensor input, Tensor target) => Functional.CrossEntropy(input, target, Reduction, ignoreIndex);
}

/// <summary>The squared error, as <c>nn.MSELoss</c>.</summary>
public class MseLoss(string reduction = "mean") : Loss(reduction)
{
    protected override string TypeName => "MSELoss";

    public override Tensor Forward(Tensor input, Tensor target) => Functional.MseLoss(input, target, Reduction);
}
