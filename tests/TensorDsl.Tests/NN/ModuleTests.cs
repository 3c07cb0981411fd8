using System;
using System.Collections.Generic;
using System.Linq;
using TensorDsl.NN;
using TensorDsl.Optim;
using Xunit;

namespace TensorDsl.Tests.NN;

/// <summary>Module registration, names, modes, state dicts and reprs, as torch.nn.Module's.</summary>
[Collection(DefaultGeneratorCollection.Name)]
public class ModuleTests
{
    private sealed class Net : Module
    {
        public Net()
        {
            Scale = RegisterParameter("scale", Torch.Ones(1));
            Linear1 = RegisterModule("linear1", new Linear(4, 8));
            Body = RegisterModule("body", new Sequential(new ReLU(), new Dropout(0.25), new Linear(8, 2, bias: false)));
        }

        public Tensor Scale { get; }

        public Linear Linear1 { get; }

        public Sequential Body { get; }

        public override Tensor Forward(Tensor input) => Body.Forward(Linear1.Forward(input)) * Scale;
    }

    private sealed class NoForward : Module;

    [Fact]
    public void NamedParametersUsePyTorchsDottedNamesInRegistrationOrder()
    {
        var net = new Net();
        Assert.Equal(["scale", "linear1.weight", "linear1.bias", "body.2.weight"], net.NamedParameters().Select(p => p.Name));
        Assert.Equal(net.NamedParameters().Select(p => p.Value), net.Parameters());
        Assert.All(net.Parameters(), p => Assert.True(p.IsLeaf && p.RequiresGrad && p.IsParameter));
        Assert.Equal(["linear1", "body"], net.NamedChildren().Select(c => c.Name));
        Assert.Equal(["", "linear1", "body", "body.0", "body.1", "body.2"], net.NamedModules().Select(m => m.Name));
    }

    [Fact]
    public void ReprIsPyTorchs()
    {
        Assert.Equal("""
            Net(
              (linear1): Linear(in_features=4, out_features=8, bias=True)
              (body): Sequential(
                (0): ReLU()
                (1): Dropout(p=0.25, inplace=False)
                (2): Linear(in_features=8, out_features=2, bias=False)
              )
            )
            """.Replace("\r\n", "\n"), new Net().ToString());
        Assert.Equal("LSTM(3, 4, num_layers=2)", new Lstm(3, 4, numLayers: 2).ToString());
        Assert.Equal("LSTMCell(3, 4)", new LstmCell(3, 4).ToString());
        Assert.Equal("Embedding(10, 3)", new Embedding(10, 3).ToString());
        Assert.Equal("NLLLoss()", new NllLoss().ToString());
        Assert.Equal("CrossEntropyLoss()", new CrossEntropyLoss().ToString());
        Assert.Equal("MSELoss()", new MseLoss().ToString());
    }

    [Fact]
    public void ParametersPrintAsParameters()
    {
        Torch.ManualSeed(0);
        var bias = new Linear(2, 2).Bias!;
        Assert.StartsWith("Parameter containing:\ntensor([", bias.ToString());
        Assert.EndsWith("], requires_grad=True)", bias.ToString());
    }

    [Fact]
    public void ForwardWithoutAnOverrideThrowsPyTorchsError()
    {
        var e = Assert.Throws<NotSupportedException>(() => new NoForward().Forward(Torch.Zeros(1)));
        Assert.Equal("Module [NoForward] is missing the required \"forward\" function", e.Message);
    }

    [Fact]
    public void TrainAndEvalReachEverySubmodule()
    {
        var net = new Net();
        Assert.True(net.Training);
        net.Eval();
        Assert.All(net.NamedModules(), m => Assert.False(m.Module.Training));
        // In evaluation mode dropout is the identity: two calls agree.
        var x = Torch.Randn(3, 4);
        Assert.Equal(net.Forward(x).ToArray<float>(), net.Forward(x).ToArray<float>());
        net.Train();
        Assert.All(net.NamedModules(), m => Assert.True(m.Module.Training));
    }

