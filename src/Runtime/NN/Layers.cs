using System;
using TensorDsl.Printing;

namespace TensorDsl.NN;

/// <summary><c>y = x · Wᵀ + b</c>, as <c>nn.Linear</c>; W is <c>[out, in]</c>, initialised as PyTorch does.</summary>
public class Linear : Module
{
    /// <summary>A layer from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>: W by Kaiming-uniform (a = √5), b from U(±1/√in).</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Torch.Empty(outFeatures, inFeatures));
        if (bias) Bias = RegisterParameter("bias", Torch.Empty(outFeatures));
        else RegisterNullParameter("bias");
        Init.KaimingUniform_(Weight, Math.Sqrt(5));
        if (Bias is not null)
        {
            double bound = inFeatures > 0 ? 1 / Math.Sqrt(inFeatures) : 0;
            Init.Uniform_(Bias, -bound, bound);
        }
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>The <c>[out, in]</c> weight.</summary>
    public Tensor Weight { get; }

    /// <summary>The <c>[out]</c> bias, or null.</summary>
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    protected override string ExtraRepr() =>
        $"in_features={InFeatures}, out_features={OutFeatures}, bias={PythonFormat.Value(Bias is not null)}";
}

/// <summary>A lookup table of <c>[numEmbeddings, embeddingDim]</c> vectors, as <c>nn.Embedding</c>; initialised from N(0, 1).</summary>
public class Embedding : Module
{
    public Embedding(int numEmbeddings, int embeddingDim)
    {
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        Weight = RegisterParameter("weight", Torch.Empty(numEmbeddings, embeddingDim));
        Init.Normal_(Weight);
    }

    public int NumEmbeddings { get; }

    public int EmbeddingDim { get; }

    /// <summary>The table, one row per index.</summary>
    public Tensor Weight { get; }

    /// <summary>The rows for int64 <paramref name="input"/>: shape <c>input.shape + [embeddingDim]</c>.</summary>
    public override Tensor Forward(Tensor input) => Functional.Embedding(input, Weight);

    protected override string ExtraRepr() => $"{NumEmbeddings}, {EmbeddingDim}";
}

/// <summary>Modules applied in order, each to the previous one's output, as <c>nn.Sequential</c>; named <c>0</c>, <c>1</c>, …</summary>
public class Sequential : Module
{
    private readonly Module[] _layers;

    public Sequential(params Module[] layers)
    {
        _layers = (Module[])layers.Clone();
        for (int i = 0; i < _layers.Length; i++) RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _layers[i]);
    }

    /// <summary>The module at <paramref name="index"/>.</summary>
    public Module this[int index] => _layers[index];

    /// <summary>The number of modules.</summary>
    public int Count => _layers.Length;

    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }
}

/// <summary><c>max(x, 0)</c> as a module, as <c>nn.ReLU</c>.</summary>
public class ReLU : Module
{
    public override Tensor Forward(Tensor input) => input.Relu();
}

/// <summary>The hyperbolic tangent as a module, as <c>nn.Tanh</c>.</summary>
public class Tanh : Module
{
    public override Tensor Forward(Tensor input) => input.Tanh();
}

/// <summary>The logistic function as a module, as <c>nn.Sigmoid</c>.</summary>
public class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}

/// <summary>Dropout with probability <see cref="P"/> in training mode, the identity in evaluation mode, as <c>nn.Dropout</c>.</summary>
public class Dropout : Module
{
    public Dropout(double p = 0.5)
    {
        if (p < 0 || p > 1) throw new ArgumentException($"dropout probability has to be between 0 and 1, but got {PythonFormat.Float(p)}");
        P = p;
    }

    public double P { get; }

    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, Training);

    protected override string ExtraRepr() => $"p={PythonFormat.Float(P)}, inplace=False";
}
