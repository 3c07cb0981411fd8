using System;
using System.Collections.Generic;

namespace TensorDsl.NN;

/// <summary>
/// A long short-term memory layer stack over a sequence, as <c>nn.LSTM</c> (sequence first:
/// input <c>[L, N, in]</c> or <c>[L, in]</c>). Gates in PyTorch's order i, f, g, o; parameters
/// <c>weight_ih_l{k}</c>, <c>weight_hh_l{k}</c>, <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c>, each from U(±1/√hidden).
/// </summary>
public class Lstm : Module
{
    private readonly Tensor[][] _layers;

    public Lstm(int inputSize, int hiddenSize, int numLayers = 1)
    {
        if (hiddenSize <= 0) throw new ArgumentException("hidden_size must be greater than zero");
        if (numLayers <= 0) throw new ArgumentException("num_layers must be greater than zero");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        _layers = new Tensor[numLayers][];
        for (int k = 0; k < numLayers; k++)
        {
            int input = k == 0 ? inputSize : hiddenSize;
            _layers[k] =
            [
                RegisterParameter($"weight_ih_l{k}", Torch.Empty(4 * hiddenSize, input)),
                RegisterParameter($"weight_hh_l{k}", Torch.Empty(4 * hiddenSize, hiddenSize)),
                RegisterParameter($"bias_ih_l{k}", Torch.Empty(4 * hiddenSize)),
                RegisterParameter($"bias_hh_l{k}", Torch.Empty(4 * hiddenSize)),
            ];
        }
        double bound = 1.0 / Math.Sqrt(hiddenSize);
        foreach (var p in Parameters()) Init.Uniform_(p, -bound, bound);
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int NumLayers { get; }

    protected override string TypeName => "LSTM";

    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}" + (NumLayers != 1 ? $", num_layers={NumLayers}" : "");

    /// <summary>The layer over <paramref name="input"/> from zero states: every step's last-layer <c>h</c>, and the final <c>(h, c)</c> of each layer.</summary>
    public new (Tensor Output, (Tensor H, Tensor C) State) Forward(Tensor input) => Forward(input, null);

    /// <summary>The layer over <paramref name="input"/> from <paramref name="state"/> (<c>[layers, N, hidden]</c> each, or <c>[layers, hidden]</c> unbatched).</summary>
    public (Tensor Output, (Tensor H, Tensor C) State) Forward(Tensor input, (Tensor H, Tensor C)? state)
    {
        bool batched = input.Dim == 3;
        if (input.Dim is not (2 or 3)) throw new ArgumentException($"LSTM: Expected input to be 2D or 3D, got {input.Dim}D instead");
        var x = batched ? input : input.Unsqueeze(1);
        int steps = x.Shape[0], batch = x.Shape[1];
        if (x.Shape[2] != InputSize) throw new ArgumentException($"input.size(-1) must be equal to input_size. Expected {InputSize}, got {x.Shape[2]}");
        Tensor h0, c0;
        if (state is { } s)
        {
            h0 = batched ? s.H : s.H.Unsqueeze(1);
            c0 = batched ? s.C : s.C.Unsqueeze(1);
            int[] expected = [NumLayers, batch, HiddenSize];
            CheckState(h0, expected, "hidden[0]");
            CheckState(c0, expected, "hidden[1]");
        }
        else
        {
            h0 = c0 = Torch.Zeros(NumLayers, batch, HiddenSize);
        }

        var hn = new List<Tensor>();
        var cn = new List<Tensor>();
        for (int k = 0; k < NumLayers; k++)
        {
            var w = _layers[k];
            // The input projection of every step at once; the recurrent one step by step.
            var projected = Functional.Linear(x.Reshape(steps * batch, x.Shape[2]), w[0], w[2]).View(steps, batch, 4 * HiddenSize);
            var h = h0[k];
            var c = c0[k];
            var outputs = new Tensor[steps];
            for (int t = 0; t < steps; t++)
            {
                (h, c) = LstmCell.Step(projected[t] + Functional.Linear(h, w[1], w[3]), c);
                outputs[t] = h;
            }
            x = Torch.Stack(outputs);
            hn.Add(h);
            cn.Add(c);
        }
        // PyTorch's CPU LSTM runs each layer as one oneDNN kernel; its output shows that node.
        var output = Tensor.Renamed(x, "MkldnnRnnLayerBackward0");
        var hOut = Torch.Stack(hn);
        var cOut = Torch.Stack(cn);
        return batched ? (output, (hOut, cOut)) : (output.Squeeze(1), (hOut.Squeeze(1), cOut.Squeeze(1)));
    }

    private static void CheckState(Tensor t, int[] expected, string name)
    {
        if (!t.Shape.Equals(Size.Wrap(expected)))
            throw new ArgumentException($"Expected hidden size ({string.Join(", ", expected)}), got {Shapes.ShapeRules.Format(t.Shape.ToArray())} for {name}");
    }
}

/// <summary>One LSTM step, as <c>nn.LSTMCell</c>: parameters <c>weight_ih</c>, <c>weight_hh</c>, <c>bias_ih</c>, <c>bias_hh</c>.</summary>
public class LstmCell : Module
{
    private readonly Tensor _weightIh, _weightHh, _biasIh, _biasHh;

    public LstmCell(int inputSize, int hiddenSize)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        _weightIh = RegisterParameter("weight_ih", Torch.Empty(4 * hiddenSize, inputSize));
        _weightHh = RegisterParameter("weight_hh", Torch.Empty(4 * hiddenSize, hiddenSize));
        _biasIh = RegisterParameter("bias_ih", Torch.Empty(4 * hiddenSize));
        _biasHh = RegisterParameter("bias_hh", Torch.Empty(4 * hiddenSize));
        double bound = 1.0 / Math.Sqrt(hiddenSize);
        foreach (var p in Parameters()) Init.Uniform_(p, -bound, bound);
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    protected override string TypeName => "LSTMCell";

    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}";

    /// <summary>One step from zero states.</summary>
    public new (Tensor H, Tensor C) Forward(Tensor input) => Forward(input, null);

    /// <summary>One step from <paramref name="state"/> (<c>[N, hidden]</c> each, or <c>[hidden]</c> for a 1-D input).</summary>
    public (Tensor H, Tensor C) Forward(Tensor input, (Tensor H, Tensor C)? state)
    {
        if (input.Dim is not (1 or 2)) throw new ArgumentException($"LSTMCell: Expected input to be 1D or 2D, got {input.Dim}D instead");
        bool batched = input.Dim == 2;
        var x = batched ? input : input.Unsqueeze(0);
        var (h, c) = state is { } s
            ? (batched ? s.H : s.H.Unsqueeze(0), batched ? s.C : s.C.Unsqueeze(0))
            : (Torch.Zeros(x.Shape[0], HiddenSize), Torch.Zeros(x.Shape[0], HiddenSize));
        var gates = Functional.Linear(x, _weightIh, _biasIh) + Functional.Linear(h, _weightHh, _biasHh);
        var (h1, c1) = Step(gates, c);
        return batched ? (h1, c1) : (h1.Squeeze(0), c1.Squeeze(0));
    }

    // The gates i, f, g, o from their pre-activations [N, 4H], and the next (h, c).
    internal static (Tensor H, Tensor C) Step(Tensor gates, Tensor c)
    {
        var g = gates.Chunk(4, 1);
        var i = g[0].Sigmoid();
        var f = g[1].Sigmoid();
        var cell = g[2].Tanh();
        var o = g[3].Sigmoid();
        var c1 = f * c + i * cell;
        return (o * c1.Tanh(), c1);
    }
}