    [Fact]
    public void ZeroGradClearsOrZeroes()
    {
        var net = new Net();
        net.Forward(Torch.Randn(2, 4)).Sum().Backward();
        var grad = net.Linear1.Weight.Grad!;
        net.ZeroGrad(setToNone: false);
        Assert.Same(grad, net.Linear1.Weight.Grad);
        Assert.All(grad.ToArray<float>(), v => Assert.Equal(0f, v));
        net.ZeroGrad();
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void StateDictRoundTripsAndSharesStorage()
    {
        var a = new Net();
        var b = new Net();
        var state = a.StateDict();
        Assert.Equal(a.NamedParameters().Select(p => p.Name), state.Keys);
        Assert.False(state["linear1.weight"].RequiresGrad);
        b.LoadStateDict(state);
        Assert.Equal(a.Linear1.Weight.ToArray<float>(), b.Linear1.Weight.ToArray<float>());
        // Named parameters load as a state dict does.
        var c = new Net();
        c.LoadStateDict(a.NamedParameters());
        Assert.Equal(a.Linear1.Bias!.ToArray<float>(), c.Linear1.Bias!.ToArray<float>());
        // The state dict's tensors share storage with the parameters, as PyTorch's do.
        using (Torch.NoGrad()) a.Linear1.Bias!.Fill_(7);
        Assert.All(state["linear1.bias"].ToArray<float>(), v => Assert.Equal(7f, v));
    }

    [Fact]
    public void LoadStateDictReportsKeysAsPyTorchAndChangesNothing()
    {
        var net = new Net();
        var before = net.Linear1.Weight.ToArray<float>();
        var state = new Net().StateDict().Where(kv => kv.Key != "scale").ToList();
        state.Add(new("extra", Torch.Zeros(1)));
        var e = Assert.Throws<InvalidOperationException>(() => net.LoadStateDict(state));
        Assert.Equal("Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: \"scale\". \n\tUnexpected key(s) in state_dict: \"extra\". ", e.Message);
        Assert.Equal(before, net.Linear1.Weight.ToArray<float>());

        var result = net.LoadStateDict(state, strict: false);
        Assert.Equal(["scale"], result.MissingKeys);
        Assert.Equal(["extra"], result.UnexpectedKeys);
        Assert.NotEqual(before, net.Linear1.Weight.ToArray<float>());

        var wrong = new List<KeyValuePair<string, Tensor>> { new("linear1.bias", Torch.Zeros(3)) };
        var size = Assert.Throws<InvalidOperationException>(() => net.LoadStateDict(wrong, strict: false));
        Assert.Equal("Error(s) in loading state_dict for Net:\n\tsize mismatch for linear1.bias: copying a param with shape torch.Size([3]) from checkpoint, the shape in current model is torch.Size([8]).", size.Message);
    }

    [Fact]
    public void OptimizerUpdatesTheParameterObjectsInPlace()
    {
        var net = new Net();
        var weight = net.Linear1.Weight;
        var before = weight.ToArray<float>();
        var optimizer = new Sgd(net.Parameters(), lr: 0.5);
        net.Forward(Torch.Randn(2, 4)).Sum().Backward();
        optimizer.Step();
        Assert.Same(weight, net.Linear1.Weight);
        Assert.NotEqual(before, weight.ToArray<float>());
        Assert.True(weight.IsLeaf && weight.RequiresGrad);
        optimizer.ZeroGrad();
        Assert.Null(weight.Grad);
    }

    // The README's two-layer classifier: Linear, CrossEntropyLoss and Sgd learn two interleaved spirals.
    [Fact]
    public void TwoLayerClassifierLearnsTwoSpirals()
    {
        Torch.ManualSeed(0);
        var t = Torch.Linspace(0, 2 * Math.PI, 100);
        var arm = Torch.Stack([(t / (2 * Math.PI) + 0.1) * t.Cos(), (t / (2 * Math.PI) + 0.1) * t.Sin()], 1) * 3.0;
        var x = Torch.Cat([arm, -arm]);
        var y = Torch.Cat([Torch.Zeros([100], DType.Int64), Torch.Ones([100], DType.Int64)]);
        var model = new Sequential(new Linear(2, 32), new Tanh(), new Linear(32, 2));
        var lossFunction = new CrossEntropyLoss();
        var optimizer = new Sgd(model.Parameters(), lr: 0.2, momentum: 0.9);
        float first = 0, last = 0;
        for (int epoch = 0; epoch < 300; epoch++)
        {
            optimizer.ZeroGrad();
            var loss = lossFunction.Forward(model.Forward(x), y);
            loss.Backward();
            optimizer.Step();
            if (epoch == 0) first = loss.Item<float>();
            last = loss.Item<float>();
        }
        double accuracy = model.Forward(x).ArgMax(1).Eq(y).To(DType.Float32).Mean().Item<float>();
        Assert.True(last < first / 20, $"loss {first} -> {last}");
        Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
    }
}
